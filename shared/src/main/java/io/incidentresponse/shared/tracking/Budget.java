package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Whether a signal may open a new case or incident this hour (UTC): one counter per target and
 * hour in the ledger table, shared by every function and container, each place taken by a
 * conditional write that names the signal (so a retry takes no second place).
 */
final class Budget {
    static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    /** Long enough for any retry of the hour to find the same counter. */
    private static final Duration KEPT = Duration.ofDays(2);

    private final Ledger ledger;
    private final BudgetSettings settings;
    private final Clock clock;

    Budget(Ledger ledger, BudgetSettings settings, Clock clock) {
        this.ledger = ledger;
        this.settings = settings;
        this.clock = clock;
    }

    BudgetSettings settings() {
        return settings;
    }

    /** True when the signal is exempt, the target unlimited, or {@code member} has (or now takes) a place in this hour's budget. */
    boolean allows(Signal signal, Target target, String member) {
        int limit = settings.limit(target);
        if (limit == 0 || exempt(signal)) {
            return true;
        }
        Instant now = clock.instant();
        return ledger.takeBudget("budget#" + target.name() + "#" + HOUR.format(now), member, limit, now.plus(KEPT));
    }

    /** A rated signal at or above the exempt severity (alarms are unrated: never exempt). */
    boolean exempt(Signal signal) {
        return signal.rated() && signal.severity() >= settings.exemptSeverity();
    }

    /** The key of this hour's storm case at the target. */
    String stormKey(Target target) {
        return "storm#" + target.name() + "#" + HOUR.format(clock.instant());
    }
}
