package io.incidentresponse.shared.status;

/**
 * What one poller run did.
 *
 * @param itemsRead index entries the due-item queries returned (closed items are never among them)
 * @param polled items whose status was fetched, or whose pending announcement was published
 * @param changed of those, how many changed status (closed ones included)
 * @param closed of those, how many ended tracking (Closed, RESOLVED, gone)
 * @param failed items whose fetch or announcement failed (they stay due, for the next run)
 * @param left items read but not started because time ran low or the service kept throttling
 * @param stoppedEarly true when the run stopped taking items before it had read every due one
 */
public record PollReport(int itemsRead, int polled, int changed, int closed, int failed, int left, boolean stoppedEarly,
                         String stopReason) {
}
