package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.signal.Watcher;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One tracked signal episode as the ledger holds it.
 *
 * @param owner the delivery holding the claim (only meaningful while CLAIMED)
 * @param leaseUntil until when that claim holds; after it another delivery may take it over
 * @param version incremented by every write
 * @param statusFingerprint the last recorded status, pending action and closure code, as one value
 *                          a status write is conditional on
 * @param announcement a status change recorded but not yet announced (JSON), or null
 * @param watchers the watchers its claim recorded for the case (see {@link NewClaim}); null when it
 *                 recorded none (an incident, or an item claimed before watchers were recorded)
 * @param group for a signal that joined a group's case (a grouping rule's, or the storm case), the
 *              group's key: the case is the group's, not this signal's alone; null otherwise
 */
public record LedgerItem(
        String key,
        int episode,
        Target target,
        TrackingState state,
        String externalId,
        String externalStatus,
        String clientToken,
        String owner,
        Instant leaseUntil,
        long occurrences,
        double maxSeverity,
        Set<String> actorIps,
        Instant firstSeen,
        Instant lastSeen,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt,
        long version,
        String pendingAction,
        String closureCode,
        String statusFingerprint,
        Instant lastChangedAt,
        String announcement,
        Instant announcementAt,
        String title,
        String kind,
        List<Watcher> watchers,
        String group) {

    public LedgerItem {
        actorIps = Set.copyOf(actorIps);
        watchers = watchers == null ? null : List.copyOf(watchers);
    }

    /** An item of no group. */
    public LedgerItem(String key, int episode, Target target, TrackingState state, String externalId, String externalStatus,
                      String clientToken, String owner, Instant leaseUntil, long occurrences, double maxSeverity, Set<String> actorIps,
                      Instant firstSeen, Instant lastSeen, Instant createdAt, Instant updatedAt, Instant closedAt, long version,
                      String pendingAction, String closureCode, String statusFingerprint, Instant lastChangedAt, String announcement,
                      Instant announcementAt, String title, String kind, List<Watcher> watchers) {
        this(key, episode, target, state, externalId, externalStatus, clientToken, owner, leaseUntil, occurrences, maxSeverity,
                actorIps, firstSeen, lastSeen, createdAt, updatedAt, closedAt, version, pendingAction, closureCode, statusFingerprint,
                lastChangedAt, announcement, announcementAt, title, kind, watchers, null);
    }
}
