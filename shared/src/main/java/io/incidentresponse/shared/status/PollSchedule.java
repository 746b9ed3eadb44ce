package io.incidentresponse.shared.status;

import java.time.Duration;
import java.time.Instant;

/**
 * When to look at an open case again: every interval while it is changing, then less often the
 * longer it stays the same (3x after an hour, 12x after six hours, 72x after a day), and at once
 * back to every interval when it changes.
 */
public record PollSchedule(Duration interval) {
    public Instant next(Instant now, Instant lastChangedAt) {
        Duration quiet = lastChangedAt == null ? Duration.ZERO : Duration.between(lastChangedAt, now);
        long factor;
        if (quiet.compareTo(Duration.ofDays(1)) >= 0) {
            factor = 72;
        } else if (quiet.compareTo(Duration.ofHours(6)) >= 0) {
            factor = 12;
        } else if (quiet.compareTo(Duration.ofHours(1)) >= 0) {
            factor = 3;
        } else {
            factor = 1;
        }
        return now.plus(interval.multipliedBy(factor));
    }
}
