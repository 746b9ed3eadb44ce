package io.incidentresponse.shared.signal;

import java.util.List;

/**
 * What a repeat of a tracked signal adds: a higher severity, remote addresses not seen before, or
 * (for alarms) a restatement such as "in ALARM again" that is always worth telling.
 */
public record Change(double previousSeverity, double severity, List<String> newActorIps, String restatement) {
    public Change {
        newActorIps = List.copyOf(newActorIps);
    }

    public boolean raisesSeverity() {
        return severity > previousSeverity;
    }

    public boolean matters() {
        return raisesSeverity() || !newActorIps.isEmpty() || restatement != null;
    }

    /** A stable description of the change, for its idempotency token. */
    public String fingerprint() {
        return severity + "|" + String.join(",", newActorIps.stream().sorted().toList()) + "|" + restatement;
    }
}
