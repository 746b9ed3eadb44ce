package io.incidentresponse.shared.routing;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.securityir.Watchers;
import io.incidentresponse.shared.signal.Grouping;
import io.incidentresponse.shared.signal.Target;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/**
 * Reads Variables.ROUTING_RULES: a JSON array of rules, evaluated in order, the first match deciding. Any
 * mistake stops start-up with a message that names the variable and the rule.
 * <pre>
 * [{"name": "root-login-to-security-ir",
 *   "match": {"source": "aws.cloudwatch", "alarmName": "security-*"},
 *   "target": "SecurityIR", "engagementType": "Security Incident"},
 *  {"name": "medium-findings-to-triage",
 *   "match": {"source": "aws.guardduty", "severity": {"min": 4.0, "max": 6.9}},
 *   "target": "IncidentManager", "impact": 4},
 *  {"name": "ssh-brute-force-grouped",
 *   "match": {"findingType": "UnauthorizedAccess:EC2/SSHBruteForce"},
 *   "target": "SecurityIR", "group": {"by": ["account", "findingType"], "window": "PT1H"}}]
 * </pre>
 */
public final class RoutingRules {
    static final Pattern RESPONSE_PLAN_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:ssm-incidents::[0-9]{12}:response-plan/[A-Za-z0-9_-]{1,200}");
    private static final Set<String> RULE_KEYS = Set.of("name", "match", "target", "engagementType", "resolverType",
            "watchers", "responsePlanArn", "impact", "group");
    private static final Set<String> MATCH_KEYS = Set.of("source", "findingType", "alarmName", "alarmArn", "severity",
            "account", "region");

    private RoutingRules() {
    }

