package io.incidentresponse.shared.testing;

import io.incidentresponse.shared.ledger.DuePage;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.signal.ExternalStatus;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger's contract in memory, with the same conditional semantics as the DynamoDB one. */
public final class InMemoryLedger implements Ledger {
    private final Map<String, LedgerItem> items = new ConcurrentHashMap<>();
    public volatile int failNextOpened;
    /** Thrown by every due-item query while set (the table unreachable). */
    public volatile RuntimeException failDueWith;

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
                claim.firstSeen(), claim.lastSeen(), claim.now(), claim.now(), null, 1, null, null, null, null, null, null,
                claim.title(), claim.kind(), claim.watchers()));
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
    public synchronized boolean close(String key, int episode, String externalStatus, Instant closedAt, Instant expiresAt,
                                      String announcement) {
        LedgerItem item = items.get(id(key, episode));
        if (item == null || item.state() != TrackingState.OPEN) {
            return false;
        }
        put(new LedgerItem(item.key(), item.episode(), item.target(), TrackingState.CLOSED, item.externalId(), externalStatus,
                item.clientToken(), null, null, item.occurrences(), item.maxSeverity(), item.actorIps(), item.firstSeen(),
                item.lastSeen(), item.createdAt(), closedAt, closedAt, item.version() + 1, item.pendingAction(), item.closureCode(),
                externalStatus, item.lastChangedAt(), announcement,
                announcement == null ? null : closedAt.minus(java.time.Duration.ofDays(1)), item.title(), item.kind(), item.watchers()));
        if (announcement == null) {
            nextPoll.remove(id(key, episode));
        } else {
            nextPoll.put(id(key, episode), closedAt);
        }
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
    public synchronized boolean opened(String key, int episode, String externalId, String initialStatus, Instant now, Instant nextPollAt,
                                       String announcement) {
        if (failNextOpened > 0) {
            failNextOpened--;
            throw new IllegalStateException("simulated crash before the ledger recorded the case");
        }
        LedgerItem item = items.get(id(key, episode));
        if (item == null || item.state() != TrackingState.CLAIMED) {
            return false;
        }
        LedgerItem open = with(item, TrackingState.OPEN, externalId, null, null, item.occurrences(), item.maxSeverity(), item.actorIps(),
                item.lastSeen(), now);
        put(new LedgerItem(open.key(), open.episode(), open.target(), open.state(), open.externalId(), initialStatus, open.clientToken(),
                null, null, open.occurrences(), open.maxSeverity(), open.actorIps(), open.firstSeen(), open.lastSeen(), open.createdAt(),
                now, null, open.version(), null, null, ExternalStatus.fingerprint(initialStatus, null, null), now, announcement,
                announcement == null ? null : Instant.parse(io.incidentresponse.shared.ledger.Times.format(now)),
                open.title(), open.kind(), open.watchers()));
        nextPoll.put(id(key, episode), nextPollAt);
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

    /** Open items that carry a poll time, in the order the index returns them; {@code nextPollAt} per item. */
    private final Map<String, Instant> nextPoll = new ConcurrentHashMap<>();
    public final java.util.concurrent.atomic.AtomicInteger dueReads = new java.util.concurrent.atomic.AtomicInteger();

    public void due(LedgerItem item, Instant at) {
        nextPoll.put(id(item.key(), item.episode()), at);
    }

    @Override
    public synchronized DuePage due(String shard, Instant now, int limit, DuePage.Cursor after) {
        if (failDueWith != null) {
            throw failDueWith;
        }
        List<LedgerItem> due = items.values().stream()
                .filter(i -> nextPoll.containsKey(id(i.key(), i.episode())) && !nextPoll.get(id(i.key(), i.episode())).isAfter(now))
                .filter(i -> shard.equals("open#" + Math.floorMod(i.key().hashCode(), 4)))
                .sorted(java.util.Comparator.comparing((LedgerItem i) -> nextPoll.get(id(i.key(), i.episode()))).thenComparing(LedgerItem::key))
                .toList();
        int start = 0;
        if (after != null) {
            for (int i = 0; i < due.size(); i++) {
                if (due.get(i).key().equals(after.pk()) && due.get(i).episode() == after.episode()) {
                    start = i + 1;
                }
            }
        }
        List<LedgerItem> page = due.subList(Math.min(start, due.size()), Math.min(start + limit, due.size()));
        dueReads.addAndGet(page.size());
        DuePage.Cursor next = start + limit < due.size() && !page.isEmpty()
                ? new DuePage.Cursor(page.get(page.size() - 1).key(), page.get(page.size() - 1).episode(), shard, 0) : null;
        return new DuePage(page, next, page.size(), page.isEmpty() ? null : nextPoll.get(id(page.get(0).key(), page.get(0).episode())));
    }

    @Override
    public int countOpen() {
        return nextPoll.size();
    }

    @Override
    public Optional<LedgerItem> findByExternalId(String externalId) {
        return items.values().stream().filter(i -> externalId.equals(i.externalId())).findFirst();
    }

    @Override
    public synchronized boolean recordPoll(LedgerItem item, Instant polledAt, Instant nextPollAt) {
        LedgerItem current = items.get(id(item.key(), item.episode()));
        if (current == null || current.state() != TrackingState.OPEN) {
            return false;
        }
        nextPoll.put(id(item.key(), item.episode()), nextPollAt);
        return true;
    }

    @Override
    public synchronized boolean recordStatus(LedgerItem item, ExternalStatus status, String announcement, Instant now, Instant nextPollAt,
                                             Instant expiresAt) {
        LedgerItem current = items.get(id(item.key(), item.episode()));
        if (current == null || current.state() != TrackingState.OPEN
                || !java.util.Objects.equals(current.statusFingerprint(), item.statusFingerprint())) {
            return false;
        }
        Instant announcedAt = Instant.parse(io.incidentresponse.shared.ledger.Times.format(now));
        put(new LedgerItem(current.key(), current.episode(), current.target(),
                status.closed() ? TrackingState.CLOSED : TrackingState.OPEN, current.externalId(), status.status(),
                current.clientToken(), null, null, current.occurrences(), current.maxSeverity(), current.actorIps(),
                current.firstSeen(), current.lastSeen(), current.createdAt(), now,
                status.closed() ? (status.closedAt() != null ? status.closedAt() : now) : null, current.version() + 1,
                status.pendingAction(), status.closureCode(), status.fingerprint(), now, announcement, announcedAt,
                current.title(), current.kind(), current.watchers()));
        nextPoll.put(id(item.key(), item.episode()), nextPollAt);
        return true;
    }

    @Override
    public synchronized void announced(String key, int episode, Instant announcementAt) {
        LedgerItem current = items.get(id(key, episode));
        if (current == null || current.announcementAt() == null
                || !io.incidentresponse.shared.ledger.Times.format(current.announcementAt()).equals(io.incidentresponse.shared.ledger.Times.format(announcementAt))) {
            return;
        }
        put(new LedgerItem(current.key(), current.episode(), current.target(), current.state(), current.externalId(),
                current.externalStatus(), current.clientToken(), current.owner(), current.leaseUntil(), current.occurrences(),
                current.maxSeverity(), current.actorIps(), current.firstSeen(), current.lastSeen(), current.createdAt(),
                current.updatedAt(), current.closedAt(), current.version() + 1, current.pendingAction(), current.closureCode(),
                current.statusFingerprint(), current.lastChangedAt(), null, null, current.title(), current.kind(), current.watchers()));
        if (current.state() != TrackingState.OPEN) {
            nextPoll.remove(id(key, episode));
        }
    }

    /** When an item is next due, or null when it is not in the poller's index. */
    public Instant nextPollAt(String key, int episode) {
        return nextPoll.get(id(key, episode));
    }

    private static LedgerItem with(LedgerItem item, TrackingState state, String externalId, String owner, Instant leaseUntil,
                                   long occurrences, double maxSeverity, Set<String> ips, Instant lastSeen, Instant now) {
        return new LedgerItem(item.key(), item.episode(), item.target(), state, externalId, item.externalStatus(),
                item.clientToken(), owner, leaseUntil, occurrences, maxSeverity, ips, item.firstSeen(), lastSeen,
                item.createdAt(), now, item.closedAt(), item.version() + 1, item.pendingAction(), item.closureCode(),
                item.statusFingerprint(), item.lastChangedAt(), item.announcement(), item.announcementAt(), item.title(), item.kind(),
                item.watchers());
    }

    private static String id(String key, int episode) {
        return key + "|" + episode;
    }
}
