package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.signal.Outcome;

/** One kind of event the pipeline takes: which EventBridge events, and how one becomes an {@link Arrival}. */
public interface SignalSource {
    /** The EventBridge {@code source} of its events. */
    String source();

    /** The EventBridge {@code detail-type} of its events. */
    String detailType();

    /** Reads the event, or throws {@code MalformedEventException} naming the event and the member. */
    Arrival read(EventEnvelope event);

    /** The message of the log line about what became of it: "finding created", "ignored finding". */
    default String describe(Arrival arrival, Outcome outcome) {
        return Outcome.IGNORED.equals(outcome.status()) ? "ignored " + arrival.subject() : arrival.subject() + " " + outcome.status();
    }
}