    public static List<RoutingRule> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        JsonNode array;
        try {
            array = EventJson.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new ConfigurationException(Variables.ROUTING_RULES, "is not valid JSON: " + e.getMessage());
        }
        if (!array.isArray()) {
            throw new ConfigurationException(Variables.ROUTING_RULES, "must be a JSON array of rules");
        }
        List<RoutingRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String label = "rule " + (i + 1) + (node.path("name").isTextual() ? " '" + node.path("name").asText() + "'" : "");
            try {
                RoutingRule rule = rule(node, i + 1);
                if (!names.add(rule.name())) {
                    throw new IllegalArgumentException("another rule has the same name");
                }
                rules.add(rule);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(Variables.ROUTING_RULES, label + ": " + e.getMessage());
            }
        }
        return rules;
    }

    private static RoutingRule rule(JsonNode node, int position) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        unknownKeys(node, RULE_KEYS, "");
        String name = node.has("name") ? text(node.get("name"), "name") : "rule " + position;
        Target target = switch (text(required(node, "target"), "target")) {
            case "SecurityIR" -> Target.SECURITY_IR;
            case "IncidentManager" -> Target.INCIDENT_MANAGER;
            case "Ignore" -> null;
            default -> throw new IllegalArgumentException("target must be SecurityIR, IncidentManager or Ignore, got '"
                    + node.get("target").asText() + "'");
        };
        if (target != Target.SECURITY_IR && (node.has("engagementType") || node.has("resolverType") || node.has("watchers"))) {
            throw new IllegalArgumentException("engagementType, resolverType and watchers apply only to target SecurityIR");
        }
        if (target != Target.INCIDENT_MANAGER && (node.has("responsePlanArn") || node.has("impact"))) {
            throw new IllegalArgumentException("responsePlanArn and impact apply only to target IncidentManager");
        }
        EngagementType engagement = null;
        if (node.has("engagementType")) {
            engagement = EngagementType.fromValue(text(node.get("engagementType"), "engagementType"));
            if (engagement == EngagementType.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException("engagementType must be 'Security Incident' or 'Investigation'");
            }
        }
        ResolverType resolver = null;
        if (node.has("resolverType")) {
            resolver = ResolverType.fromValue(text(node.get("resolverType"), "resolverType"));
            if (resolver == ResolverType.UNKNOWN_TO_SDK_VERSION) {
                throw new IllegalArgumentException("resolverType must be 'AWS' or 'Self'");
            }
        }
        String plan = null;
        if (node.has("responsePlanArn")) {
            plan = text(node.get("responsePlanArn"), "responsePlanArn");
            if (!RESPONSE_PLAN_ARN.matcher(plan).matches()) {
                throw new IllegalArgumentException("responsePlanArn '" + plan + "' is not an Incident Manager response plan ARN");
            }
        }
        Integer impact = null;
        if (node.has("impact")) {
            if (!node.get("impact").canConvertToInt() || node.get("impact").asInt() < 1 || node.get("impact").asInt() > 5) {
                throw new IllegalArgumentException("impact must be a whole number from 1 (critical) to 5 (no impact)");
            }
            impact = node.get("impact").asInt();
        }
        if (target == null && node.has("group")) {
            throw new IllegalArgumentException("group applies only to a rule that opens cases or incidents, not to target Ignore");
        }
        return new RoutingRule(name, match(required(node, "match")), target, engagement, resolver,
                node.has("watchers") ? Watchers.parse(node.get("watchers")) : null, plan, impact,
                node.has("group") ? grouping(node.get("group")) : null);
    }

    /** {"by": ["account", "findingType"], "window": "PT1H"}: the window an ISO-8601 duration of at most P7D. */
    private static Grouping grouping(JsonNode node) {
        unknownKeys(node, Set.of("by", "window"), "group.");
        List<Grouping.Part> by = new ArrayList<>();
        for (String name : strings(required(node, "by"), "group.by")) {
            Grouping.Part part = Grouping.Part.named(name);
            if (part == null) {
                throw new IllegalArgumentException("group.by '" + name + "' is not one of "
                        + String.join(", ", java.util.Arrays.stream(Grouping.Part.values()).map(Grouping.Part::ruleName).toList()));
            }
            if (by.contains(part)) {
                throw new IllegalArgumentException("group.by names '" + name + "' twice");
            }
            by.add(part);
        }
        String window = text(required(node, "window"), "group.window");
        Duration duration;
        try {
            duration = Duration.parse(window);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("group.window '" + window + "' is not an ISO-8601 duration such as PT30M, PT1H or P1D");
        }
        return new Grouping(by, duration);
    }

    private static Match match(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("match must be a JSON object");
        }
        unknownKeys(node, MATCH_KEYS, "match.");
        Double min = null;
        Double max = null;
        if (node.has("severity")) {
            JsonNode severity = node.get("severity");
            unknownKeys(severity, Set.of("min", "max"), "match.severity.");
            min = number(severity.get("min"), "match.severity.min");
            max = number(severity.get("max"), "match.severity.max");
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("match.severity.min is above match.severity.max");
            }
        }
        return new Match(strings(node.get("source"), "match.source"), globs(node.get("findingType"), "match.findingType"),
                globs(node.get("alarmName"), "match.alarmName"), globs(node.get("alarmArn"), "match.alarmArn"),
                min, max, globs(node.get("account"), "match.account"), globs(node.get("region"), "match.region"));
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(prefix.isEmpty() ? "must be a JSON object" : prefix + " must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + prefix + key + "' (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static JsonNode required(JsonNode node, String key) {
        if (!node.has(key)) {
            throw new IllegalArgumentException("'" + key + "' is required");
        }
        return node.get(key);
    }

    private static String text(JsonNode node, String key) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("'" + key + "' must be a non-empty string");
        }
        return node.asText();
    }

    private static Double number(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 10) {
            throw new IllegalArgumentException(key + " must be a number from 0 to 10");
        }
        return node.asDouble();
    }

    private static List<String> strings(JsonNode node, String key) {
        if (node == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode value : node) {
                out.add(text(value, key));
            }
        } else {
            throw new IllegalArgumentException(key + " must be a string or a non-empty array of strings");
        }
        return out;
    }

    private static List<Glob> globs(JsonNode node, String key) {
        return strings(node, key).stream().map(Glob::of).toList();
    }
}
