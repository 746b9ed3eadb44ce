package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.signal.Watcher;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a first delivery writes when it claims a signal episode.
 *
 * @param watchers the watchers the case is opened with (a Security IR case), recorded so that a
 *                 delivery taking the claim over sends them again, unchanged, with the same client
 *                 token; null for an incident
 */
public record NewClaim(
        String key,
        int episode,
        Target target,
        String clientToken,
        String owner,
        Instant now,
        Instant leaseUntil,
        double severity,
        Set<String> actorIps,
        Instant firstSeen,
        Instant lastSeen,
        String source,
        String kind,
        String account,
        String region,
        String title,
        List<Watcher> watchers) {

    public NewClaim {
        actorIps = Set.copyOf(actorIps);
        watchers = watchers == null ? null : List.copyOf(watchers);
    }
}
