package io.incidentresponse.shared.signal;

/**
 * The detail of a {@code Case Status Changed} event: what the product tells the rest of the
 * organisation when a case or incident it tracks changes status.
 *
 * @param target SECURITY_IR or INCIDENT_MANAGER
 * @param externalId the case id or incident ARN
 * @param previousStatus null for a case whose first status was never recorded
 * @param closed true when tracking ends with this change (Closed, RESOLVED, NOT_FOUND)
 */
public record StatusChange(
        String signalKey,
        String target,
        String externalId,
        String title,
        String previousStatus,
        String status,
        String pendingAction,
        String closureCode,
        String closedAt,
        boolean closed,
        String changedAt,
        String consoleUrl) {

    public static final String SOURCE = "incident-response";
    public static final String DETAIL_TYPE = "Case Status Changed";
}
