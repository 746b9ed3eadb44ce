package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.MetricName;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.text.SafeText;
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
    private final Metrics metrics;

    public PollerRequests(CasePoller poller, CaseEvents caseEvents, JsonLog log) {
        this(poller, caseEvents, log, Metrics.discard());
    }

    public PollerRequests(CasePoller poller, CaseEvents caseEvents, JsonLog log, Metrics metrics) {
        this.poller = poller;
        this.caseEvents = caseEvents;
        this.log = log;
        this.metrics = metrics;
    }

    public CasePoller poller() {
        return poller;
    }

    /** @param remainingMillis the invocation's remaining time, asked before every new item of a poll run */
    public void handle(InputStream input, OutputStream output, LongSupplier remainingMillis) throws IOException {
        handle(input, output, remainingMillis, null);
    }

    /**
     * The metrics are written when the invocation ends, whichever way it ends; a scheduled run
     * counts PollRuns even when it fails (the heartbeat alarm watches that metric), and a failure.
     *
     * @param requestId the Lambda request id, which every log line and metric of the invocation carries (null outside Lambda)
     */
    public void handle(InputStream input, OutputStream output, LongSupplier remainingMillis, String requestId) throws IOException {
        log.beginInvocation(requestId);
        metrics.beginInvocation(requestId);
        boolean run = false;
        try {
            byte[] bytes = input.readAllBytes();
            Object result;
            if (CaseEvents.SOURCE.equals(member(bytes, "source"))) {
                result = caseEvent(bytes);
            } else {
                run = true;
                // The schedule's event id, so that a run's lines can be found from its EventBridge delivery.
                String id = member(bytes, "id");
                log.withInvocationField("eventId", id == null ? null : SafeText.bounded(id, 128));
                result = poller.run(remainingMillis);
            }
            EventJson.MAPPER.writeValue(output, result);
        } catch (MalformedEventException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            metrics.count(MetricName.PollFailures);
            log.error(run ? "poll run failed" : "case event failed", "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            throw e;
        } finally {
            if (run) {
                metrics.count(MetricName.PollRuns);
            }
            metrics.flush();
            log.endInvocation();
        }
    }

    private CaseEvents.Handled caseEvent(byte[] bytes) throws IOException {
        EventEnvelope event;
        CaseEvents.Handled handled;
        try {
            event = EventJson.readEnvelope(new ByteArrayInputStream(bytes), CaseEvents.SOURCE,
                    EventJson.MAPPER.readTree(bytes).path("detail-type").asText());
            log.withInvocationField("eventId", event.id());
            handled = caseEvents.handle(event);
        } catch (MalformedEventException e) {
            metrics.count(MetricName.Rejected);
            log.error("rejected malformed event", "eventId", e.eventId(), "problem", e.getMessage());
            throw e;
        }
        countCaseEvent(handled.result());
        log.info("security-ir case event", "eventId", event.id(), "detailType", event.detailType(), "caseId", handled.caseId(),
                "result", handled.result());
        return handled;
    }

    /** A case event's update, counted as a poll's would be. */
    private void countCaseEvent(String result) {
        switch (result) {
            case "unchanged", "announced_late", "raced" -> metrics.count(MetricName.Polled);
            case "changed" -> {
                metrics.count(MetricName.Polled);
                metrics.count(MetricName.Changed);
            }
            case "closed" -> {
                metrics.count(MetricName.Polled);
                metrics.count(MetricName.Changed);
                metrics.count(MetricName.Closed);
            }
            default -> { }
        }
    }

    /** A text member of the event (its source, its id), or null when it has none or is not JSON. */
    private static String member(byte[] bytes, String name) {
        try {
            return EventJson.MAPPER.readTree(bytes).path(name).asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}
