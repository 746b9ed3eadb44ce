package io.incidentresponse.shared.signal;

import io.incidentresponse.shared.text.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What any source says, in one shape: the routing rules and every target mapping read this, never
 * the source's own model. Text in it is already cleaned; lengths are bounded by the target mapping.
 *
 * @param key ledger key, unique per tracked signal (e.g. {@code guardduty#<account>#<region>#<id>})
 * @param source EventBridge source, e.g. {@code aws.guardduty}
 * @param kind what it is within the source: the finding type, or the alarm name
 * @param sourceId the source's own id: the finding id or the alarm ARN
 * @param severity on GuardDuty's scale, 1.0 to 10.0; 0 for sources that do not rate (alarms)
 * @param details label/value lines a responder reads first
 * @param sourceCount how many times the source itself saw it (GuardDuty's {@code service.count})
 * @param notes what the translation dropped or changed, so the case can say so
 * @param references links a responder follows: console pages, resource ARNs, metric definitions
 * @param rawEvent the event as delivered (already cleaned of nothing: it is passed on as data, never logged)
 */
public record Signal(
        String key,
        String source,
        String kind,
        String sourceId,
        double severity,
        String title,
        String summary,
        String account,
        String region,
        String partition,
        List<ThreatActor> actors,
        List<Detail> details,
        List<String> impactedServices,
        Instant firstSeen,
        Instant lastSeen,
        int sourceCount,
        String consoleUrl,
        boolean archived,
        boolean sample,
        List<String> notes,
        List<Reference> references,
        String rawEvent) {

    public static final int LOG_NOTES = 10;
    public static final int LOG_NOTE_LENGTH = 300;

    public Signal {
        actors = List.copyOf(actors);
        details = List.copyOf(details);
        impactedServices = List.copyOf(impactedServices);
        notes = List.copyOf(notes);
        references = List.copyOf(references);
    }

    /** Whether the source rates severity at all: GuardDuty does, CloudWatch alarms do not. */
    public boolean rated() {
        return severity > 0;
    }

    public SeverityBand band() {
        return SeverityBand.of(severity);
    }

    /**
     * The notes for a log line: what the translation skipped, dropped or changed, at most
     * {@value #LOG_NOTES} of them, each at most {@value #LOG_NOTE_LENGTH} characters, joined with
     * {@code " | "}; null when there are none (so the field is left out).
     */
    public String notesForLog() {
        if (notes.isEmpty()) {
            return null;
        }
        List<String> shown = new ArrayList<>();
        notes.stream().limit(LOG_NOTES).forEach(note -> shown.add(SafeText.bounded(note, LOG_NOTE_LENGTH)));
        if (notes.size() > LOG_NOTES) {
            shown.add("and " + (notes.size() - LOG_NOTES) + " more");
        }
        return String.join(" | ", shown);
    }

    /** "High (8.0)", or "unrated". */
    public String severityText() {
        return rated() ? band().label() + " (" + severity + ")" : "unrated";
    }
}
