package io.incidentresponse.functions.guardduty;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.routing.RoutingConfig;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.tracking.Outcome;
import io.incidentresponse.shared.tracking.SignalTracker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * EventBridge "GuardDuty Finding" events in, Security IR cases out (or, by routing rule,
 * Incident Manager incidents). A malformed event fails the
 * invocation before anything is written, so Lambda's retries and then the failure destination keep it.
 */
public final class GuardDutyFindingHandler implements RequestStreamHandler {
    private final Router router;
    private final SignalTracker tracker;
    private final JsonLog log;

    /** Lambda's constructor: reads the configuration and builds the clients once per container. */
    public GuardDutyFindingHandler() {
        this(Settings.fromEnvironment(), ClientFactory.fromEnvironment());
    }

    public GuardDutyFindingHandler(Settings settings, ClientFactory clients) {
        this(new Router(RoutingConfig.from(settings)), SignalTracker.create(settings, clients, JsonLog.toStdout()), JsonLog.toStdout());
    }

    public GuardDutyFindingHandler(Router router, SignalTracker tracker, JsonLog log) {
        this.router = router;
        this.tracker = tracker;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Outcome outcome = handle(input);
        EventJson.MAPPER.writeValue(output, outcome);
    }

    Outcome handle(InputStream input) {
        EventEnvelope event;
        Signal signal;
        try {
            event = EventJson.readEnvelope(input, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE);
            signal = FindingSignals.fromEvent(event);
        } catch (MalformedEventException e) {
            log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
            throw e;
        }
        Decision decision = router.route(signal);
        if (decision instanceof Decision.Ignore ignore) {
            log.info("ignored finding", "eventId", event.id(), "signalKey", signal.key(), "findingType", signal.kind(),
                    "severity", signal.severity(), "reason", ignore.reason(), "notes", signal.notesForLog());
            return Outcome.ignored(event.id(), signal.key(), ignore.reason());
        }
        Outcome outcome = tracker.open(event.id(), signal, (Decision.Open) decision);
        log.info("finding " + outcome.status(), "eventId", event.id(), "signalKey", signal.key(), "findingType", signal.kind(),
                "severity", signal.severity(), "target", outcome.target(), "externalId", outcome.externalId(),
                "occurrences", outcome.occurrences(), "detail", outcome.detail(), "notes", signal.notesForLog());
        return outcome;
    }
}
