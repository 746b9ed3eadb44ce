package io.incidentresponse.shared.signal;

/** Tells the organisation that a case or an incident was opened: a {@code Case Opened} event. */
public interface OpeningAnnouncer {
    /** Throws when the event was not taken, so that it stays pending and is published later. */
    void announce(CaseOpened opened);

    /** Announces nothing (tests and tools that do not look at events). */
    OpeningAnnouncer NONE = opened -> { };
}
