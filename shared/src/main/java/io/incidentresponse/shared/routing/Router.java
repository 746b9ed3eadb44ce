package io.incidentresponse.shared.routing;

import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.IgnoreReason;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Signal;

/**
 * Decides where a signal goes. Archived and sample findings are dropped first; then the rules are
 * tried in order and the first match decides; with no match, the default route applies: GuardDuty
 * findings at or above MIN_SEVERITY become Security IR cases, alarms Incident Manager incidents
 * under DEFAULT_RESPONSE_PLAN_ARN.
 */
public final class Router {
    private final RoutingConfig config;

    public Router(RoutingConfig config) {
        this.config = config;
    }

    public Decision route(Signal signal) {
        if (signal.archived()) {
            return new Decision.Ignore("archived finding", IgnoreReason.Archived);
        }
        if (signal.sample() && !config.includeSampleFindings()) {
            return new Decision.Ignore("GuardDuty sample finding (set INCLUDE_SAMPLE_FINDINGS=true to open cases for samples)",
                    IgnoreReason.Sample);
        }
        for (RoutingRule rule : config.rules()) {
            if (rule.matches(signal)) {
                return rule.decide(signal, config);
            }
        }
        return switch (signal.source()) {
            case "aws.guardduty" -> signal.severity() < config.minSeverity()
                    ? new Decision.Ignore("severity " + signal.severityText() + " is below MIN_SEVERITY " + config.minSeverity(),
                            IgnoreReason.BelowThreshold)
                    : Decision.Open.securityIr(config.caseSettings(signal), null);
            case "aws.cloudwatch" -> config.defaultResponsePlanArn() == null
                    ? new Decision.Ignore("no routing rule matched and DEFAULT_RESPONSE_PLAN_ARN is not set", IgnoreReason.NoRoute)
                    : Decision.Open.incidentManager(new IncidentSettings(config.defaultResponsePlanArn(), config.defaultImpact()), null);
            default -> new Decision.Ignore("no route for source " + signal.source(), IgnoreReason.NoRoute);
        };
    }
}
