package io.incidentresponse.shared.routing;

import io.incidentresponse.shared.signal.Signal;

/** Routing v1: which signals open Security IR cases, with which engagement, resolver and watchers. */
public final class Router {
    private final RoutingConfig config;

    public Router(RoutingConfig config) {
        this.config = config;
    }

    public Decision route(Signal signal) {
        if (signal.archived()) {
            return new Decision.Ignore("archived finding");
        }
        if (signal.sample() && !config.includeSampleFindings()) {
            return new Decision.Ignore("GuardDuty sample finding (set INCLUDE_SAMPLE_FINDINGS=true to open cases for samples)");
        }
        if (signal.severity() < config.minSeverity()) {
            return new Decision.Ignore("severity " + signal.severityText() + " is below MIN_SEVERITY " + config.minSeverity());
        }
        var band = signal.band();
        return new Decision.Open(Target.SECURITY_IR, new CaseSettings(
                config.engagementTypes().get(band), config.resolverTypes().get(band), config.watchers()));
    }
}
