package io.incidentresponse.shared.signal;

import java.util.ArrayList;
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

    /**
     * What changed, as sentences for a person (a case comment, a timeline event): "Severity
     * raised from 8.0 to Critical (9.5).", "New remote addresses: 203.0.113.200.", the restatement.
     *
     * @param severityText the new severity as the signal words it, e.g. "Critical (9.5)"
     */
    public List<String> sentences(String severityText) {
        List<String> out = new ArrayList<>();
        if (raisesSeverity()) {
            out.add("Severity raised from " + previousSeverity + " to " + severityText + ".");
        }
        if (!newActorIps.isEmpty()) {
            out.add("New remote addresses: " + String.join(", ", newActorIps) + ".");
        }
        if (restatement != null) {
            out.add(restatement);
        }
        return out;
    }

    /** What changed, in a few words for the outcome and the log: "severity 8.0 -> 9.5 new remote addresses 203.0.113.200". */
    public String summary() {
        StringBuilder text = new StringBuilder();
        if (raisesSeverity()) {
            text.append(" severity ").append(previousSeverity).append(" -> ").append(severity);
        }
        if (!newActorIps.isEmpty()) {
            text.append(" new remote addresses ").append(String.join(", ", newActorIps));
        }
        if (restatement != null) {
            text.append(' ').append(restatement);
        }
        return text.toString().strip();
    }

    /** A stable description of the change, for its idempotency token. */
    public String fingerprint() {
        return severity + "|" + String.join(",", newActorIps.stream().sorted().toList()) + "|" + restatement;
    }
}
