package io.incidentresponse.shared.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.securityir.CaseLimits;
import io.incidentresponse.shared.securityir.Watcher;
import io.incidentresponse.shared.signal.SeverityBand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/**
 * Routing settings read from the environment once, at start-up: the defaults that apply when no
 * rule matches (or a rule leaves a setting out), and the rules.
 */
public record RoutingConfig(
        double minSeverity,
        boolean includeSampleFindings,
        Map<SeverityBand, EngagementType> engagementTypes,
        Map<SeverityBand, ResolverType> resolverTypes,
        List<Watcher> watchers,
        String defaultResponsePlanArn,
        int defaultImpact,
        List<RoutingRule> rules) {

    public static final String MIN_SEVERITY = "MIN_SEVERITY";
    public static final String INCLUDE_SAMPLE_FINDINGS = "INCLUDE_SAMPLE_FINDINGS";
    public static final String ENGAGEMENT_TYPES = "ENGAGEMENT_TYPES";
    public static final String RESOLVER_TYPES = "RESOLVER_TYPES";
    public static final String WATCHERS = "WATCHERS";
    public static final String DEFAULT_RESPONSE_PLAN_ARN = "DEFAULT_RESPONSE_PLAN_ARN";
    public static final String DEFAULT_IMPACT = "DEFAULT_IMPACT";

    public RoutingConfig {
        engagementTypes = Map.copyOf(engagementTypes);
        resolverTypes = Map.copyOf(resolverTypes);
        watchers = List.copyOf(watchers);
        rules = List.copyOf(rules);
    }

    public static RoutingConfig from(Settings settings) {
        String plan = settings.optional(DEFAULT_RESPONSE_PLAN_ARN).orElse(null);
        if (plan != null && !RoutingRules.RESPONSE_PLAN_ARN.matcher(plan).matches()) {
            throw new ConfigurationException(DEFAULT_RESPONSE_PLAN_ARN, "'" + plan
                    + "' is not an Incident Manager response plan ARN (arn:aws:ssm-incidents::<account>:response-plan/<name>)");
        }
        List<RoutingRule> rules = RoutingRules.parse(settings.string(RoutingRules.ROUTING_RULES, ""));
        for (RoutingRule rule : rules) {
            if (rule.target() == Target.INCIDENT_MANAGER && rule.responsePlanArn() == null && plan == null) {
                throw new ConfigurationException(RoutingRules.ROUTING_RULES, "rule '" + rule.name()
                        + "' sends to IncidentManager without a responsePlanArn, and " + DEFAULT_RESPONSE_PLAN_ARN + " is not set");
            }
        }
        return new RoutingConfig(
                settings.decimal(MIN_SEVERITY, 7.0, 0.0, 10.0),
                settings.bool(INCLUDE_SAMPLE_FINDINGS, false),
                bands(settings, ENGAGEMENT_TYPES, EngagementType.SECURITY_INCIDENT, EngagementType::fromValue),
                bands(settings, RESOLVER_TYPES, ResolverType.SELF, ResolverType::fromValue),
                watchers(settings),
                plan,
                settings.integer(DEFAULT_IMPACT, 3, 1, 5),
                rules);
    }

    /** The case settings for a signal's severity band. */
    CaseSettings caseSettings(io.incidentresponse.shared.signal.Signal signal) {
        SeverityBand band = signal.band();
        return new CaseSettings(engagementTypes.get(band), resolverTypes.get(band), watchers);
    }

    /** "Critical=Security Incident,High=Investigation": a value per band, the default for the rest. */
    private static <T extends Enum<T>> Map<SeverityBand, T> bands(Settings settings, String variable, T fallback,
                                                                  Function<String, T> parse) {
        Map<SeverityBand, T> out = new EnumMap<>(SeverityBand.class);
        for (SeverityBand band : SeverityBand.values()) {
            out.put(band, fallback);
        }
        String text = settings.string(variable, "");
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=", 2);
            if (pair.length != 2) {
                throw new ConfigurationException(variable, "entry '" + entry.trim() + "' is not Band=Value (e.g. Critical=" + fallback + ")");
            }
            SeverityBand band;
            try {
                band = SeverityBand.parse(pair[0]);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(variable, e.getMessage());
            }
            T value = parse.apply(pair[1].trim());
            if (value == null || value.name().equals("UNKNOWN_TO_SDK_VERSION")) {
                throw new ConfigurationException(variable, "'" + pair[1].trim() + "' is not one of " + allowed(fallback));
            }
            out.put(band, value);
        }
        return out;
    }

    private static <T extends Enum<T>> String allowed(T sample) {
        List<String> names = new ArrayList<>();
        for (T constant : sample.getDeclaringClass().getEnumConstants()) {
            if (!constant.name().equals("UNKNOWN_TO_SDK_VERSION")) {
                names.add(constant.toString());
            }
        }
        return String.join(", ", names);
    }

    /** A JSON array of {email, name, jobTitle}, or a comma-separated list of email addresses. */
    static List<Watcher> watchers(Settings settings) {
        String text = settings.string(WATCHERS, "");
        List<Watcher> out = new ArrayList<>();
        try {
            if (text.startsWith("[")) {
                JsonNode array = EventJson.MAPPER.readTree(text);
                for (JsonNode node : array) {
                    out.add(new Watcher(node.path("email").asText(null), node.path("name").asText(null),
                            node.path("jobTitle").asText(null)));
                }
            } else {
                for (String email : text.split(",")) {
                    if (!email.isBlank()) {
                        out.add(new Watcher(email.trim(), null, null));
                    }
                }
            }
        } catch (IOException e) {
            throw new ConfigurationException(WATCHERS, "is not a valid JSON array: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(WATCHERS, e.getMessage());
        }
        if (out.size() > CaseLimits.WATCHERS_MAX) {
            throw new ConfigurationException(WATCHERS, "lists " + out.size() + " watchers; Security IR accepts at most " + CaseLimits.WATCHERS_MAX);
        }
        return out;
    }
}
