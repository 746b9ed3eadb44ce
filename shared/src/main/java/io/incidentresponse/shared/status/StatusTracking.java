package io.incidentresponse.shared.status;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Target;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The poller and the case-event path, built once per container from the environment. */
public record StatusTracking(CasePoller poller, CaseEvents caseEvents) {
    public static final String POLL_CONCURRENCY = "POLL_CONCURRENCY";
    public static final String POLL_INTERVAL_MINUTES = "POLL_INTERVAL_MINUTES";
    public static final String POLL_TIME_MARGIN_SECONDS = "POLL_TIME_MARGIN_SECONDS";
    /** How long a recorded change may stay unannounced before another run announces it. */
    static final Duration ANNOUNCEMENT_LEASE = Duration.ofMinutes(2);

    public static StatusTracking create(Settings settings, ClientFactory clients, Clock clock, JsonLog log) {
        Ledger ledger = new DynamoDbLedger(clients.dynamoDb(), settings.required(SignalTracker.LEDGER_TABLE));
        StatusUpdates updates = new StatusUpdates(
                ledger,
                Map.of(Target.SECURITY_IR, new SecurityIrStatus(clients.securityIr()),
                        Target.INCIDENT_MANAGER, new IncidentStatus(clients.ssmIncidents())),
                new StatusAnnouncer(clients.eventBridge(), settings.string(StatusAnnouncer.EVENT_BUS_NAME, "default")),
                new PollSchedule(Duration.ofMinutes(settings.integer(POLL_INTERVAL_MINUTES, 5, 1, 60))),
                TrackerSettings.from(settings).closedRetention(),
                ANNOUNCEMENT_LEASE,
                clients.region().id(),
                clock,
                log);
        CasePoller poller = new CasePoller(ledger, updates, settings.integer(POLL_CONCURRENCY, 4, 1, 64),
                Duration.ofSeconds(settings.integer(POLL_TIME_MARGIN_SECONDS, 10, 1, 300)), clock, log);
        return new StatusTracking(poller, new CaseEvents(ledger, updates));
    }
}
