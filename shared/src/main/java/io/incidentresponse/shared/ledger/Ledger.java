package io.incidentresponse.shared.ledger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The record of every tracked signal. Every write is conditional, so concurrent and repeated
 * deliveries cannot both win: the caller learns whether its write took effect.
 */
public interface Ledger {

    /** Writes the claim if no item exists for its key and episode; otherwise returns the item that does. */
    Optional<LedgerItem> claim(NewClaim claim);

    /** A strongly consistent read. */
    Optional<LedgerItem> get(String key, int episode);

    /** Takes over a claim whose lease has run out; true when {@code owner} now holds it. */
    boolean takeOver(LedgerItem stale, String owner, Instant now, Instant leaseUntil);

    /** Ends the lease at once (the create call failed), so the next delivery need not wait for it. */
    void release(String key, int episode, String owner, Instant now);

    /**
     * Records the case id or incident ARN and moves the item from CLAIMED to OPEN, into the poller's
     * index. False when the item is no longer CLAIMED (another delivery recorded it first).
     */
    boolean opened(String key, int episode, String externalId, Instant now, Instant nextPollAt);

    /**
     * Counts one more delivery of a tracked signal, raising the maximum severity and adding actor
     * addresses. False when the item changed since {@code seen} was read (then read and decide again).
     */
    boolean recordOccurrence(LedgerItem seen, Instant now, Instant lastSeen, double severity, Set<String> newActorIps);
}
