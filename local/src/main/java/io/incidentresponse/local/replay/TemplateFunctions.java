package io.incidentresponse.local.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.template.SamTemplate;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.text.SafeText;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which handler template.yaml wires to which EventBridge events: every AWS::Serverless::Function
 * with its Handler and the source / detail-type of its EventBridge rules and schedules. Replay routes each
 * event exactly as the deployed rules would, so it exercises the same wiring.
 */
public final class TemplateFunctions {
    public static final String SCHEDULE_SOURCE = "aws.events";
    public static final String SCHEDULE_DETAIL_TYPE = "Scheduled Event";

    /** One function's handler and the events its rules match (empty set: any value). */
    public record Function(String logicalId, String handlerClass, Set<String> sources, Set<String> detailTypes) {
        /** Whether a rule of this function matches; a null source or detail-type matches only a rule that takes any. */
        boolean receives(String source, String detailType) {
            return matches(sources, source) && matches(detailTypes, detailType);
        }

        private static boolean matches(Set<String> accepted, String value) {
            // TreeSet and Set.of refuse contains(null): an event without the member matches only "any".
            return accepted.isEmpty() || value != null && accepted.contains(value);
        }
    }

    /** Where an event goes: the function, or (function null) why none receives it. */
    public record Route(Function function, String problem) {
    }

    private final List<Function> functions;

    private TemplateFunctions(List<Function> functions) {
        this.functions = List.copyOf(functions);
    }

    public static TemplateFunctions fromClasspath() {
        return from(SamTemplate.bundled());
    }

    static TemplateFunctions parse(InputStream template) {
        return from(SamTemplate.parse(template, "template"));
    }

    static TemplateFunctions from(SamTemplate template) {
        List<Function> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> resource : template.resources("AWS::Serverless::Function").entrySet()) {
            JsonNode properties = resource.getValue().path("Properties");
            String handler = properties.path("Handler").asText("").split("::")[0];
            for (JsonNode event : properties.path("Events")) {
                String type = event.path("Type").asText();
                if (type.equals("EventBridgeRule") || type.equals("CloudWatchEvent")) {
                    JsonNode pattern = template.eventPattern(event.path("Properties").path("Pattern"));
                    out.add(new Function(resource.getKey(), handler, values(pattern.path("source")),
                            values(pattern.path("detail-type"))));
                } else if (type.equals("Schedule") || type.equals("ScheduleV2")) {
                    // What a schedule delivers: EventBridge's "Scheduled Event".
                    out.add(new Function(resource.getKey(), handler, Set.of(SCHEDULE_SOURCE), Set.of(SCHEDULE_DETAIL_TYPE)));
                }
            }
        }
        return new TemplateFunctions(out);
    }

    public List<Function> functions() {
        return functions;
    }

    public Optional<Function> receiving(String source, String detailType) {
        return functions.stream().filter(f -> f.receives(source, detailType)).findFirst();
    }

    /** The first function whose rules take this detail-type, from any source: for events that lack theirs. */
    public Optional<Function> receivingDetailType(String detailType) {
        return functions.stream().filter(f -> !f.detailTypes().isEmpty() && f.detailTypes().contains(detailType)).findFirst();
    }

    /** The first function whose rules take this source, whatever the detail-type: for events that lack theirs. */
    public Optional<Function> receivingSource(String source) {
        return functions.stream().filter(f -> !f.sources().isEmpty() && f.sources().contains(source)).findFirst();
    }

    /**
     * Which function's rule would deliver the event: by source and detail-type; without one of them
     * by the other; without both by what the detail looks like (the way real samples published
     * without their envelope's source are told apart).
     */
    public Route route(JsonNode event) {
        String source = textOrNull(event.path("source"));
        String detailType = textOrNull(event.path("detail-type"));
        if (source != null && detailType != null) {
            return found(receiving(source, detailType), "no function in template.yaml receives source '"
                    + SafeText.bounded(source, 100) + "' detail-type '" + SafeText.bounded(detailType, 100) + "'");
        }
        if (detailType != null) {
            return found(receivingDetailType(detailType), "no source, and no function in template.yaml receives detail-type '"
                    + SafeText.bounded(detailType, 100) + "'");
        }
        if (source != null) {
            return found(receivingSource(source), "no detail-type, and no function in template.yaml receives source '"
                    + SafeText.bounded(source, 100) + "'");
        }
        JsonNode detail = event.path("detail");
        if (looksLikeFinding(detail)) {
            return found(receiving(FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE), "no function receives GuardDuty findings");
        }
        if (looksLikeAlarm(detail)) {
            return found(receiving(AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE), "no function receives CloudWatch alarms");
        }
        if (!detail.isObject() && looksLikeFinding(event)) {
            return new Route(null, "a GuardDuty finding without its EventBridge envelope: replay, like the function, takes the event "
                    + "that carries the finding in detail, e.g. {\"source\": \"aws.guardduty\", \"detail-type\": \"GuardDuty Finding\", "
                    + "\"id\": ..., \"detail\": <this finding>}");
        }
        if (!detail.isObject() && looksLikeAlarm(event)) {
            return new Route(null, "a CloudWatch alarm state change without its EventBridge envelope: replay, like the function, takes "
                    + "the event that carries it in detail, e.g. {\"source\": \"aws.cloudwatch\", \"detail-type\": "
                    + "\"CloudWatch Alarm State Change\", \"resources\": [<alarm ARN>], \"detail\": <this state change>}");
        }
        return new Route(null, "not an event any function in template.yaml receives: no source or detail-type, and no detail "
                + "that is a GuardDuty finding or a CloudWatch alarm state change");
    }

    private static Route found(Optional<Function> function, String otherwise) {
        return function.map(f -> new Route(f, null)).orElseGet(() -> new Route(null, otherwise));
    }

    /** A GuardDuty finding: its schema version, type and account. */
    public static boolean looksLikeFinding(JsonNode node) {
        return node.isObject() && node.has("schemaVersion") && node.has("type") && node.has("accountId");
    }

    /** A CloudWatch alarm state change: the alarm's name and its state. */
    public static boolean looksLikeAlarm(JsonNode node) {
        return node.isObject() && node.has("alarmName") && node.has("state");
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank() ? null : node.asText();
    }

    private static Set<String> values(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(value -> {
                if (value.isTextual()) {
                    out.add(value.asText());
                }
            });
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }
}
