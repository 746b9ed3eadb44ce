package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.Target;
import java.time.Instant;
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
        String kind) {

    public LedgerItem {
        actorIps = Set.copyOf(actorIps);
    }
}
