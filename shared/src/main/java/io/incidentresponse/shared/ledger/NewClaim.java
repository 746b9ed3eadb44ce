package io.incidentresponse.shared.ledger;

import io.incidentresponse.shared.signal.Target;
import java.time.Instant;
import java.util.Set;

/** What a first delivery writes when it claims a signal episode. */
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
        String title) {

    public NewClaim {
        actorIps = Set.copyOf(actorIps);
    }
}
