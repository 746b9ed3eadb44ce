package io.incidentresponse.shared.routing;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.securityir.Watchers;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.SeverityBand;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.signal.Watcher;
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


    public RoutingConfig {
        engagementTypes = Map.copyOf(engagementTypes);
        resolverTypes = Map.copyOf(resolverTypes);
        watchers = List.copyOf(watchers);
        rules = List.copyOf(rules);
    }

    public static RoutingConfig from(Settings settings) {
        String plan = settings.optional(Variables.DEFAULT_RESPONSE_PLAN_ARN).orElse(null);
        if (plan != null && !RoutingRules.RESPONSE_PLAN_ARN.matcher(plan).matches()) {
            throw new ConfigurationException(Variables.DEFAULT_RESPONSE_PLAN_ARN, "'" + plan
                    + "' is not an Incident Manager response plan ARN (arn:aws:ssm-incidents::<account>:response-plan/<name>)");
        }
        List<RoutingRule> rules = RoutingRules.parse(settings.string(Variables.ROUTING_RULES, ""));
        for (RoutingRule rule : rules) {
            if (rule.target() == Target.INCIDENT_MANAGER && rule.responsePlanArn() == null && plan == null) {
                throw new ConfigurationException(Variables.ROUTING_RULES, "rule '" + rule.name()
                        + "' sends to IncidentManager without a responsePlanArn, and " + Variables.DEFAULT_RESPONSE_PLAN_ARN + " is not set");
            }
        }
        return new RoutingConfig(
                settings.decimal(Variables.MIN_SEVERITY, 7.0, 0.0, 10.0),
                settings.bool(Variables.INCLUDE_SAMPLE_FINDINGS, false),
                bands(settings, Variables.ENGAGEMENT_TYPES, EngagementType.SECURITY_INCIDENT, EngagementType::fromValue),
                bands(settings, Variables.RESOLVER_TYPES, ResolverType.SELF, ResolverType::fromValue),
                watchers(settings),
                plan,
                settings.integer(Variables.DEFAULT_IMPACT, 3, 1, 5),
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

    /** See {@link Watchers}: the one reader of watcher lists. */
    static List<Watcher> watchers(Settings settings) {
        try {
            return Watchers.parse(settings.string(Variables.WATCHERS, ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Variables.WATCHERS, e.getMessage());
        }
    }
}
