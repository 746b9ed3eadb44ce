package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.signal.Target;

/**
 * The new-case budget: at most so many new cases (and incidents) an hour, across every function;
 * 0 is no limit. Signals at or above {@code exemptSeverity} always get their own case and take no
 * place in it.
 */
public record BudgetSettings(int casesPerHour, int incidentsPerHour, double exemptSeverity) {
    /** The most places an hour's budget may have (its record holds a 16-digit digest per place). */
    public static final int MAX_PER_HOUR = 10_000;
    public static final BudgetSettings UNLIMITED = new BudgetSettings(0, 0, 9.0);

    public static BudgetSettings from(Settings env) {
        return new BudgetSettings(
                env.integer(Variables.MAX_NEW_CASES_PER_HOUR, 50, 0, MAX_PER_HOUR),
                env.integer(Variables.MAX_NEW_INCIDENTS_PER_HOUR, 50, 0, MAX_PER_HOUR),
                env.decimal(Variables.BUDGET_EXEMPT_SEVERITY, 9.0, 1.0, 10.0));
    }

    /** The hourly limit for new cases or incidents at the target; 0: none. */
    public int limit(Target target) {
        return target == Target.SECURITY_IR ? casesPerHour : incidentsPerHour;
    }

    /** The variable the target's limit is read from, for what a storm case says. */
    static String variable(Target target) {
        return target == Target.SECURITY_IR ? Variables.MAX_NEW_CASES_PER_HOUR : Variables.MAX_NEW_INCIDENTS_PER_HOUR;
    }
}
