package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.text.SafeText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Opens each routed signal exactly once and keeps count of its repeats.
 *
 * <p>Every step is safe to run twice, concurrently, or to stop halfway: the ledger claim is a
 * conditional write, the create call carries a token derived from the signal, a claim whose holder
 * died is taken over once its lease runs out (and the same token returns the case the service may
 * already have made), and a repeat is recorded with optimistic locking.
 */
public final class SignalTracker {
    static final int EPISODE = 1;

    private final Ledger ledger;
    private final CaseTarget target;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final JsonLog log;

    public SignalTracker(Ledger ledger, CaseTarget target, TrackerSettings settings, Clock clock, Sleeper sleeper, JsonLog log) {
        this.ledger = ledger;
        this.target = target;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    public Outcome track(String eventId, Signal signal, Decision.Open decision) {
        Instant now = clock.instant();
        String owner = UUID.randomUUID().toString();
        String token = ClientTokens.forEpisode(signal.key(), EPISODE);
        Optional<LedgerItem> existing = ledger.claim(new NewClaim(signal.key(), EPISODE, decision.target(), token, owner,
                now, now.plus(settings.claimLease()), signal.severity(), actorIps(signal), signal.firstSeen(),
                signal.lastSeen(), signal.source(), signal.kind(), signal.account(), signal.region(),
                SafeText.truncate(signal.title(), 300, "…")));
        if (existing.isEmpty()) {
            return open(eventId, signal, decision, token, owner, null);
        }
        Instant waitUntil = now.plus(settings.claimWait());
        LedgerItem item = existing.get();
        while (true) {
            switch (item.state()) {
                case OPEN, CLOSED -> {
                    return repeat(eventId, signal, item);
                }
                case CLAIMED -> {
                    Instant current = clock.instant();
                    if (item.leaseUntil() == null || !item.leaseUntil().isAfter(current)) {
                        if (ledger.takeOver(item, owner, current, current.plus(settings.claimLease()))) {
                            log.warn("took over a stale claim", "signalKey", signal.key(), "eventId", eventId,
                                    "staleOwner", item.owner());
                            return open(eventId, signal, decision, item.clientToken(), owner, "opened after taking over a stale claim");
                        }
                    } else if (!current.isBefore(waitUntil)) {
                        throw new ClaimInProgressException(signal.key());
                    } else {
                        pause();
                    }
                }
            }
            item = ledger.get(signal.key(), EPISODE).orElseThrow(() -> new IllegalStateException(
                    "ledger item " + signal.key() + " disappeared while being claimed"));
        }
    }

    private Outcome open(String eventId, Signal signal, Decision.Open decision, String token, String owner, String detail) {
        String externalId;
        try {
            externalId = target.open(signal, decision, token);
        } catch (RuntimeException e) {
            ledger.release(signal.key(), EPISODE, owner, clock.instant());
            throw e;
        }
        Instant now = clock.instant();
        if (!ledger.opened(signal.key(), EPISODE, externalId, now, now.plus(settings.firstPoll()))) {
            LedgerItem item = ledger.get(signal.key(), EPISODE).orElseThrow();
            if (!externalId.equals(item.externalId())) {
                log.error("ledger holds a different id than the service returned for the same token",
                        "signalKey", signal.key(), "ledger", item.externalId(), "service", externalId);
            }
        }
        return new Outcome(Outcome.CREATED, eventId, signal.key(), decision.target().name(), externalId, 1, detail);
    }

    /**
     * Counts the repeat and tells the open case what it adds. The comment goes first, with a token
     * derived from the change, so a crash before the count is recorded repeats it harmlessly, and
     * concurrent repeats bringing the same change post it once.
     */
    private Outcome repeat(String eventId, Signal signal, LedgerItem item) {
        Change change = changeSince(item, signal);
        boolean open = item.state() == TrackingState.OPEN;
        if (change.matters() && open) {
            target.addUpdate(item.externalId(), signal, change, item.occurrences() + 1,
                    ClientTokens.forUpdate(signal.key(), item.episode(), change.fingerprint()));
        }
        long occurrences = ledger.recordOccurrence(item.key(), item.episode(), clock.instant(), Set.copyOf(change.newActorIps()));
        if (change.raisesSeverity() || (item.lastSeen() != null && signal.lastSeen().isAfter(item.lastSeen()))) {
            ledger.raiseHighWaterMarks(item.key(), item.episode(), signal.severity(), signal.lastSeen());
        }
        return new Outcome(Outcome.REPEAT, eventId, signal.key(), item.target().name(), item.externalId(),
                occurrences, describe(change, open));
    }

    private static String describe(Change change, boolean open) {
        if (!open) {
            return "case is closed; occurrence recorded";
        }
        if (!change.matters()) {
            return "nothing new; occurrence recorded";
        }
        StringBuilder text = new StringBuilder("update added:");
        if (change.raisesSeverity()) {
            text.append(" severity ").append(change.previousSeverity()).append(" -> ").append(change.severity());
        }
        if (!change.newActorIps().isEmpty()) {
            text.append(" new remote addresses ").append(String.join(", ", change.newActorIps()));
        }
        return text.toString();
    }

    static Change changeSince(LedgerItem item, Signal signal) {
        LinkedHashSet<String> fresh = new LinkedHashSet<>();
        for (ThreatActor actor : signal.actors()) {
            if (!item.actorIps().contains(actor.ipAddress())) {
                fresh.add(actor.ipAddress());
            }
        }
        return new Change(item.maxSeverity(), Math.max(item.maxSeverity(), signal.severity()), List.copyOf(fresh));
    }

    private static Set<String> actorIps(Signal signal) {
        Set<String> ips = new LinkedHashSet<>();
        signal.actors().forEach(actor -> ips.add(actor.ipAddress()));
        return ips;
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
