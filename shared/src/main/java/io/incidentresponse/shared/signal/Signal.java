package io.incidentresponse.shared.signal;

import java.time.Instant;
import java.util.List;

/**
 * What any source says, in one shape: the routing rules and every target mapping read this, never
 * the source's own model. Text in it is already cleaned; lengths are bounded by the target mapping.
 *
 * @param key ledger key, unique per tracked signal (e.g. {@code guardduty#<account>#<region>#<id>})
 * @param source EventBridge source, e.g. {@code aws.guardduty}
 * @param kind what it is within the source: the finding type, or the alarm name
 * @param sourceId the source's own id: the finding id or the alarm ARN
 * @param resource the affected resource's id (instance id, access key, bucket, cluster, function
 *                 ...), what grouping by resource compares; null when the source names none
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
        String resource,
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

    public Signal {
        actors = List.copyOf(actors);
        details = List.copyOf(details);
        impactedServices = List.copyOf(impactedServices);
        notes = List.copyOf(notes);
        references = List.copyOf(references);
    }

    /** A signal from {@code source}, built member by member; what is not set is empty, 0 or false. */
    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** The same signal with some members changed. */
    public Builder toBuilder() {
        return new Builder(source).key(key).kind(kind).sourceId(sourceId).resource(resource).severity(severity).title(title).summary(summary)
                .account(account).region(region).partition(partition).actors(actors).details(details)
                .impactedServices(impactedServices).firstSeen(firstSeen).lastSeen(lastSeen).sourceCount(sourceCount)
                .consoleUrl(consoleUrl).archived(archived).sample(sample).notes(notes).references(references).rawEvent(rawEvent);
    }

    /** Names every member where it is set, instead of 22 positional arguments. */
    public static final class Builder {
        private final String source;
        private String key;
        private String kind;
        private String sourceId;
        private String resource;
        private double severity;
        private String title;
        private String summary = "";
        private String account;
        private String region;
        private String partition = "aws";
        private List<ThreatActor> actors = List.of();
        private List<Detail> details = List.of();
        private List<String> impactedServices = List.of();
        private Instant firstSeen;
        private Instant lastSeen;
        private int sourceCount = 1;
        private String consoleUrl;
        private boolean archived;
        private boolean sample;
        private List<String> notes = List.of();
        private List<Reference> references = List.of();
        private String rawEvent;

        private Builder(String source) {
            this.source = source;
        }

        public Builder key(String value) {
            key = value;
            return this;
        }

        public Builder kind(String value) {
            kind = value;
            return this;
        }

        public Builder sourceId(String value) {
            sourceId = value;
            return this;
        }

        public Builder resource(String value) {
            resource = value;
            return this;
        }

        public Builder severity(double value) {
            severity = value;
            return this;
        }

        public Builder title(String value) {
            title = value;
            return this;
        }

        public Builder summary(String value) {
            summary = value;
            return this;
        }

        public Builder account(String value) {
            account = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder partition(String value) {
            partition = value;
            return this;
        }

        public Builder actors(List<ThreatActor> value) {
            actors = value;
            return this;
        }

        public Builder details(List<Detail> value) {
            details = value;
            return this;
        }

        public Builder impactedServices(List<String> value) {
            impactedServices = value;
            return this;
        }

        /** When the activity began and when it was last seen. */
        public Builder seen(Instant first, Instant last) {
            return firstSeen(first).lastSeen(last);
        }

        public Builder firstSeen(Instant value) {
            firstSeen = value;
            return this;
        }

        public Builder lastSeen(Instant value) {
            lastSeen = value;
            return this;
        }

        public Builder sourceCount(int value) {
            sourceCount = value;
            return this;
        }

        public Builder consoleUrl(String value) {
            consoleUrl = value;
            return this;
        }

        public Builder archived(boolean value) {
            archived = value;
            return this;
        }

        public Builder sample(boolean value) {
            sample = value;
            return this;
        }

        public Builder notes(List<String> value) {
            notes = value;
            return this;
        }

        public Builder references(List<Reference> value) {
            references = value;
            return this;
        }

        public Builder rawEvent(String value) {
            rawEvent = value;
            return this;
        }

        public Signal build() {
            return new Signal(key, source, kind, sourceId, resource, severity, title, summary, account, region, partition, actors, details,
                    impactedServices, firstSeen, lastSeen, sourceCount, consoleUrl, archived, sample, notes, references, rawEvent);
        }
    }

    /** Whether the source rates severity at all: GuardDuty does, CloudWatch alarms do not. */
    public boolean rated() {
        return severity > 0;
    }

    public SeverityBand band() {
        return SeverityBand.of(severity);
    }

    /** "High (8.0)", or "unrated". */
    public String severityText() {
        return rated() ? band().label() + " (" + severity + ")" : "unrated";
    }
}
