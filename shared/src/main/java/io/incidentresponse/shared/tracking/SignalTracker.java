package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The track stage: what becomes of a routed signal's episode. Opening it exactly once
 * ({@link Opening}), its repeats and notes ({@link Repeats}), its recovery ({@link Recoveries}).
 *
 * <p>Every step is safe to run twice, concurrently, or to stop halfway: the ledger claim is a
 * conditional write, every call to a target carries a token derived from what it does, a claim
 * whose holder died is taken over once its lease runs out, and repeats are counted atomically.
 */
public final class SignalTracker {
    private final Opening opening;
    private final Repeats repeats;
    private final Recoveries recoveries;

    public SignalTracker(Ledger ledger, Map<Target, CaseTarget> targets, TrackerSettings settings, Clock clock, Sleeper sleeper,
                         JsonLog log) {
        this(ledger, targets, settings, OpeningAnnouncer.NONE, new CaseLinks("us-east-1", "us-east-1"), Metrics.discard(), clock, sleeper,
                log);
    }

    /**
     * @param announcer publishes a {@code Case Opened} event for every case or incident opened
     * @param links the console links those events carry
     */
    public SignalTracker(Ledger ledger, Map<Target, CaseTarget> targets, TrackerSettings settings, OpeningAnnouncer announcer,
                         CaseLinks links, Metrics metrics, Clock clock, Sleeper sleeper, JsonLog log) {
        Targets byTarget = new Targets(targets);
        Claims claims = new Claims(ledger, settings, clock, sleeper);
        OpeningAnnouncements announcements = new OpeningAnnouncements(ledger, announcer, links, metrics, log);
        this.repeats = new Repeats(ledger, byTarget, clock);
        this.opening = new Opening(ledger, byTarget, claims, repeats, settings, announcements, metrics, clock, log);
        this.recoveries = new Recoveries(ledger, byTarget, claims, settings, announcements, clock);
    }

    /** Opens the signal's case or incident, or records a repeat of it. */
    public Outcome open(String eventId, Signal signal, Decision.Open decision) {
        return opening.open(eventId, signal, decision, null);
    }

    /**
     * @param restatement for a repeat, what is worth telling the open case even when nothing else
     *                    changed (an alarm in ALARM again); null when a plain repeat only counts
     */
    public Outcome open(String eventId, Signal signal, Decision.Open decision, String restatement) {
        return opening.open(eventId, signal, decision, restatement);
    }

    /**
     * Records that the signal recovered: a timeline event or comment on the open episode and, when
     * {@code autoResolve} and the target allows it, its resolution.
     */
    public Outcome recover(String eventId, Signal signal, Instant recoveredAt, String reason, boolean autoResolve) {
        return recoveries.recover(eventId, signal, recoveredAt, reason, autoResolve);
    }

    /** After an episode was opened: applies a recovery that arrived before it (out-of-order delivery). */
    public Optional<Outcome> applyEarlierRecovery(String eventId, Signal signal, Outcome opened, boolean autoResolve) {
        return recoveries.applyEarlier(eventId, signal, opened, autoResolve);
    }

    /** Tells the open episode something worth knowing without counting a repeat (INSUFFICIENT_DATA). */
    public Outcome annotate(String eventId, Signal signal, String text) {
        return repeats.annotate(eventId, signal, text);
    }
}
