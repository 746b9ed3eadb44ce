package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.ExternalStatus;
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

    /** The signal's latest episode (strongly consistent), or empty when it was never claimed. */
    Optional<LedgerItem> latest(String key);

    /** Takes over a claim whose lease has run out; true when {@code owner} now holds it. */
    boolean takeOver(LedgerItem stale, String owner, Instant now, Instant leaseUntil);

    /** Ends the lease at once (the create call failed), so the next delivery need not wait for it. */
    void release(String key, int episode, String owner, Instant now);

    /**
     * Records the case id or incident ARN and moves the item from CLAIMED to OPEN, into the poller's
     * index. False when the item is no longer CLAIMED (another delivery recorded it first). With an
     * {@code announcement} (a {@code Case Opened} event, see {@link PendingAnnouncement}) it is kept
     * pending, recorded at {@code now}, in the same write, until {@link #announced} clears it: if
     * publishing it fails, the poller publishes it once the announcement lease has passed.
     */
    boolean opened(String key, int episode, String externalId, String initialStatus, Instant now, Instant nextPollAt,
                   String announcement);

    /** How many items are in the poller's index: the open ones, and closed ones not yet announced. */
    int countOpen();

    /**
     * Counts one more delivery of a tracked signal and adds remote addresses, atomically (no
     * read-modify-write, so any number of concurrent repeats all count). Returns the new count.
     */
    long recordOccurrence(String key, int episode, Instant now, Set<String> newActorIps);

    /**
     * Marks an open episode CLOSED with the target's final status; it expires at {@code expiresAt}.
     * With an {@code announcement} (a {@code StatusChange} as JSON, for a close the caller made
     * itself, such as an auto-resolved incident) the item stays in the poller's index, due at
     * once, until the poller has published it; without one it leaves the index now. False when it
     * was not open (someone closed it first).
     */
    boolean close(String key, int episode, String externalStatus, Instant closedAt, Instant expiresAt, String announcement);

    /**
     * Remembers that the signal recovered at {@code at} while no episode was open, for a state
     * change that arrives out of order (an alarm's OK before its ALARM).
     */
    void recordRecovery(String key, Instant at);

    /** The latest recovery recorded with {@link #recordRecovery}. */
    Optional<Instant> lastRecovery(String key);

    /**
     * One page of the open items whose next poll is due, from the sparse index: closed items are
     * not in it and cost nothing. {@code after} is the previous page's cursor, or null.
     */
    DuePage due(String shard, Instant now, int limit, DuePage.Cursor after);

    /** The item whose case id or incident ARN this is (the by-external-id index), strongly re-read. */
    Optional<LedgerItem> findByExternalId(String externalId);

    /** A poll found nothing new: when to look again. False when the item is no longer open. */
    boolean recordPoll(LedgerItem item, Instant polledAt, Instant nextPollAt);

    /**
     * Records a new status, conditional on the status {@code item} was read with, so that of two
     * overlapping runs seeing the same change only one records (and so announces) it. The change is
     * kept as a pending {@code announcement} until {@link #announced} clears it. A closed or gone
     * item leaves the index once announced. False when the recorded status was not the one read.
     */
    boolean recordStatus(LedgerItem item, ExternalStatus status, String announcement, Instant now, Instant nextPollAt,
                         Instant expiresAt);

    /** The announcement was published: forget it, and take a closed item out of the poller's index. */
    void announced(String key, int episode, Instant announcementAt);

    /** Raises the recorded maximum severity and last-seen time where these are higher; never lowers them. */
    void raiseHighWaterMarks(String key, int episode, double severity, Instant lastSeen);
}
