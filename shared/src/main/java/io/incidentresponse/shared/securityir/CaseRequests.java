package io.incidentresponse.shared.securityir;

import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.signal.Watcher;
import io.incidentresponse.shared.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.ImpactedAwsRegion;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;

/**
 * Builds the CreateCase request for a signal. Every member is brought within the service model
 * (lengths, counts, patterns, enums) here; whatever had to be cut or left out is said in the
 * description, so nothing disappears silently.
 */
public final class CaseRequests {
    static final String TRUNCATION_MARKER = "\n… [truncated: the full finding is in the console link above]";
    private static final Pattern SERVICE_NAME = Pattern.compile(CaseLimits.SERVICE_NAME_PATTERN);

    private CaseRequests() {
    }

    public static CreateCaseRequest createCase(Signal signal, CaseSettings settings, String clientToken) {
        List<String> notes = new ArrayList<>(signal.notes());
        List<ThreatActorIp> actors = threatActors(signal.actors(), notes);
        List<software.amazon.awssdk.services.securityir.model.Watcher> watchers = watchers(settings, notes);
        List<String> services = services(signal.impactedServices(), notes);
        List<ImpactedAwsRegion> regions = new ArrayList<>();
        if (CaseLimits.REGIONS.contains(signal.region())) {
            regions.add(ImpactedAwsRegion.builder().region(signal.region()).build());
        } else {
            notes.add("Region " + signal.region() + " is not one Security IR lists, so impactedAwsRegions is empty.");
        }
        return CreateCaseRequest.builder()
                .clientToken(clientToken)
                .title(title(signal))
                .description(description(signal, notes))
                .engagementType(settings.engagementType())
                .resolverType(settings.resolverType())
                .reportedIncidentStartDate(signal.firstSeen())
                .impactedAccounts(List.of(signal.account()))
                .watchers(watchers)
                .threatActorIpAddresses(actors)
                .impactedServices(services)
                .impactedAwsRegions(regions)
                .tags(tags(signal))
                .build();
    }

    static String title(Signal signal) {
        String title = SafeText.clean(signal.title());
        if (title.isEmpty()) {
            title = SafeText.clean(signal.kind());
        }
        return SafeText.truncate(title, CaseLimits.TITLE_MAX, "…");
    }

    /** What a responder needs on one screen; the source's own free text last, so a cut loses the least. */
    static String description(Signal signal, List<String> notes) {
        StringBuilder text = new StringBuilder();
        for (Detail detail : signal.details()) {
            text.append(detail.label()).append(": ").append(SafeText.clean(detail.value())).append('\n');
        }
        if (!notes.isEmpty()) {
            text.append("\nNotes from the automation:\n");
            for (String note : notes) {
                text.append("- ").append(SafeText.clean(note)).append('\n');
            }
        }
        String summary = SafeText.cleanLines(signal.summary()).strip();
        if (!summary.isEmpty()) {
            text.append('\n').append(summary).append('\n');
        }
        return SafeText.truncate(text.toString().strip(), CaseLimits.DESCRIPTION_MAX, TRUNCATION_MARKER);
    }

    private static List<ThreatActorIp> threatActors(List<ThreatActor> actors, List<String> notes) {
        List<ThreatActorIp> out = new ArrayList<>();
        for (ThreatActor actor : actors) {
            if (out.size() == CaseLimits.THREAT_ACTORS_MAX) {
                notes.add((actors.size() - out.size()) + " further remote addresses left out: Security IR takes at most "
                        + CaseLimits.THREAT_ACTORS_MAX + ".");
                break;
            }
            var ip = ThreatActorIp.builder().ipAddress(actor.ipAddress());
            if (actor.userAgent() != null && !actor.userAgent().isBlank()) {
                String agent = SafeText.clean(actor.userAgent());
                if (SafeText.length(agent) > CaseLimits.USER_AGENT_MAX) {
                    notes.add("The user agent of " + actor.ipAddress() + " was cut to " + CaseLimits.USER_AGENT_MAX + " characters.");
                }
                ip.userAgent(SafeText.truncate(agent, CaseLimits.USER_AGENT_MAX, "…"));
            }
            out.add(ip.build());
        }
        return out;
    }

    private static List<software.amazon.awssdk.services.securityir.model.Watcher> watchers(CaseSettings settings, List<String> notes) {
        List<software.amazon.awssdk.services.securityir.model.Watcher> out = new ArrayList<>();
        for (Watcher watcher : settings.watchers()) {
            if (out.size() == CaseLimits.WATCHERS_MAX) {
                notes.add((settings.watchers().size() - out.size()) + " watchers left out: Security IR takes at most "
                        + CaseLimits.WATCHERS_MAX + ".");
                break;
            }
            out.add(software.amazon.awssdk.services.securityir.model.Watcher.builder()
                    .email(watcher.email()).name(watcher.name()).jobTitle(watcher.jobTitle()).build());
        }
        return out;
    }

    private static List<String> services(List<String> services, List<String> notes) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String service : services) {
            int length = SafeText.length(service);
            if (length >= CaseLimits.SERVICE_NAME_MIN && length <= CaseLimits.SERVICE_NAME_MAX
                    && SERVICE_NAME.matcher(service).matches() && out.size() < CaseLimits.IMPACTED_SERVICES_MAX) {
                out.add(service);
            } else {
                notes.add("Impacted service '" + SafeText.bounded(service, 60) + "' left out: not a name Security IR accepts.");
            }
        }
        return List.copyOf(out);
    }

    static Map<String, String> tags(Signal signal) {
        Map<String, String> tags = new LinkedHashMap<>();
        boolean finding = "aws.guardduty".equals(signal.source());
        tags.put("source", signal.source());
        tags.put(finding ? "finding-type" : "alarm-name", SafeText.truncate(signal.kind(), CaseLimits.TAG_VALUE_MAX, "…"));
        tags.put("severity", signal.band().label());
        tags.put(finding ? "finding-id" : "alarm-arn", SafeText.truncate(signal.sourceId(), CaseLimits.TAG_VALUE_MAX, "…"));
        tags.put("managed-by", "incident-response");
        return tags;
    }
}
