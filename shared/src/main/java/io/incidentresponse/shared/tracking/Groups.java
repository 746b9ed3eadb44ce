package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.text.SafeText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signals that share a case ({@link GroupCase}): the first opens it, every further one is added
 * as one comment, its new remote addresses as threat actors, and the title follows the count.
 *
 * <p>Exactly once, as for a single signal: each signal's own ledger item is claimed first (by the
 * caller), so only one delivery of it goes on; the group's case is claimed like any case, so
 * concurrent first signals open one; the comment's client token is derived from the member, so a
 * retry posts it once; and only the delivery whose write turns the member's item OPEN counts it.
 */
final class Groups {
    private record Found(LedgerItem item, boolean openedHere) {
    }

    private final Ledger ledger;
    private final Targets targets;
    private final Claims claims;
    private final Budget budget;
    private final CaseOpener caseOpener;
    private final Clock clock;
    private final JsonLog log;

    Groups(Ledger ledger, Targets targets, Claims claims, Budget budget, CaseOpener caseOpener, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.targets = targets;
        this.claims = claims;
        this.budget = budget;
        this.caseOpener = caseOpener;
        this.clock = clock;
        this.log = log;
    }

    /** A signal over the hour's budget: added to the hour's storm case at its target, and said so in the log. */
    Outcome overBudget(String eventId, Signal signal, Decision.Open decision, int episode, String owner) {
        GroupCase storm = GroupCase.storm(budget.stormKey(decision.target()), budget.settings(), decision.target());
        log.warn("new-case budget exceeded: signal added to the storm case", "signalKey", signal.key(), "eventId", eventId,
                "target", decision.target(), "limit", budget.settings().limit(decision.target()), "stormKey", storm.key());
        return add(eventId, signal, decision, episode, owner, storm);
    }

    /**
     * Adds the signal, whose episode's claim the caller holds ({@code owner}), to the group's case,
     * opening it when there is none open within its window; over the budget, to the storm case.
     * A failure releases the claim, so the next delivery need not wait for the lease.
     */
    Outcome add(String eventId, Signal signal, Decision.Open decision, int episode, String owner, GroupCase group) {
        try {
            Optional<Found> found = find(signal, decision, group);
            if (found.isEmpty()) {
                return overBudget(eventId, signal, decision, episode, owner);
            }
            return found.get().openedHere()
                    ? opened(eventId, signal, episode, group, found.get().item())
                    : member(eventId, signal, episode, group, found.get().item());
        } catch (RuntimeException e) {
            ledger.release(signal.key(), episode, owner, clock.instant());
            throw e;
        }
    }

    /** The group's open case within its window, or this signal's new one; empty when the budget allows no new one. */
    private Optional<Found> find(Signal signal, Decision.Open decision, GroupCase group) {
        Instant now = clock.instant();
        Optional<LedgerItem> latest = ledger.latest(group.key());
        int episode = 1;
        if (latest.isPresent()) {
            LedgerItem item = latest.get();
            if (item.state() == TrackingState.CLAIMED) {
                item = claims.awaitOpen(signal, item);
                if (item.state() == TrackingState.CLAIMED) {
                    return Optional.of(open(group.opener(signal, now), decision, group, item.episode(), item.clientToken(), item.owner()));
                }
            }
            if (item.state() == TrackingState.OPEN && group.joins(item.createdAt(), now)) {
                return Optional.of(new Found(item, false));
            }
            episode = item.episode() + 1;
        }
        if (group.budgeted() && !budget.allows(signal, decision.target(), group.key() + "#" + episode)) {
            return Optional.empty();
        }
        Signal opener = group.opener(signal, now);
        String owner = Claims.newOwner();
        String token = ClientTokens.forEpisode(group.key(), episode);
        Optional<LedgerItem> existing = ledger.claim(new NewClaim(group.key(), episode, decision.target(), token, owner, now,
                claims.leaseUntil(now), signal.severity(), Set.of(), signal.firstSeen(), signal.lastSeen(), signal.source(),
                signal.kind(), signal.account(), signal.region(), SafeText.truncate(opener.title(), 300, "…"),
                decision.caseSettings() == null ? null : decision.caseSettings().watchers()));
        if (existing.isEmpty()) {
            return Optional.of(open(opener, decision, group, episode, token, owner));
        }
        LedgerItem item = claims.awaitOpen(signal, existing.get());
        if (item.state() == TrackingState.CLAIMED) {
            return Optional.of(open(opener, decision, group, item.episode(), item.clientToken(), item.owner()));
        }
        if (item.state() != TrackingState.OPEN) {
            // Opened and closed again in the time it took: the next delivery finds the next episode.
            throw new ClaimInProgressException(group.key());
        }
        return Optional.of(new Found(item, false));
    }

