package io.incidentresponse.shared.tracking;

/**
 * Another delivery holds a live claim on the signal and has not finished opening it. The
 * invocation fails so Lambda redelivers the event later, when the case exists or the lease has run
 * out and this delivery can take over; nothing is lost.
 */
public final class ClaimInProgressException extends RuntimeException {
    public ClaimInProgressException(String key) {
        super("signal " + key + " is being opened by another delivery; retry later");
    }
}
