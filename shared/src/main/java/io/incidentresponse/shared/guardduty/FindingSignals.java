package io.incidentresponse.shared.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.event.TolerantReader;
import io.incidentresponse.shared.signal.AwsIds;
import io.incidentresponse.shared.signal.Console;
import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Reference;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Timestamps;
import io.incidentresponse.shared.text.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a GuardDuty finding event into a {@link Signal}, or refuses it as malformed. */
public final class FindingSignals {
    public static final String SOURCE = "aws.guardduty";
    public static final String DETAIL_TYPE = "GuardDuty Finding";
    static final int MAX_FIELD = 256;

    private FindingSignals() {
    }

    /**
     * The finding's signal. What a case cannot do without is read strictly: {@code detail.id},
     * {@code type}, {@code accountId}, a region ({@code detail.region}, else the event's) and a
     * numeric {@code severity}; without one of them the event is refused, naming it. Everything
     * else is read tolerantly ({@link TolerantReader}): a part that cannot be read is left out and
     * named in the notes, so the case says its description is partial.
     */
    public static Signal fromEvent(EventEnvelope event) {
        TolerantReader reader = new TolerantReader();
        Finding finding = reader.read(event.detail(), Finding.class, "detail");
        String eventId = event.id();
        String findingId = requireText(eventId, reader, finding.id(), "detail.id", "the finding id");
        String type = requireText(eventId, reader, finding.type(), "detail.type", "the finding type");
        String account = accountId(eventId, requireText(eventId, reader, finding.accountId(), "detail.accountId", "the account"));
        List<String> notes = new ArrayList<>(event.notes());
        String region = region(eventId, findingId, finding.region(), event.region(), notes);
        if (finding.severity() == null) {
            throw new MalformedEventException(eventId, "GuardDuty finding " + SafeText.bounded(findingId, 128) + " has no numeric detail.severity"
                    + reader.why("detail.severity").map(why -> " (" + why + ")").orElse(""));
        }
        double severity = Math.max(0.0, Math.min(10.0, finding.severity()));
        String partition = Optional.ofNullable(finding.partition()).filter(p -> p.matches("aws(-[a-z-]+)?")).orElse("aws");
        Finding.Service service = finding.service();
        notes.addAll(reader.notes());

        Instant firstSeen = firstTime(notes, "first-seen", service == null ? null : service.eventFirstSeen(), finding.createdAt(), event.time());
        Instant lastSeen = firstTime(notes, "last-seen", service == null ? null : service.eventLastSeen(), finding.updatedAt(), event.time());
        int count = service == null || service.count() == null ? 1 : Math.max(1, service.count());
        String console = consoleUrl(partition, region, findingId);

        List<Detail> details = new ArrayList<>();
        details.add(new Detail("Finding type", type));
        details.add(new Detail("Severity", severityLabel(severity)));
        details.add(new Detail("Account", account));
        details.add(new Detail("Region", region));
        ResourceText.describe(finding.resource()).ifPresent(text -> details.add(new Detail("Resource", text)));
        if (service != null && service.resourceRole() != null) {
            details.add(new Detail("Resource role", clean(service.resourceRole())));
        }
        ActionText.describe(service == null ? null : service.action()).ifPresent(text -> details.add(new Detail("Action", text)));
        ActionText.describe(service == null || service.detection() == null ? null : service.detection().sequence())
                .ifPresent(text -> details.add(new Detail("Attack sequence", text)));
        if (service != null && service.runtimeDetails() != null && service.runtimeDetails().process() != null) {
            var process = service.runtimeDetails().process();
            details.add(new Detail("Process", ResourceText.join(clean(process.name()),
                    process.pid() == null ? null : "pid " + process.pid(), clean(process.executablePath()),
                    process.user() == null ? null : "user " + clean(process.user()))));
        }
        details.add(new Detail("Occurrences", count + " (GuardDuty count), first seen " + text(firstSeen)
                + ", last seen " + text(lastSeen)));
        details.add(new Detail("Finding ID", clean(findingId)));
        if (finding.arn() != null) {
            details.add(new Detail("Finding ARN", clean(finding.arn())));
        }
        details.add(new Detail("Console", console));

        return Signal.builder(SOURCE)
                .key("guardduty#" + account + "#" + region + "#" + clean(findingId))
                .kind(clean(type))
                .sourceId(clean(findingId))
                .resource(finding.resource() == null ? null : ResourceText.id(finding.resource()).orElse(null))
                .severity(severity)
                .title(SafeText.clean(Optional.ofNullable(finding.title()).filter(t -> !t.isBlank()).orElse(type)))
                .summary(SafeText.clean(finding.description()))
                .account(account)
                .region(region)
                .partition(partition)
                .actors(RemoteActors.of(service, notes))
                .details(details)
                .impactedServices(ImpactedServices.of(finding))
                .seen(firstSeen, lastSeen)
                .sourceCount(count)
                .consoleUrl(console)
                .archived(service != null && Boolean.TRUE.equals(service.archived()))
                .sample(isSample(service))
                .notes(notes)
                .references(references(finding, console))
                .rawEvent(EventJson.toJson(event))
                .build();
    }

