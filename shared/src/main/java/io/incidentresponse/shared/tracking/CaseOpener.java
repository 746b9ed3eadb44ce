package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import java.time.Clock;
import java.time.Instant;

/**
 * Opens the case or incident of a claimed episode (a signal's, or a group's), records its id and
 * announces it (Case Opened): a failure releases the claim so the next delivery need not wait for
 * its lease.
 */
final class CaseOpener {
    private final Ledger ledger;
    private final Targets targets;
    private final TrackerSettings settings;
    private final OpeningAnnouncements announcements;
    private final Clock clock;
    private final JsonLog log;

    CaseOpener(Ledger ledger, Targets targets, TrackerSettings settings, OpeningAnnouncements announcements, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.targets = targets;
        this.settings = settings;
        this.announcements = announcements;
        this.clock = clock;
        this.log = log;
    }

    /** Opens it for {@code signal}, whose key is the claimed item's; returns the case id or incident ARN. */
    String open(Signal signal, Decision.Open decision, int episode, String token, String owner) {
        CaseTarget target = targets.of(decision.target());
        String externalId;
        try {
            externalId = target.open(signal, decision, token);
        } catch (RuntimeException e) {
            ledger.release(signal.key(), episode, owner, clock.instant());
            throw e;
        }
        Instant now = clock.instant();
        CaseOpened opened = announcements.of(signal, decision.target(), externalId, target.initialStatus(), episode, now);
        if (ledger.opened(signal.key(), episode, externalId, target.initialStatus(), now, now.plus(settings.firstPoll()),
                OpeningAnnouncements.pending(opened))) {
            announcements.publish(opened, episode, now);
        } else {
            // Another delivery recorded it first, and announces it.
            LedgerItem item = ledger.get(signal.key(), episode).orElseThrow();
            if (!externalId.equals(item.externalId())) {
                log.error("ledger holds a different id than the service returned for the same token",
                        "signalKey", signal.key(), "ledger", item.externalId(), "service", externalId);
            }
        }
        return externalId;
    }
}
