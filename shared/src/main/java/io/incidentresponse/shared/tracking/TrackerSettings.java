package io.incidentresponse.shared.tracking;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import java.time.Duration;

/**
 * @param claimLease how long a delivery's claim holds before another may take it over; longer than
 *                   the function's timeout, so a live holder is never overtaken
 * @param claimWait how long a repeat waits for a concurrent delivery to finish opening the case
 * @param firstPoll when the poller first looks at a newly opened case
 * @param closedRetention how long a closed episode stays in the ledger before its TTL removes it
 */
public record TrackerSettings(Duration claimLease, Duration claimWait, Duration claimPollInterval, Duration firstPoll,
                              Duration closedRetention) {

    public static TrackerSettings from(Settings settings) {
        return new TrackerSettings(
                Duration.ofSeconds(settings.integer(Variables.CLAIM_LEASE_SECONDS, 90, 5, 3600)),
                Duration.ofSeconds(8),
                Duration.ofMillis(200),
                Duration.ofMinutes(5),
                closedRetention(settings));
    }

    /** CLOSED_RETENTION_DAYS: read by the signal functions (auto-resolved incidents) and the poller (closed cases) alike. */
    public static Duration closedRetention(Settings settings) {
        return Duration.ofDays(settings.integer(Variables.CLOSED_RETENTION_DAYS, 365, 1, 3650));
    }
}
