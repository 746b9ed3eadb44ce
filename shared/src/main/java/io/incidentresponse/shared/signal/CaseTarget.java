package io.incidentresponse.shared.signal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A service a routed signal is opened at: Security IR cases, Incident Manager incidents. Every
 * call carries an idempotency token derived from what it does, so a retry never acts twice.
 */
public interface CaseTarget {

    /** The status a newly opened case or incident is in, as its service names it. */
    String initialStatus();

    /**
     * What the target adds to a routed decision before the episode is claimed, e.g. Security IR's
     * membership team as watchers. The claim records the result, so every attempt with the episode's
     * client token sends the same request. By default the decision as it is.
     */
    default Decision.Open prepare(Decision.Open decision) {
        return decision;
    }

    /** Opens the case or incident; the same {@code clientToken} must yield the same id. Returns the id. */
    String open(Signal signal, Decision.Open decision, String clientToken);

    /** Tells the open case or incident what a repeat of its signal changed. */
    void addUpdate(String externalId, Signal signal, Change change, long occurrences, String clientToken);

    /**
     * Adds a signal to the case or incident that groups it with others (a grouping rule's, or the
     * storm case of an exceeded budget): one comment or timeline event saying what the signal is
     * ({@link MemberText}) and {@code notes}, such as a severity higher than the group's so far.
     */
    void addMember(String externalId, Signal member, List<String> notes, String clientToken);

    /**
     * Adds remote addresses to the case's threat actors, as many as its limit leaves room for
     * beside the {@code onCase} it holds already; returns those it added. None where the target
     * has no such list, or refused them (the member's comment names them anyway).
     */
    default List<String> addThreatActors(String externalId, int onCase, List<ThreatActor> fresh) {
        return List.of();
    }

    /** Gives the case or incident a new title (a group's count). */
    void retitle(String externalId, String title);

    /** Records on the case or incident that its signal recovered (an alarm back to OK), with when and why. */
    void addRecovery(String externalId, Signal signal, Instant recoveredAt, String reason, String clientToken);

    /**
     * Closes the incident because its signal recovered, where the target allows that to be
     * automatic, and returns the status it is now in. Empty where it does not (a Security IR case
     * is closed by people).
     */
    Optional<String> resolve(String externalId, String clientToken);
}
