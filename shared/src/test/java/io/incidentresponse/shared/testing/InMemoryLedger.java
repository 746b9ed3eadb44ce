package io.incidentresponse.shared.testing;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger's contract in memory, with the same conditional semantics as the DynamoDB one. */
public final class InMemoryLedger implements Ledger {
    private final Map<String, LedgerItem> items = new ConcurrentHashMap<>();
    public volatile int failNextOpened;

    public Map<String, LedgerItem> items() {
        return items;
    }

    public void put(LedgerItem item) {
        items.put(id(item.key(), item.episode()), item);
    }

    @Override
    public synchronized Optional<LedgerItem> claim(NewClaim claim) {
        String id = id(claim.key(), claim.episode());
        LedgerItem existing = items.get(id);
        if (existing != null) {
            return Optional.of(existing);
        }
        items.put(id, new LedgerItem(claim.key(), claim.episode(), claim.target(), TrackingState.CLAIMED, null, null,
                claim.clientToken(), claim.owner(), claim.leaseUntil(), 1, claim.severity(), claim.actorIps(),
                claim.firstSeen(), claim.lastSeen(), claim.now(), claim.now(), null, 1));
        return Optional.empty();
    }

    @Override
    public Optional<LedgerItem> get(String key, int episode) {
        return Optional.ofNullable(items.get(id(key, episode)));
    }

    @Override
    public Optional<LedgerItem> latest(String key) {
        return items.values().stream().filter(i -> i.key().equals(key) && i.episode() >= 1)
                .max(java.util.Comparator.comparingInt(LedgerItem::episode));
    }

    @Override
    public synchronized boolean close(String key, int episode, String externalStatus, Instant closedAt, Instant expiresAt) {
        LedgerItem item = items.get(id(key, episode));
        if (item == null || item.state() != TrackingState.OPEN) {
            return false;
        }
        put(new LedgerItem(item.key(), item.episode(), item.target(), TrackingState.CLOSED, item.externalId(), externalStatus,
                item.clientToken(), null, null, item.occurrences(), item.maxSeverity(), item.actorIps(), item.firstSeen(),
                item.lastSeen(), item.createdAt(), closedAt, closedAt, item.version() + 1));
        return true;
    }

    private final Map<String, Instant> recoveries = new ConcurrentHashMap<>();

    @Override
    public void recordRecovery(String key, Instant at) {
        recoveries.merge(key, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> lastRecovery(String key) {
        return Optional.ofNullable(recoveries.get(key));
    }

    @Override
    public synchronized boolean takeOver(LedgerItem stale, String owner, Instant now, Instant leaseUntil) {
        LedgerItem item = items.get(id(stale.key(), stale.episode()));
        if (item == null || item.state() != TrackingState.CLAIMED || item.version() != stale.version()) {
            return false;
        }
        put(with(item, item.state(), item.externalId(), owner, leaseUntil, item.occurrences(), item.maxSeverity(),
                item.actorIps(), item.lastSeen(), now));
        return true;
    }

    @Override
    public synchronized void release(String key, int episode, String owner, Instant now) {
        LedgerItem item = items.get(id(key, episode));
        if (item != null && item.state() == TrackingState.CLAIMED && owner.equals(item.owner())) {
            put(with(item, item.state(), null, owner, now, item.occurrences(), item.maxSeverity(), item.actorIps(), item.lastSeen(), now));
        }
    }

    @Override
    public synchronized boolean opened(String key, int episode, String externalId, Instant now, Instant nextPollAt) {
        if (failNextOpened > 0) {
            failNextOpened--;
            throw new IllegalStateException("simulated crash before the ledger recorded the case");
        }
        LedgerItem item = items.get(id(key, episode));
        if (item == null || item.state() != TrackingState.CLAIMED) {
            return false;
        }
        put(with(item, TrackingState.OPEN, externalId, null, null, item.occurrences(), item.maxSeverity(), item.actorIps(),
                item.lastSeen(), now));
        return true;
    }

    @Override
    public synchronized long recordOccurrence(String key, int episode, Instant now, Set<String> newActorIps) {
        LedgerItem item = items.get(id(key, episode));
        Set<String> ips = new HashSet<>(item.actorIps());
        ips.addAll(newActorIps);
        put(with(item, item.state(), item.externalId(), item.owner(), item.leaseUntil(), item.occurrences() + 1,
                item.maxSeverity(), ips, item.lastSeen(), now));
        return item.occurrences() + 1;
    }

    @Override
    public synchronized void raiseHighWaterMarks(String key, int episode, double severity, Instant lastSeen) {
        LedgerItem item = items.get(id(key, episode));
        Instant last = item.lastSeen() == null || lastSeen.isAfter(item.lastSeen()) ? lastSeen : item.lastSeen();
        put(with(item, item.state(), item.externalId(), item.owner(), item.leaseUntil(), item.occurrences(),
                Math.max(item.maxSeverity(), severity), item.actorIps(), last, item.updatedAt()));
    }

    private static LedgerItem with(LedgerItem item, TrackingState state, String externalId, String owner, Instant leaseUntil,
                                   long occurrences, double maxSeverity, Set<String> ips, Instant lastSeen, Instant now) {
        return new LedgerItem(item.key(), item.episode(), item.target(), state, externalId, item.externalStatus(),
                item.clientToken(), owner, leaseUntil, occurrences, maxSeverity, ips, item.firstSeen(), lastSeen,
                item.createdAt(), now, item.closedAt(), item.version() + 1);
    }

    private static String id(String key, int episode) {
        return key + "|" + episode;
    }
}
