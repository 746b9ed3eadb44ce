package io.incidentresponse.shared.signal;

import java.time.Instant;

/**
 * A case's or incident's status as its service reports it.
 *
 * @param closed the case is Closed or the incident RESOLVED: tracking ends
 * @param gone the service no longer knows it (ResourceNotFoundException): tracking ends too
 */
public record ExternalStatus(String status, String pendingAction, String closureCode, Instant closedAt, boolean closed, boolean gone) {
    public static final String NOT_FOUND = "NOT_FOUND";

    public static ExternalStatus notFound() {
        return new ExternalStatus(NOT_FOUND, null, null, null, true, true);
    }

    /** One value that changes whenever anything worth announcing changes. */
    public String fingerprint() {
        return fingerprint(status, pendingAction, closureCode);
    }

    public static String fingerprint(String status, String pendingAction, String closureCode) {
        return status + "|" + (pendingAction == null ? "" : pendingAction) + "|" + (closureCode == null ? "" : closureCode);
    }
}
