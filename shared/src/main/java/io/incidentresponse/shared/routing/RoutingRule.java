package io.incidentresponse.shared.routing;

import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.IgnoreReason;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.signal.Watcher;
import java.util.List;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/**
 * One entry of ROUTING_RULES: where matching signals go, with the settings it overrides (null:
 * the default applies). A null target means matching signals are ignored.
 */
public record RoutingRule(
        String name,
        Match match,
        Target target,
        EngagementType engagementType,
        ResolverType resolverType,
        List<Watcher> watchers,
        String responsePlanArn,
        Integer impact) {

    boolean matches(Signal signal) {
        return match.matches(signal);
    }

    Decision decide(Signal signal, RoutingConfig defaults) {
        if (target == null) {
            return new Decision.Ignore("routing rule '" + name + "' ignores it", IgnoreReason.Rule);
        }
        if (target == Target.SECURITY_IR) {
            CaseSettings fallback = defaults.caseSettings(signal);
            return Decision.Open.securityIr(new CaseSettings(
                    engagementType != null ? engagementType : fallback.engagementType(),
                    resolverType != null ? resolverType : fallback.resolverType(),
                    watchers != null ? watchers : fallback.watchers()), name);
        }
        return Decision.Open.incidentManager(new IncidentSettings(
                responsePlanArn != null ? responsePlanArn : defaults.defaultResponsePlanArn(),
                impact != null ? impact : defaults.defaultImpact()), name);
    }
}
