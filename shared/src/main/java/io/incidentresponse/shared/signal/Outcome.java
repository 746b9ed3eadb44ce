package io.incidentresponse.shared.signal;

/**
 * What handling one event came to; handlers write it as their result and log it.
 *
 * @param status created, repeat, recovered, noted or ignored
 * @param externalId the case id or incident ARN, when there is one
 * @param detail why it was ignored, or what the repeat changed
 */
public record Outcome(String status, String eventId, String signalKey, String target, String externalId,
                      long occurrences, String detail) {
    public static final String CREATED = "created";
    public static final String REPEAT = "repeat";
    public static final String IGNORED = "ignored";
    public static final String RECOVERED = "recovered";
    public static final String NOTED = "noted";

    public static Outcome ignored(String eventId, String signalKey, String reason) {
        return new Outcome(IGNORED, eventId, signalKey, null, null, 0, reason);
    }
}
