package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Target;
import java.util.EnumMap;
import java.util.Map;

/** The services signals are opened at, by target. */
final class Targets {
    private final Map<Target, CaseTarget> byTarget;

    Targets(Map<Target, CaseTarget> byTarget) {
        this.byTarget = byTarget.isEmpty() ? new EnumMap<>(Target.class) : new EnumMap<>(byTarget);
    }

    CaseTarget of(Target target) {
        CaseTarget found = byTarget.get(target);
        if (found == null) {
            throw new IllegalStateException("no client for target " + target);
        }
        return found;
    }
}
