package io.incidentresponse.shared.signal;

import java.util.List;

/**
 * What handling one event came to; handlers write it as their result and log it.
 *
 * @param status created, repeat, grouped, budget-exceeded, recovered, noted, ignored, or dry-run
 * @param externalId the case id or incident ARN, when there is one
 * @param detail why it was ignored, or what the repeat changed
 * @param requests in a dry run, each request (JSON: service, operation, request) it would have
 *                 sent; empty otherwise
 */
public record Outcome(String status, String eventId, String signalKey, String target, String externalId,
                      long occurrences, String detail, List<String> requests) {
    public static final String CREATED = "created";
    public static final String REPEAT = "repeat";
    /** Added to a case that groups it with others (a grouping rule, or the storm case of an exceeded budget). */
    public static final String GROUPED = "grouped";
    /** Over the hour's new-case budget: added to that hour's storm case instead of opening one. */
    public static final String BUDGET_EXCEEDED = "budget-exceeded";
    public static final String IGNORED = "ignored";
    public static final String RECOVERED = "recovered";
    public static final String NOTED = "noted";
    /** A dry run: what would have been sent is in {@link #requests}; the detail says what it would have come to. */
    public static final String DRY_RUN = "dry-run";

    public Outcome {
        requests = requests == null ? List.of() : List.copyOf(requests);
    }

    public Outcome(String status, String eventId, String signalKey, String target, String externalId, long occurrences,
                   String detail) {
        this(status, eventId, signalKey, target, externalId, occurrences, detail, List.of());
    }

    public static Outcome ignored(String eventId, String signalKey, String reason) {
        return new Outcome(IGNORED, eventId, signalKey, null, null, 0, reason);
    }

    /** This outcome as a dry run reports it: status dry-run, what it would have been said first in the detail. */
    public Outcome asDryRun(List<String> wouldHaveSent) {
        String said = status + " (dry run: nothing sent)" + (detail == null ? "" : "; " + detail);
        return new Outcome(DRY_RUN, eventId, signalKey, target, externalId, occurrences, said, wouldHaveSent);
    }
}
