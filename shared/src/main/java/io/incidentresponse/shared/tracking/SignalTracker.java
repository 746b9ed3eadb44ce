package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.routing.Decision;
import io.incidentresponse.shared.routing.Target;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.status.IncidentStatus;
import io.incidentresponse.shared.status.StatusChange;
import io.incidentresponse.shared.text.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Opens each routed signal exactly once per episode, keeps count of its repeats, and records its
 * recovery.
 *
 * <p>Every step is safe to run twice, concurrently, or to stop halfway: the ledger claim is a
 * conditional write, every call to a target carries a token derived from what it does, a claim
 * whose holder died is taken over once its lease runs out (and the same token returns the case the
 * service may already have made), and repeats are counted atomically.
 *
 * <p>An episode ends when its case or incident is closed. A signal seen again after that, with
 * activity newer than the close, opens the next episode; an older redelivery only counts.
 */
public final class SignalTracker {
    public static final String LEDGER_TABLE = "LEDGER_TABLE";

    private final Ledger ledger;
    private final Map<Target, CaseTarget> targets;
    private final TrackerSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final JsonLog log;

    public SignalTracker(Ledger ledger, Map<Target, CaseTarget> targets, TrackerSettings settings, Clock clock, Sleeper sleeper,
                         JsonLog log) {
        this.ledger = ledger;
        this.targets = new EnumMap<>(targets);
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /**
     * The tracker a function uses: the ledger in {@code LEDGER_TABLE}, Security IR and Incident
     * Manager as targets, all built once from the environment.
     */
    public static SignalTracker create(Settings settings, ClientFactory clients, JsonLog log) {
        Map<Target, CaseTarget> targets = new EnumMap<>(Target.class);
        targets.put(Target.SECURITY_IR, new SecurityIrCases(clients.securityIr()));
        targets.put(Target.INCIDENT_MANAGER, new IncidentManagerIncidents(clients.ssmIncidents()));
        return new SignalTracker(new DynamoDbLedger(clients.dynamoDb(), settings.required(LEDGER_TABLE)), targets,
                TrackerSettings.from(settings), Clock.systemUTC(), Sleeper.REAL, log);
    }

    /** Opens the signal's case or incident, or records a repeat of it. */
    public Outcome open(String eventId, Signal signal, Decision.Open decision) {
        return open(eventId, signal, decision, null);
    }

    /**
     * @param restatement for a repeat, what is worth telling the open case even when nothing else
     *                    changed (an alarm in ALARM again); null when a plain repeat only counts
     */
    public Outcome open(String eventId, Signal signal, Decision.Open decision, String restatement) {
        Optional<LedgerItem> latest = ledger.latest(signal.key());
        int episode = 1;
        if (latest.isPresent()) {
            LedgerItem item = latest.get();
            if (item.state() != TrackingState.CLOSED) {
                episode = item.episode();
            } else if (newerThan(signal.lastSeen(), item)) {
                episode = item.episode() + 1;
            } else {
                return repeat(eventId, signal, item, restatement);
            }
        }
        Instant now = clock.instant();
        String owner = UUID.randomUUID().toString();
        String token = ClientTokens.forEpisode(signal.key(), episode);
        Optional<LedgerItem> existing = ledger.claim(new NewClaim(signal.key(), episode, decision.target(), token, owner,
                now, now.plus(settings.claimLease()), signal.severity(), actorIps(signal), signal.firstSeen(),
                signal.lastSeen(), signal.source(), signal.kind(), signal.account(), signal.region(),
                SafeText.truncate(signal.title(), 300, "…")));
        if (existing.isEmpty()) {
            return create(eventId, signal, decision, episode, token, owner, episode > 1 ? "episode " + episode : null);
        }
        LedgerItem item = awaitOpen(signal, existing.get());
        if (item.state() == TrackingState.CLAIMED) {
            log.warn("took over a stale claim", "signalKey", signal.key(), "eventId", eventId, "episode", item.episode());
            return create(eventId, signal, decision, item.episode(), item.clientToken(), item.owner(), "opened after taking over a stale claim");
        }
        return repeat(eventId, signal, item, restatement);
    }

    /**
     * Records that the signal recovered (an alarm back to OK): a timeline event or comment on the
     * open episode and, when {@code autoResolve} and the target allows it, its resolution. With no
     * episode open, the recovery is remembered for an ALARM that may still arrive out of order.
     */
    public Outcome recover(String eventId, Signal signal, Instant recoveredAt, String reason, boolean autoResolve) {
        Optional<LedgerItem> latest = ledger.latest(signal.key());
        if (latest.isEmpty() || latest.get().state() == TrackingState.CLOSED) {
            ledger.recordRecovery(signal.key(), recoveredAt);
            return new Outcome(Outcome.IGNORED, eventId, signal.key(), null, latest.map(LedgerItem::externalId).orElse(null), 0,
                    "no open episode; recovery at " + recoveredAt + " recorded");
        }
        LedgerItem item = latest.get();
        if (item.state() == TrackingState.CLAIMED) {
            // Remembered for the delivery that is opening the episode, and retried to be sure.
            ledger.recordRecovery(signal.key(), recoveredAt);
            item = awaitOpen(signal, item);
            if (item.state() == TrackingState.CLAIMED) {
                throw new ClaimInProgressException(signal.key());
            }
        }
        if (item.firstSeen() != null && recoveredAt.isBefore(item.firstSeen())) {
            return new Outcome(Outcome.IGNORED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(),
                    "recovery at " + recoveredAt + " is older than the open episode (" + item.firstSeen() + ")");
        }
        return applyRecovery(eventId, signal, item, recoveredAt, reason, autoResolve);
    }

    /**
     * After an episode was opened: applies a recovery that arrived before it (out-of-order
     * delivery), so the episode does not stay open for a signal that has already recovered.
     */
    public Optional<Outcome> applyEarlierRecovery(String eventId, Signal signal, Outcome opened, boolean autoResolve) {
        if (!Outcome.CREATED.equals(opened.status())) {
            return Optional.empty();
        }
        Optional<Instant> recovered = ledger.lastRecovery(signal.key()).filter(at -> at.isAfter(signal.lastSeen()));
        if (recovered.isEmpty()) {
            return Optional.empty();
        }
        LedgerItem item = ledger.latest(signal.key()).filter(i -> i.state() == TrackingState.OPEN).orElse(null);
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(applyRecovery(eventId, signal, item, recovered.get(), "the recovery was delivered before the alarm", autoResolve));
    }

    /** Tells the open episode something worth knowing without counting a repeat (INSUFFICIENT_DATA). */
    public Outcome annotate(String eventId, Signal signal, String text) {
        Optional<LedgerItem> open = ledger.latest(signal.key()).filter(i -> i.state() == TrackingState.OPEN);
        if (open.isEmpty()) {
            return new Outcome(Outcome.IGNORED, eventId, signal.key(), null, null, 0, "no open episode to annotate");
        }
        LedgerItem item = open.get();
        Change change = new Change(item.maxSeverity(), item.maxSeverity(), List.of(), text);
        target(item.target()).addUpdate(item.externalId(), signal, change, item.occurrences(),
                ClientTokens.forUpdate(signal.key(), item.episode(), "note|" + signal.lastSeen() + "|" + text));
        return new Outcome(Outcome.NOTED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(), text);
    }

    private Outcome applyRecovery(String eventId, Signal signal, LedgerItem item, Instant recoveredAt, String reason, boolean autoResolve) {
        CaseTarget target = target(item.target());
        String key = "recovered|" + recoveredAt;
        target.addRecovery(item.externalId(), signal, recoveredAt, reason, ClientTokens.forUpdate(signal.key(), item.episode(), key));
        String detail = "recovery recorded";
        if (autoResolve && target.resolve(item.externalId(), ClientTokens.forUpdate(signal.key(), item.episode(), "resolve|" + recoveredAt))) {
            // The poller announces the resolution with the changes it finds itself.
            StatusChange change = new StatusChange(item.key(), item.target().name(), item.externalId(), item.title(),
                    item.externalStatus(), IncidentStatus.RESOLVED, null, null, recoveredAt.toString(), true,
                    clock.instant().toString(), null);
            ledger.close(signal.key(), item.episode(), IncidentStatus.RESOLVED, recoveredAt, recoveredAt.plus(settings.closedRetention()),
                    change.toJson());
            detail = "recovery recorded; resolved";
        }
        return new Outcome(Outcome.RECOVERED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(), detail);
    }

    /** Waits while another delivery holds a live claim; returns the item once OPEN, or CLAIMED by us after a take-over. */
    private LedgerItem awaitOpen(Signal signal, LedgerItem item) {
        Instant waitUntil = clock.instant().plus(settings.claimWait());
        while (item.state() == TrackingState.CLAIMED) {
            Instant now = clock.instant();
            if (item.leaseUntil() == null || !item.leaseUntil().isAfter(now)) {
                String owner = UUID.randomUUID().toString();
                if (ledger.takeOver(item, owner, now, now.plus(settings.claimLease()))) {
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

    private Outcome create(String eventId, Signal signal, Decision.Open decision, int episode, String token, String owner, String detail) {
        String externalId;
        try {
            externalId = target(decision.target()).open(signal, decision, token);
        } catch (RuntimeException e) {
            ledger.release(signal.key(), episode, owner, clock.instant());
            throw e;
        }
        Instant now = clock.instant();
        if (!ledger.opened(signal.key(), episode, externalId, target(decision.target()).initialStatus(), now, now.plus(settings.firstPoll()))) {
            LedgerItem item = ledger.get(signal.key(), episode).orElseThrow();
            if (!externalId.equals(item.externalId())) {
                log.error("ledger holds a different id than the service returned for the same token",
                        "signalKey", signal.key(), "ledger", item.externalId(), "service", externalId);
            }
        }
        String rule = decision.rule() == null ? null : "rule " + decision.rule();
        String text = detail == null ? rule : rule == null ? detail : detail + "; " + rule;
        return new Outcome(Outcome.CREATED, eventId, signal.key(), decision.target().name(), externalId, 1, text);
    }

    /**
     * Counts the repeat and tells the open case what it adds. The update goes first, with a token
     * derived from the change, so a crash before the count is recorded repeats it harmlessly, and
     * concurrent repeats bringing the same change post it once. The restatement is told only for
     * activity newer than the ledger's: a redelivered copy of what was already recorded restates nothing.
     */
    private Outcome repeat(String eventId, Signal signal, LedgerItem item, String restatement) {
        Change change = changeSince(item, signal, newerActivity(signal, item) ? restatement : null);
        boolean open = item.state() == TrackingState.OPEN;
        if (change.matters() && open) {
            target(item.target()).addUpdate(item.externalId(), signal, change, item.occurrences() + 1,
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
            return "closed; occurrence recorded";
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
        if (change.restatement() != null) {
            text.append(' ').append(change.restatement());
        }
        return text.toString();
    }

    static Change changeSince(LedgerItem item, Signal signal, String restatement) {
        LinkedHashSet<String> fresh = new LinkedHashSet<>();
        for (ThreatActor actor : signal.actors()) {
            if (!item.actorIps().contains(actor.ipAddress())) {
                fresh.add(actor.ipAddress());
            }
        }
        return new Change(item.maxSeverity(), Math.max(item.maxSeverity(), signal.severity()), List.copyOf(fresh), restatement);
    }

    /** Whether the signal reports activity after the ledger's last-seen time (kept to the millisecond). */
    private static boolean newerActivity(Signal signal, LedgerItem item) {
        return item.lastSeen() == null
                || signal.lastSeen() != null && signal.lastSeen().truncatedTo(ChronoUnit.MILLIS).isAfter(item.lastSeen());
    }

    /** Activity after the episode closed (or after its last activity, if it has no close time). */
    private static boolean newerThan(Instant seen, LedgerItem closed) {
        Instant end = closed.closedAt() != null ? closed.closedAt() : closed.lastSeen();
        return seen != null && (end == null || seen.isAfter(end)) && (closed.lastSeen() == null || seen.isAfter(closed.lastSeen()));
    }

    private CaseTarget target(Target target) {
        CaseTarget found = targets.get(target);
        if (found == null) {
            throw new IllegalStateException("no client for target " + target);
        }
        return found;
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
