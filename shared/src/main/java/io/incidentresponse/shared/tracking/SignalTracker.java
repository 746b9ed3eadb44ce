package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
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
    private static final int MAX_OCCURRENCE_ATTEMPTS = 8;

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
                io.incidentresponse.shared.text.SafeText.truncate(signal.title(), 300, "…")));
        if (existing.isEmpty()) {
            return open(eventId, signal, decision, token, owner, "opened");
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

    private Outcome repeat(String eventId, Signal signal, LedgerItem item) {
        for (int attempt = 0; attempt < MAX_OCCURRENCE_ATTEMPTS; attempt++) {
            Change change = changeSince(item, signal);
            long occurrences = item.occurrences() + 1;
            if (change.matters() && item.state() == io.incidentresponse.shared.ledger.TrackingState.OPEN) {
                target.addUpdate(item.externalId(), signal, change, occurrences,
                        ClientTokens.forUpdate(signal.key(), item.episode(), change.fingerprint()));
            }
            if (ledger.recordOccurrence(item, clock.instant(), signal.lastSeen(), signal.severity(), Set.copyOf(change.newActorIps()))) {
                return new Outcome(Outcome.REPEAT, eventId, signal.key(), item.target().name(), item.externalId(),
                        occurrences, describe(change, item));
            }
            item = ledger.get(item.key(), item.episode()).orElseThrow();
        }
        throw new IllegalStateException("signal " + signal.key() + " kept changing while its repeat was recorded; retry");
    }

    private static String describe(Change change, LedgerItem item) {
        if (item.state() != io.incidentresponse.shared.ledger.TrackingState.OPEN) {
            return "case is " + item.state().name().toLowerCase(java.util.Locale.ROOT) + "; occurrence recorded";
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
