package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.signal.Change;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A signal seen again while its episode is tracked: the ledger counts it, and the open case or
 * incident is told what it adds (a higher severity, new remote addresses, a restatement such as
 * "in ALARM again"). Also the notes that change nothing but are worth telling (INSUFFICIENT_DATA).
 */
final class Repeats {
    private final Ledger ledger;
    private final Targets targets;
    private final Clock clock;

    Repeats(Ledger ledger, Targets targets, Clock clock) {
        this.ledger = ledger;
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * Counts the repeat and tells the open case what it adds. The update goes first, with a token
     * derived from the change, so a crash before the count is recorded repeats it harmlessly, and
     * concurrent repeats bringing the same change post it once. The restatement is told only for
     * activity newer than the ledger's: a redelivered copy of what was already recorded restates nothing.
     */
    Outcome repeat(String eventId, Signal signal, LedgerItem item, String restatement) {
        Change change = changeSince(item, signal, newerActivity(signal, item) ? restatement : null);
        boolean open = item.state() == TrackingState.OPEN;
        if (change.matters() && open) {
            targets.of(item.target()).addUpdate(item.externalId(), signal, change, item.occurrences() + 1,
                    ClientTokens.forUpdate(signal.key(), item.episode(), change.fingerprint()));
        }
        long occurrences = ledger.recordOccurrence(item.key(), item.episode(), clock.instant(), Set.copyOf(change.newActorIps()));
        if (change.raisesSeverity() || (item.lastSeen() != null && signal.lastSeen().isAfter(item.lastSeen()))) {
            ledger.raiseHighWaterMarks(item.key(), item.episode(), signal.severity(), signal.lastSeen());
        }
        return new Outcome(Outcome.REPEAT, eventId, signal.key(), item.target().name(), item.externalId(),
                occurrences, describe(change, open));
    }

    /** Tells the open episode something worth knowing without counting a repeat. */
    Outcome annotate(String eventId, Signal signal, String text) {
        Optional<LedgerItem> open = ledger.latest(signal.key()).filter(i -> i.state() == TrackingState.OPEN);
        if (open.isEmpty()) {
            return new Outcome(Outcome.IGNORED, eventId, signal.key(), null, null, 0, "no open episode to annotate");
        }
        LedgerItem item = open.get();
        Change change = new Change(item.maxSeverity(), item.maxSeverity(), List.of(), text);
        targets.of(item.target()).addUpdate(item.externalId(), signal, change, item.occurrences(),
                ClientTokens.forUpdate(signal.key(), item.episode(), "note|" + signal.lastSeen() + "|" + text));
        return new Outcome(Outcome.NOTED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(), text);
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

    private static String describe(Change change, boolean open) {
        if (!open) {
            return "closed; occurrence recorded";
        }
        if (!change.matters()) {
            return "nothing new; occurrence recorded";
        }
        return "update added: " + change.summary();
    }

    /** Whether the signal reports activity after the ledger's last-seen time (kept to the millisecond). */
    private static boolean newerActivity(Signal signal, LedgerItem item) {
        return item.lastSeen() == null
                || signal.lastSeen() != null && signal.lastSeen().truncatedTo(ChronoUnit.MILLIS).isAfter(item.lastSeen());
    }
}