    private Found open(Signal opener, Decision.Open decision, GroupCase group, int episode, String token, String owner) {
        caseOpener.open(opener, decision, episode, token, owner);
        ledger.addActorIps(group.key(), episode, actorIps(opener.actors()));
        ledger.raiseTitleCount(group.key(), episode, 1);
        return new Found(ledger.get(group.key(), episode).orElseThrow(), true);
    }

    /** The signal opened the group's case: its own item points at it, and the case already counts it. */
    private Outcome opened(String eventId, Signal signal, int episode, GroupCase group, LedgerItem item) {
        ledger.join(signal.key(), episode, group.key(), item.externalId(), clock.instant());
        return new Outcome(group.openerStatus(), eventId, signal.key(), item.target().name(), item.externalId(), 1,
                "opened the case of " + group.key() + ": " + item.title());
    }

    private Outcome member(String eventId, Signal signal, int episode, GroupCase group, LedgerItem item) {
        CaseTarget target = targets.of(item.target());
        List<String> notes = new ArrayList<>();
        boolean higher = signal.rated() && signal.severity() > item.maxSeverity();
        if (higher) {
            notes.add("Its severity, " + signal.severityText() + ", is higher than this case's so far (" + item.maxSeverity() + ").");
        }
        target.addMember(item.externalId(), signal, notes,
                ClientTokens.forUpdate(signal.key(), episode, "member|" + group.key() + "|" + item.episode()));
        List<ThreatActor> fresh = signal.actors().stream().filter(actor -> !item.actorIps().contains(actor.ipAddress())).toList();
        if (!fresh.isEmpty()) {
            ledger.addActorIps(group.key(), item.episode(), Set.copyOf(target.addThreatActors(item.externalId(), item.actorIps().size(), fresh)));
        }
        Instant now = clock.instant();
        if (!ledger.join(signal.key(), episode, group.key(), item.externalId(), now)) {
            return new Outcome(group.status(), eventId, signal.key(), item.target().name(), item.externalId(), item.occurrences(),
                    "already added to the case of " + group.key() + " by another delivery");
        }
        long count = ledger.recordOccurrence(group.key(), item.episode(), now, Set.of());
        if (higher || signal.lastSeen() != null && (item.lastSeen() == null || signal.lastSeen().isAfter(item.lastSeen()))) {
            ledger.raiseHighWaterMarks(group.key(), item.episode(), signal.severity(), signal.lastSeen());
        }
        long step = GroupCase.titleStep(count);
        if (step > 1 && ledger.raiseTitleCount(group.key(), item.episode(), step)) {
            target.retitle(item.externalId(), group.title().of(signal, count, item.createdAt()));
        }
        return new Outcome(group.status(), eventId, signal.key(), item.target().name(), item.externalId(), count,
                "added to the case of " + group.key() + " (" + count + " signals)" + (higher ? "; higher severity" : ""));
    }

    private static Set<String> actorIps(List<ThreatActor> actors) {
        Set<String> ips = new LinkedHashSet<>();
        actors.forEach(actor -> ips.add(actor.ipAddress()));
        return ips;
    }
}
