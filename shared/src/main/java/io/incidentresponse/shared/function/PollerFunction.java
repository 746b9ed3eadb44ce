package io.incidentresponse.shared.function;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.clients.OnFirstUse;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.incidents.IncidentStatus;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.securityir.SecurityIrRegions;
import io.incidentresponse.shared.securityir.SecurityIrStatus;
import io.incidentresponse.shared.signal.StatusSource;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.CaseEvents;
import io.incidentresponse.shared.status.CasePoller;
import io.incidentresponse.shared.status.PollSchedule;
import io.incidentresponse.shared.status.PollerRequests;
import io.incidentresponse.shared.status.StatusAnnouncer;
import io.incidentresponse.shared.status.StatusUpdates;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The composition root of the case poller: the scheduled poll and the Security IR case-event path,
 * built once per container from the settings and the clients.
 */
public final class PollerFunction {
    /** How long a recorded change may stay unannounced before another run announces it. */
    static final Duration ANNOUNCEMENT_LEASE = Duration.ofMinutes(2);

    private PollerFunction() {
    }

    /** The FunctionName dimension and the log's function outside Lambda (replay, tests). */
    public static final String NAME = "case-poller";

    /** Lambda's: the system clock, logs and metrics to standard output. */
    public static PollerRequests create(Settings env, ClientFactory clients) {
        return create(env, clients, Clock.systemUTC(), JsonLog.toStdout(Metrics.functionName(env, NAME)), Metrics.toStdout(env, NAME));
    }

    public static PollerRequests create(Settings env, ClientFactory clients, Clock clock, JsonLog log) {
        return create(env, clients, clock, log, Metrics.discard());
    }

    public static PollerRequests create(Settings env, ClientFactory clients, Clock clock, JsonLog log, Metrics metrics) {
        PollerSettings settings = PollerSettings.from(env);
        String membershipRegion = clients.securityIrRegion().id();
        SecurityIrRegions.warning(membershipRegion).ifPresent(log::warn);
        // DynamoDB now (every run queries the ledger); each status source and EventBridge on first
        // use: a ledger that holds no incidents never builds the Incident Manager client.
        return create(settings, new DynamoDbLedger(clients.dynamoDb(), settings.ledgerTable()),
                Map.of(Target.SECURITY_IR, FirstUse.statusSource(() -> new SecurityIrStatus(clients.securityIr())),
                        Target.INCIDENT_MANAGER, FirstUse.statusSource(() -> new IncidentStatus(clients.ssmIncidents()))),
                new StatusAnnouncer(new OnFirstUse<>(clients::eventBridge), settings.eventBus()), clients.region().id(),
                membershipRegion, clock, log, metrics);
    }

    /**
     * The poller over the given ledger, status sources and announcer (tests, tools).
     *
     * @param region the stack's region (Incident Manager's console links)
     * @param securityIrRegion the membership's region (Security IR's console links)
     */
    public static PollerRequests create(PollerSettings settings, Ledger ledger, Map<Target, StatusSource> sources,
                                        StatusAnnouncer announcer, String region, String securityIrRegion, Clock clock, JsonLog log) {
        return create(settings, ledger, sources, announcer, region, securityIrRegion, clock, log, Metrics.discard());
    }

    public static PollerRequests create(PollerSettings settings, Ledger ledger, Map<Target, StatusSource> sources,
                                        StatusAnnouncer announcer, String region, String securityIrRegion, Clock clock, JsonLog log,
                                        Metrics metrics) {
        StatusUpdates updates = new StatusUpdates(ledger, sources, announcer, new PollSchedule(settings.pollInterval()),
                settings.closedRetention(), ANNOUNCEMENT_LEASE, region, securityIrRegion, clock, log);
        CasePoller poller = new CasePoller(ledger, updates, settings.concurrency(), settings.timeMargin(), clock, log, metrics);
        return new PollerRequests(poller, new CaseEvents(ledger, updates), log, metrics);
    }
}
