package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.PendingAnnouncement;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.MetricName;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import java.time.Instant;

/**
 * The {@code Case Opened} event of every case or incident opened. It is recorded in the ledger in
 * the same write that records the case (so a crash cannot lose it), published at once, then
 * cleared. A failed publish leaves the case opened and the event pending: the poller publishes it
 * once its lease has passed, and a recovery publishes it before it closes the episode. Delivery is
 * at least once: a container that dies between the publish and the clearing has it published again.
 */
final class OpeningAnnouncements {
    private final Ledger ledger;
    private final OpeningAnnouncer announcer;
    private final CaseLinks links;
    private final Metrics metrics;
    private final JsonLog log;

    OpeningAnnouncements(Ledger ledger, OpeningAnnouncer announcer, CaseLinks links, Metrics metrics, JsonLog log) {
        this.ledger = ledger;
        this.announcer = announcer;
        this.links = links;
        this.metrics = metrics;
        this.log = log;
    }

    /** The event of a case about to be recorded as opened, or null when nothing is announced. */
    CaseOpened of(Signal signal, Target target, String externalId, String status, int episode, Instant openedAt) {
        if (announcer == OpeningAnnouncer.NONE) {
            return null;
        }
        return CaseOpened.of(signal, target, externalId, status, episode, openedAt.toString(), links.of(target, externalId));
    }

    static String pending(CaseOpened opened) {
        return opened == null ? null : PendingAnnouncement.of(opened);
    }

    /** Publishes the event recorded at {@code recordedAt}; a failure is logged and counted, not thrown. */
    void publish(CaseOpened opened, int episode, Instant recordedAt) {
        if (opened == null) {
            return;
        }
        try {
            announcer.announce(opened);
            ledger.announced(opened.signalKey(), episode, recordedAt);
        } catch (RuntimeException e) {
            metrics.count(MetricName.AnnouncementFailures);
            log.warn("the case is opened but its Case Opened event could not be published; the poller publishes it later",
                    "signalKey", opened.signalKey(), "externalId", opened.externalId(),
                    "error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Publishes a Case Opened the item still holds (before a close would replace it); throws if it cannot. */
    void publishPending(LedgerItem item) {
        if (item.announcement() == null || announcer == OpeningAnnouncer.NONE) {
            return;
        }
        PendingAnnouncement pending = PendingAnnouncement.read(item.announcement());
        if (CaseOpened.DETAIL_TYPE.equals(pending.detailType())) {
            announcer.announce(EventJson.read(pending.detail(), CaseOpened.class));
            ledger.announced(item.key(), item.episode(), item.announcementAt());
            log.info("published a pending Case Opened event", "signalKey", item.key(), "externalId", item.externalId());
        }
    }
}
