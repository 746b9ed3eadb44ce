package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.signal.IgnoreReason;
import java.time.Instant;

/** What an arriving event asks of its signal's episode; the source's policy decides it. */
public sealed interface Intent {

    /**
     * Route the signal and open its case or incident, or count a repeat of it.
     *
     * @param restatement what is worth telling an open case even when nothing else changed (an
     *                    alarm in ALARM again); null when a plain repeat only counts
     * @param recoveryMayPrecede a recovery of this signal may have been delivered before it (an
     *                           alarm's OK before its ALARM): apply it once the episode is open
     * @param resolveOnRecovery resolve the incident when it recovers, where the target allows
     */
    record Open(String restatement, boolean recoveryMayPrecede, boolean resolveOnRecovery) implements Intent {
        /** A signal that only opens and repeats (a GuardDuty finding). */
        public static Open once() {
            return new Open(null, false, false);
        }
    }

    /** The signal recovered (an alarm back to OK) at {@code at}, for {@code reason}. */
    record Recover(Instant at, String reason, boolean resolve) implements Intent {
    }

    /** Tell the open episode something without counting a repeat (INSUFFICIENT_DATA). */
    record Note(String text) implements Intent {
    }

    /** Nothing to do, and why; {@code reasonClass} for the Ignored metric. */
    record Ignore(String reason, IgnoreReason reasonClass) implements Intent {
    }
}
