package io.incidentresponse.shared.signal;

import java.util.List;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/** How a Security IR case is opened for a routed signal. */
public record CaseSettings(EngagementType engagementType, ResolverType resolverType, List<Watcher> watchers) {
    public CaseSettings {
        watchers = List.copyOf(watchers);
    }

    public CaseSettings withWatchers(List<Watcher> others) {
        return new CaseSettings(engagementType, resolverType, others);
    }
}
