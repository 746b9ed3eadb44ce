package io.incidentresponse.shared.event;

/**
 * The event cannot be processed as it is. Thrown before anything is written, so the invocation
 * fails, nothing is half-done, and the event reaches the failure destination with this message.
 */
public final class MalformedEventException extends RuntimeException {
    private final String eventId;

    public MalformedEventException(String eventId, String problem) {
        super("event " + (eventId == null ? "(no id)" : eventId) + ": " + problem);
        this.eventId = eventId;
    }

    public MalformedEventException(String eventId, String problem, Throwable cause) {
        super("event " + (eventId == null ? "(no id)" : eventId) + ": " + problem, cause);
        this.eventId = eventId;
    }

    public String eventId() {
        return eventId;
    }
}
