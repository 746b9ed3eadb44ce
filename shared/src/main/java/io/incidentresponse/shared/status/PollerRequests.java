package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.LongSupplier;

/**
 * What the case poller function is invoked with: its schedule (a poll run of the open, due items)
 * or one of Security IR's own case events (that case, at once). Either way a status change is
 * recorded once and announced as a {@code Case Status Changed} event.
 */
public final class PollerRequests {
    private final CasePoller poller;
    private final CaseEvents caseEvents;
    private final JsonLog log;

    public PollerRequests(CasePoller poller, CaseEvents caseEvents, JsonLog log) {
        this.poller = poller;
        this.caseEvents = caseEvents;
        this.log = log;
    }

    public CasePoller poller() {
        return poller;
    }

    /** @param remainingMillis the invocation's remaining time, asked before every new item of a poll run */
    public void handle(InputStream input, OutputStream output, LongSupplier remainingMillis) throws IOException {
        byte[] bytes = input.readAllBytes();
        Object result = CaseEvents.SOURCE.equals(sourceOf(bytes)) ? caseEvent(bytes) : poller.run(remainingMillis);
        EventJson.MAPPER.writeValue(output, result);
    }

    private CaseEvents.Handled caseEvent(byte[] bytes) throws IOException {
        EventEnvelope event;
        CaseEvents.Handled handled;
        try {
            event = EventJson.readEnvelope(new ByteArrayInputStream(bytes), CaseEvents.SOURCE,
                    EventJson.MAPPER.readTree(bytes).path("detail-type").asText());
            handled = caseEvents.handle(event);
        } catch (MalformedEventException e) {
            log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
            throw e;
        }
        log.info("security-ir case event", "eventId", event.id(), "detailType", event.detailType(), "caseId", handled.caseId(),
                "result", handled.result());
        return handled;
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
