package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Grouping;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a case shared by many signals is: a grouping rule's group, or the hour's storm case of an
 * exceeded budget. Its ledger key, how long signals join it, its title for a count, and what its
 * description says of it.
 *
 * @param window how long after the case opened signals join it; null: as long as the key is the
 *               same (the storm case's key names its hour)
 * @param budgeted whether opening the case takes a place in the new-case budget
 * @param status the outcome status of a signal added to it
 * @param openerStatus the outcome status of the signal that opened it: created for a group (a case
 *                     was opened for it), budget-exceeded for the storm case (it was over the budget)
 */
record GroupCase(String key, Duration window, Title title, String about, boolean budgeted, String status, String openerStatus) {
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** The case's title for {@code count} signals, the first of which is {@code first}, opened at {@code openedAt}. */
    @FunctionalInterface
    interface Title {
        String of(Signal first, long count, Instant openedAt);
    }

    static GroupCase of(Grouping grouping, String rule, Signal signal) {
        return new GroupCase(grouping.keyOf(rule, signal), grouping.window(), (first, count, at) -> grouping.title(first, count),
                "This case groups the signals of routing rule '" + rule + "' " + grouping.describe() + " of the first: "
                        + "each further one is added as a comment.", true, Outcome.GROUPED, Outcome.CREATED);
    }

    static GroupCase storm(String key, BudgetSettings budget, io.incidentresponse.shared.signal.Target target) {
        String about = "The new-case budget (" + BudgetSettings.variable(target) + " = " + budget.limit(target) + ") was used up this"
                + " hour: every further signal that would have opened a case or incident of its own is added here as a comment."
                + " Signals at or above severity " + budget.exemptSeverity() + " (BUDGET_EXEMPT_SEVERITY) still get their own.";
        return new GroupCase(key, null, (first, count, at) -> "New-case budget exceeded: " + count + " signal" + (count == 1 ? "" : "s")
                + " since " + HOUR_MINUTE.format(at), about, false, Outcome.BUDGET_EXCEEDED, Outcome.BUDGET_EXCEEDED);
    }

    /** Whether a signal at {@code now} still joins the case opened at {@code openedAt}. */
    boolean joins(Instant openedAt, Instant now) {
        return window == null || openedAt == null || now.isBefore(openedAt.plus(window));
    }

    /** The signal the case is opened for: the first one's, titled as the group, saying what the case is first. */
    Signal opener(Signal first, Instant now) {
        List<Detail> details = new ArrayList<>();
        details.add(new Detail("Grouped", about));
        details.addAll(first.details());
        return first.toBuilder().key(key).title(title.of(first, 1, now)).details(details).build();
    }

    /**
     * Whether the title is worth changing at {@code count}: at 2, 5, 10, 20, 50, 100 ... (the
     * largest such step reached, so a count read past a step still counts it).
     */
    static long titleStep(long count) {
        long step = 1;
        for (long decade = 1; decade <= count; decade *= 10) {
            for (long factor : new long[] {1, 2, 5}) {
                if (decade * factor <= count) {
                    step = decade * factor;
                }
            }
        }
        return step;
    }
}
