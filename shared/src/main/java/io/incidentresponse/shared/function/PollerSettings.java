package io.incidentresponse.shared.function;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.time.Duration;

/**
 * Everything the case poller is configured with, read from the environment once, at start-up; a
 * missing or malformed value fails here, naming its variable.
 *
 * @param pollInterval how often the schedule runs, and how often a changing case is polled
 * @param concurrency status calls in flight at once per run
 * @param timeMargin a run stops taking new items when less time than this remains
 * @param eventBus where Case Status Changed events go
 * @param closedRetention how long a closed episode stays in the ledger before its TTL removes it
 */
public record PollerSettings(String ledgerTable, Duration pollInterval, int concurrency, Duration timeMargin, String eventBus,
                             Duration closedRetention) {

    public static PollerSettings from(Settings env) {
        return new PollerSettings(
                env.required(Variables.LEDGER_TABLE),
                Duration.ofMinutes(env.integer(Variables.POLL_INTERVAL_MINUTES, 5, 1, 60)),
                env.integer(Variables.POLL_CONCURRENCY, 4, 1, 64),
                Duration.ofSeconds(env.integer(Variables.POLL_TIME_MARGIN_SECONDS, 10, 1, 300)),
                eventBus(env),
                TrackerSettings.closedRetention(env));
    }

    /** EVENT_BUS_NAME: where the poller's Case Status Changed and the signal functions' Case Opened events go. */
    static String eventBus(Settings env) {
        return env.string(Variables.EVENT_BUS_NAME, "default");
    }
}
