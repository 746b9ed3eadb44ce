package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.signal.Signal;

/** The service a routed signal is opened at: Security IR cases, Incident Manager incidents. */
public interface CaseTarget {

    /** Opens the case or incident; the same {@code clientToken} must yield the same id. Returns the id. */
    String open(Signal signal, Decision.Open decision, String clientToken);

    /** Tells the open case or incident what a repeat of its signal changed. */
    void addUpdate(String externalId, Signal signal, Change change, long occurrences, String clientToken);
}
