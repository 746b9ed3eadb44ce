package io.incidentresponse.shared.signal;

import java.util.List;

/** What routing decided for one signal: open it at a target, or ignore it and say why. */
public sealed interface Decision {
    /**
     * @param caseSettings set when the target is Security IR
     * @param incidentSettings set when the target is Incident Manager
     * @param rule the routing rule that chose this, or null for the default route
     */
    record Open(Target target, CaseSettings caseSettings, IncidentSettings incidentSettings, String rule) implements Decision {
        public static Open securityIr(CaseSettings settings, String rule) {
            return new Open(Target.SECURITY_IR, settings, null, rule);
        }

        public static Open incidentManager(IncidentSettings settings, String rule) {
            return new Open(Target.INCIDENT_MANAGER, null, settings, rule);
        }

        /** The same decision with other watchers for its case; an incident has none, so it stays as it is. */
        public Open withWatchers(List<Watcher> watchers) {
            return caseSettings == null ? this : new Open(target, caseSettings.withWatchers(watchers), incidentSettings, rule);
        }
    }

    /** @param reasonClass the reason's class, for the Ignored metric */
    record Ignore(String reason, IgnoreReason reasonClass) implements Decision {
    }
}
