package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.signal.Signal;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Who holds a signal episode while it is being opened. A delivery that finds another's live claim
 * waits for it briefly; one whose holder died (the lease ran out) is taken over.
 */
final class Claims {
    private final Ledger ledger;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    Claims(Ledger ledger, TrackerSettings settings, Clock clock, Sleeper sleeper) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** A new, unique holder for a claim. */
    static String newOwner() {
        return UUID.randomUUID().toString();
    }

    Instant leaseUntil(Instant now) {
        return now.plus(settings.claimLease());
    }

    /**
     * Waits while another delivery holds a live claim; returns the item once OPEN (or CLOSED), or
     * still CLAIMED, by us, after a take-over. Throws {@link ClaimInProgressException} when the
     * holder is alive but not done within the wait, so Lambda redelivers later.
     */
    LedgerItem awaitOpen(Signal signal, LedgerItem item) {
        Instant waitUntil = clock.instant().plus(settings.claimWait());
        while (item.state() == TrackingState.CLAIMED) {
            Instant now = clock.instant();
            if (item.leaseUntil() == null || !item.leaseUntil().isAfter(now)) {
                if (ledger.takeOver(item, newOwner(), now, leaseUntil(now))) {
                    return ledger.get(item.key(), item.episode()).orElseThrow();
                }
            } else if (!now.isBefore(waitUntil)) {
                throw new ClaimInProgressException(signal.key());
            } else {
                pause();
            }
            item = ledger.get(item.key(), item.episode()).orElseThrow(() -> new IllegalStateException(
                    "ledger item " + signal.key() + " disappeared while being claimed"));
        }
        return item;
    }

    private void pause() {
        try {
            sleeper.sleep(settings.claimPollInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClaimInProgressException("interrupted while waiting");
        }
    }
}
