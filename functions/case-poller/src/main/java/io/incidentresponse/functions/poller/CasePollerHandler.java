package io.incidentresponse.functions.poller;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.status.CaseEvents;
import io.incidentresponse.shared.status.StatusTracking;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * Two triggers, one job: keep the ledger's view of every open case and incident true. The
 * schedule runs a poll of the open, due items; Security IR's own case events update their case at
 * once. Either way a status change is recorded once and announced as a {@code Case Status Changed}
 * event.
 */
public final class CasePollerHandler implements RequestStreamHandler {
    /** Without a Lambda context (tests, tools), a run may take this long. */
    private static final long DEFAULT_BUDGET_MILLIS = 60_000;

    private final StatusTracking tracking;
    private final JsonLog log;

    /** Lambda's constructor: reads the configuration and builds the clients once per container. */
    public CasePollerHandler() {
        this(Settings.fromEnvironment(), ClientFactory.fromEnvironment());
    }

    public CasePollerHandler(Settings settings, ClientFactory clients) {
        this(StatusTracking.create(settings, clients, Clock.systemUTC(), JsonLog.toStdout()), JsonLog.toStdout());
    }

    public CasePollerHandler(StatusTracking tracking, JsonLog log) {
        this.tracking = tracking;
        this.log = log;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        String source = sourceOf(bytes);
        if (CaseEvents.SOURCE.equals(source)) {
            EventEnvelope event = EventJson.readEnvelope(new java.io.ByteArrayInputStream(bytes), CaseEvents.SOURCE,
                    EventJson.MAPPER.readTree(bytes).path("detail-type").asText());
            CaseEvents.Handled handled;
            try {
                handled = tracking.caseEvents().handle(event);
            } catch (MalformedEventException e) {
                log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
                throw e;
            }
            log.info("security-ir case event", "eventId", event.id(), "detailType", event.detailType(), "caseId", handled.caseId(),
                    "result", handled.result());
            EventJson.MAPPER.writeValue(output, handled);
            return;
        }
        long deadline = System.currentTimeMillis() + (context == null ? DEFAULT_BUDGET_MILLIS : context.getRemainingTimeInMillis());
        EventJson.MAPPER.writeValue(output, tracking.poller().run(() -> deadline - System.currentTimeMillis()));
    }

    /** The event's source, or null for anything that is not an EventBridge event (a schedule is). */
    private static String sourceOf(byte[] bytes) {
        try {
            return EventJson.MAPPER.readTree(bytes).path("source").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
