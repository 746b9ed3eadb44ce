package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.event.EventEnvelope;

/** One kind of event the pipeline takes: which EventBridge events, and how one becomes an {@link Arrival}. */
public interface SignalSource {
    /** The EventBridge {@code source} of its events. */
    String source();

    /** The EventBridge {@code detail-type} of its events. */
    String detailType();

    /** Reads the event, or throws {@code MalformedEventException} naming the event and the member. */
    Arrival read(EventEnvelope event);
}
