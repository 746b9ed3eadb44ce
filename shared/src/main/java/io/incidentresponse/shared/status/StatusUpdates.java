package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.PendingAnnouncement;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.Console;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.StatusChange;
import io.incidentresponse.shared.signal.StatusSource;
import io.incidentresponse.shared.signal.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Brings one ledger item up to date with its service, for the poller and for Security IR's own
 * case events alike. A change is recorded conditionally (so overlapping runs record it once), kept
 * as a pending announcement, published, then cleared; an announcement whose run died before
 * publishing is published by a later run once its lease has passed.
 */
public final class StatusUpdates {
    /** What bringing one item up to date came to. */
    public enum Result { UNCHANGED, CHANGED, CLOSED, ANNOUNCED_LATE, RACED, SKIPPED }

    private final Ledger ledger;
    private final Map<Target, StatusSource> sources;
    private final StatusAnnouncer announcer;
    private final PollSchedule schedule;
    private final Duration closedRetention;
    private final Duration announcementLease;
    private final String region;
    private final String securityIrRegion;
    private final Clock clock;
    private final JsonLog log;

    /**
     * @param region the stack's region: an incident's console link
     * @param securityIrRegion the membership's region, where every case lives: a case's console link
     */
    public StatusUpdates(Ledger ledger, Map<Target, StatusSource> sources, StatusAnnouncer announcer, PollSchedule schedule,
                         Duration closedRetention, Duration announcementLease, String region, String securityIrRegion, Clock clock,
                         JsonLog log) {
        this.ledger = ledger;
        this.sources = new EnumMap<>(sources);
        this.announcer = announcer;
        this.schedule = schedule;
        this.closedRetention = closedRetention;
        this.announcementLease = announcementLease;
        this.region = region;
        this.securityIrRegion = securityIrRegion;
        this.clock = clock;
        this.log = log;
    }

    public Result update(LedgerItem item) {
        Instant now = clock.instant();
        if (item.announcement() != null) {
            if (item.announcementAt() != null && item.announcementAt().plus(announcementLease).isAfter(now)) {
                return Result.SKIPPED;
            }
            PendingAnnouncement recorded = PendingAnnouncement.read(item.announcement());
            if (!recorded.isStatusChange()) {
                // A Case Opened whose signal function could not publish it.
                announcer.announce(recorded, resourceArn(item), item.externalId());
                ledger.announced(item.key(), item.episode(), item.announcementAt());
                log.info("announced a recorded opening", "signalKey", item.key(), "externalId", item.externalId(),
                        "detailType", recorded.detailType());
                return Result.ANNOUNCED_LATE;
            }
            StatusChange pending = EventJson.read(recorded.detail(), StatusChange.class);
            if (pending.consoleUrl() == null) {
                pending = new StatusChange(pending.signalKey(), pending.target(), pending.externalId(), pending.title(),
                        pending.previousStatus(), pending.status(), pending.pendingAction(), pending.closureCode(), pending.closedAt(),
                        pending.closed(), pending.changedAt(), consoleUrl(item));
            }
            announcer.announce(pending, resourceArn(item));
            ledger.announced(item.key(), item.episode(), item.announcementAt());
            log.info("announced a recorded status change", "signalKey", item.key(), "externalId", item.externalId(),
                    "status", pending.status());
            return Result.ANNOUNCED_LATE;
        }
        if (item.state() != TrackingState.OPEN) {
            return Result.SKIPPED;
        }
        ExternalStatus status = source(item.target()).fetch(item.externalId());
        if (status.fingerprint().equals(item.statusFingerprint())) {
            ledger.recordPoll(item, now, schedule.next(now, item.lastChangedAt()));
            return Result.UNCHANGED;
        }
        StatusChange change = new StatusChange(item.key(), item.target().name(), item.externalId(), item.title(),
                item.externalStatus(), status.status(), status.pendingAction(), status.closureCode(),
                status.closedAt() == null ? null : status.closedAt().toString(), status.closed(), now.toString(), consoleUrl(item));
        Instant next = status.closed() ? now.plus(announcementLease) : schedule.next(now, now);
        if (!ledger.recordStatus(item, status, EventJson.write(change), now, next, now.plus(closedRetention))) {
            Optional<LedgerItem> fresh = ledger.get(item.key(), item.episode());
            if (fresh.isPresent() && fresh.get().state() == TrackingState.OPEN && fresh.get().announcement() == null
                    && !status.fingerprint().equals(fresh.get().statusFingerprint())
                    && !fresh.get().statusFingerprint().equals(item.statusFingerprint())) {
                return update(fresh.get());
            }
            return Result.RACED;
        }
        announcer.announce(change, resourceArn(item));
        ledger.announced(item.key(), item.episode(), now);
        log.info("case status changed", "signalKey", item.key(), "target", item.target(), "externalId", item.externalId(),
                "previousStatus", item.externalStatus(), "status", status.status(), "closureCode", status.closureCode(),
                "closed", status.closed());
        return status.closed() ? Result.CLOSED : Result.CHANGED;
    }

    private StatusSource source(Target target) {
        StatusSource source = sources.get(target);
        if (source == null) {
            throw new IllegalStateException("no status source for " + target);
        }
        return source;
    }

    private static String resourceArn(LedgerItem item) {
        return item.target() == Target.INCIDENT_MANAGER ? item.externalId() : null;
    }

    String consoleUrl(LedgerItem item) {
        return Console.caseLink(item.target(), item.externalId(), region, securityIrRegion);
    }
}