    private static List<Reference> references(Finding finding, String console) {
        List<Reference> references = new ArrayList<>();
        references.add(new Reference(Reference.Kind.URL, "GuardDuty finding in the console", console));
        if (finding.arn() != null && finding.arn().startsWith("arn:")) {
            references.add(new Reference(Reference.Kind.ARN, "GuardDuty finding", clean(finding.arn())));
        }
        return references;
    }

    static String severityLabel(double severity) {
        return io.incidentresponse.shared.signal.SeverityBand.of(severity).label() + " (" + severity + ")";
    }

    /** GuardDuty account ids are strings; one that lost its leading zeros is padded back to 12 digits. */
    static String accountId(String eventId, String raw) {
        return AwsIds.accountId(raw).orElseThrow(() -> new MalformedEventException(eventId, "detail.accountId '"
                + SafeText.bounded(raw, 40) + "' is not an AWS account id (1 to 12 digits)"));
    }

    static String consoleUrl(String partition, String region, String findingId) {
        return Console.url(partition, region, "/guardduty/home?region=" + region + "#/findings?macros=current&fId=" + Console.encode(findingId));
    }

    private static boolean isSample(Finding.Service service) {
        if (service == null || service.additionalInfo() == null) {
            return false;
        }
        JsonNode info = service.additionalInfo();
        if (isTrue(info.get("sample"))) {
            return true;
        }
        JsonNode value = info.get("value");
        if (value != null && value.isTextual() && value.asText().contains("sample")) {
            try {
                return isTrue(EventJson.MAPPER.readTree(value.asText()).get("sample"));
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isTrue(JsonNode node) {
        return node != null && (node.asBoolean(false) || "true".equalsIgnoreCase(node.asText()));
    }

    /** The first candidate that is a readable time; each unreadable one, and having none, is noted. */
    private static Instant firstTime(List<String> notes, String what, String... candidates) {
        for (String candidate : candidates) {
            if (candidate == null || candidate.isBlank()) {
                continue;
            }
            Optional<Instant> parsed = Timestamps.parse(candidate);
            if (parsed.isPresent()) {
                return parsed.get();
            }
            String note = "Timestamp '" + SafeText.bounded(candidate, 40) + "' could not be read and was skipped.";
            if (!notes.contains(note)) {
                notes.add(note);
            }
        }
        notes.add("The finding carries no readable " + what + " time; the time of processing is used.");
        return Instant.now();
    }

    private static String requireText(String eventId, TolerantReader reader, String value, String path, String what) {
        if (value == null || SafeText.clean(value).isEmpty()) {
            throw new MalformedEventException(eventId, "GuardDuty finding has no " + path + " (" + what + ")"
                    + reader.why(path).map(why -> ": " + why).orElse(""));
        }
        return value;
    }

    /** The finding's own region; the event's when the finding's is missing or not a region name. */
    private static String region(String eventId, String findingId, String findingRegion, String eventRegion, List<String> notes) {
        if (AwsIds.isRegion(findingRegion)) {
            return findingRegion;
        }
        if (!AwsIds.isRegion(eventRegion)) {
            throw new MalformedEventException(eventId, "GuardDuty finding " + SafeText.bounded(findingId, 128)
                    + " has no valid region (neither detail.region nor the event's region)");
        }
        if (findingRegion != null && !findingRegion.isBlank()) {
            notes.add("detail.region '" + SafeText.bounded(findingRegion, 40) + "' is not a region name; the event's region "
                    + eventRegion + " is used.");
        }
        return eventRegion;
    }

    static String clean(String value) {
        return value == null ? null : SafeText.bounded(value, MAX_FIELD);
    }

    private static String text(Instant instant) {
        return instant.toString();
    }
}
