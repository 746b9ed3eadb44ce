package io.incidentresponse.shared.function;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.routing.RoutingConfig;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.time.Duration;

/**
 * Everything a signal function (findings or alarms) is configured with, read from the environment
 * once, at start-up; a missing or malformed value fails here, naming its variable. Both functions
 * read the same variables, because routing rules may send any signal to either target.
 *
 * @param watchersFromMembership whether the Security IR membership's incident response team watch every new case
 * @param membershipRefresh how long a container keeps the team it read before reading it again
 * @param eventBus where the Case Opened events go
 */
public record SignalSettings(String ledgerTable, RoutingConfig routing, TrackerSettings tracking, boolean autoResolve,
                             boolean insufficientDataTimeline, boolean watchersFromMembership, Duration membershipRefresh,
                             String eventBus) {

    public static SignalSettings from(Settings env) {
        return new SignalSettings(
                env.required(Variables.LEDGER_TABLE),
                RoutingConfig.from(env),
                TrackerSettings.from(env),
                env.bool(Variables.AUTO_RESOLVE, false),
                env.bool(Variables.INSUFFICIENT_DATA_TIMELINE, false),
                env.bool(Variables.WATCHERS_FROM_MEMBERSHIP, true),
                Duration.ofMinutes(env.integer(Variables.MEMBERSHIP_REFRESH_MINUTES, 60, 1, 1440)),
                PollerSettings.eventBus(env));
    }
}
