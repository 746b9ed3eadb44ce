package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.StatusChange;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A signal that recovered (an alarm back to OK): the open episode is told, and resolved where
 * that is wanted and the target allows it. A recovery that arrives before its episode was opened
 * (EventBridge does not promise order) is remembered and applied once the episode opens.
 */
final class Recoveries {
    private final Ledger ledger;
    private final Targets targets;
    private final Claims claims;
    private final TrackerSettings settings;
    private final OpeningAnnouncements announcements;
    private final Clock clock;

    Recoveries(Ledger ledger, Targets targets, Claims claims, TrackerSettings settings, OpeningAnnouncements announcements, Clock clock) {
        this.ledger = ledger;
        this.targets = targets;
        this.claims = claims;
        this.settings = settings;
        this.announcements = announcements;
        this.clock = clock;
    }

    /** With no episode open, the recovery is remembered for an ALARM that may still arrive out of order. */
    Outcome recover(String eventId, Signal signal, Instant recoveredAt, String reason, boolean autoResolve) {
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
            item = claims.awaitOpen(signal, item);
            if (item.state() == TrackingState.CLAIMED) {
                throw new ClaimInProgressException(signal.key());
            }
        }
        if (item.firstSeen() != null && recoveredAt.isBefore(item.firstSeen())) {
            return new Outcome(Outcome.IGNORED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(),
                    "recovery at " + recoveredAt + " is older than the open episode (" + item.firstSeen() + ")");
        }
        return apply(eventId, signal, item, recoveredAt, reason, autoResolve);
    }

    /** After an episode was opened: applies a recovery that was delivered before it. */
    Optional<Outcome> applyEarlier(String eventId, Signal signal, Outcome opened, boolean autoResolve) {
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
        return Optional.of(apply(eventId, signal, item, recovered.get(), "the recovery was delivered before the alarm", autoResolve));
    }

    private Outcome apply(String eventId, Signal signal, LedgerItem item, Instant recoveredAt, String reason, boolean autoResolve) {
        CaseTarget target = targets.of(item.target());
        target.addRecovery(item.externalId(), signal, recoveredAt, reason,
                ClientTokens.forUpdate(signal.key(), item.episode(), "recovered|" + recoveredAt));
        Optional<String> resolved = autoResolve
                ? target.resolve(item.externalId(), ClientTokens.forUpdate(signal.key(), item.episode(), "resolve|" + recoveredAt))
                : Optional.empty();
        String detail = "recovery recorded";
        if (resolved.isPresent()) {
            // The poller announces the resolution with the changes it finds itself.
            StatusChange change = new StatusChange(item.key(), item.target().name(), item.externalId(), item.title(),
                    item.externalStatus(), resolved.get(), null, null, recoveredAt.toString(), true,
                    clock.instant().toString(), null);
            // The close records its own announcement in place of a pending Case Opened: publish that first.
            announcements.publishPending(item);
            ledger.close(signal.key(), item.episode(), resolved.get(), recoveredAt, recoveredAt.plus(settings.closedRetention()),
                    EventJson.write(change));
            detail = "recovery recorded; resolved";
        }
        return new Outcome(Outcome.RECOVERED, eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(), detail);
    }
}
