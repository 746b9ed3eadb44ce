package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.MetricName;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.text.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Opens each routed signal's case or incident exactly once per episode.
 *
 * <p>The first delivery claims the episode with a conditional write and opens it with a client
 * token derived from the signal and episode, so a retry reaches the same case. A delivery that
 * finds a claim waits for its holder, or takes it over once the holder's lease has run out (and
 * the same token returns whatever the service may already have made); one that finds the episode
 * open is a repeat. A signal seen again after its episode closed, with activity newer than the
 * close, opens the next episode; an older redelivery only counts.
 */
final class Opening {
    private final Ledger ledger;
    private final Targets targets;
    private final Claims claims;
    private final Repeats repeats;
    private final TrackerSettings settings;
    private final Clock clock;
    private final OpeningAnnouncements announcements;
    private final Metrics metrics;
    private final JsonLog log;

    Opening(Ledger ledger, Targets targets, Claims claims, Repeats repeats, TrackerSettings settings, OpeningAnnouncements announcements,
            Metrics metrics, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.targets = targets;
        this.claims = claims;
        this.repeats = repeats;
        this.settings = settings;
        this.announcements = announcements;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param restatement for a repeat, what is worth telling the open case even when nothing else
     *                    changed (an alarm in ALARM again); null when a plain repeat only counts
     */
    Outcome open(String eventId, Signal signal, Decision.Open decision, String restatement) {
        Optional<LedgerItem> latest = ledger.latest(signal.key());
        int episode = 1;
        if (latest.isPresent()) {
            LedgerItem item = latest.get();
            if (item.state() != TrackingState.CLOSED) {
                episode = item.episode();
            } else if (newerThan(signal.lastSeen(), item)) {
                episode = item.episode() + 1;
            } else {
                return repeats.repeat(eventId, signal, item, restatement);
            }
        }
        Decision.Open prepared = targets.of(decision.target()).prepare(decision);
        Instant now = clock.instant();
        String owner = Claims.newOwner();
        String token = ClientTokens.forEpisode(signal.key(), episode);
        Optional<LedgerItem> existing = ledger.claim(new NewClaim(signal.key(), episode, decision.target(), token, owner,
                now, claims.leaseUntil(now), signal.severity(), actorIps(signal), signal.firstSeen(),
                signal.lastSeen(), signal.source(), signal.kind(), signal.account(), signal.region(),
                SafeText.truncate(signal.title(), 300, "…"),
                prepared.caseSettings() == null ? null : prepared.caseSettings().watchers()));
        if (existing.isEmpty()) {
            return create(eventId, signal, prepared, episode, token, owner, episode > 1 ? "episode " + episode : null);
        }
        LedgerItem item = claims.awaitOpen(signal, existing.get());
        if (item.state() == TrackingState.CLAIMED) {
            metrics.count(MetricName.ClaimsTakenOver);
            log.warn("took over a stale claim", "signalKey", signal.key(), "eventId", eventId, "episode", item.episode());
            return create(eventId, signal, asClaimed(prepared, item), item.episode(), item.clientToken(), item.owner(),
                    "opened after taking over a stale claim");
        }
        return repeats.repeat(eventId, signal, item, restatement);
    }

    /**
     * The decision as the claim recorded it: its holder may have sent CreateCase already, and the
     * same client token must come with the same watchers (a service may refuse a token reused with a
     * different request), whatever the membership's team is now.
     */
    private static Decision.Open asClaimed(Decision.Open decision, LedgerItem claim) {
        return claim.watchers() == null ? decision : decision.withWatchers(claim.watchers());
    }

    private Outcome create(String eventId, Signal signal, Decision.Open decision, int episode, String token, String owner, String detail) {
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
        String rule = decision.rule() == null ? null : "rule " + decision.rule();
        String text = detail == null ? rule : rule == null ? detail : detail + "; " + rule;
        return new Outcome(Outcome.CREATED, eventId, signal.key(), decision.target().name(), externalId, 1, text);
    }

    /** Activity after the episode closed (or after its last activity, if it has no close time). */
    private static boolean newerThan(Instant seen, LedgerItem closed) {
        Instant end = closed.closedAt() != null ? closed.closedAt() : closed.lastSeen();
        return seen != null && (end == null || seen.isAfter(end)) && (closed.lastSeen() == null || seen.isAfter(closed.lastSeen()));
    }

    private static Set<String> actorIps(Signal signal) {
        Set<String> ips = new LinkedHashSet<>();
        for (ThreatActor actor : signal.actors()) {
            ips.add(actor.ipAddress());
        }
        return ips;
    }
}
