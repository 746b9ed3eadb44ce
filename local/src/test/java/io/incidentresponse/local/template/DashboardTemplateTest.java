package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentresponse.shared.metrics.MetricName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's body (a {@code !Sub} JSON text): valid JSON once substituted, every custom metric
 * one that the functions publish, each of the issue's outcomes on it, and every alarm of the stack
 * on its alarm widget.
 */
class DashboardTemplateTest {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9:.]+)}");
    private static final Pattern SEARCHED_METRIC = Pattern.compile("MetricName=\"([A-Za-z0-9]+)\"");
    private static final String NAMESPACE = "MetricsNamespace";

    private final SamTemplate template = SamTemplate.bundled();
    private final JsonNode body = substitutedBody();

    /**
     * Substitutes as CloudFormation would, with stand-ins: a parameter becomes its default, anything
     * else (a resource, an attribute, a pseudo parameter) its own name, so the JSON can be read.
     */
    private JsonNode substitutedBody() {
        String text = template.resource("Dashboard", "AWS::CloudWatch::Dashboard").at("/Properties/DashboardBody").asText();
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder json = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String value = name.equals(NAMESPACE) ? NAMESPACE : template.parameterDefault(name).orElse(name);
            reference.appendReplacement(json, Matcher.quoteReplacement(value));
        }
        reference.appendTail(json);
        try {
            return new ObjectMapper().readTree(json.toString());
        } catch (Exception e) {
            throw new AssertionError("the dashboard body is not JSON once substituted: " + e.getMessage(), e);
        }
    }

    /** Every metric line of every metric widget, and every search expression's metric name. */
    private record Shown(List<JsonNode> lines, List<String> searched) {
    }

    private Shown shown() {
        List<JsonNode> lines = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        for (JsonNode widget : body.path("widgets")) {
            for (JsonNode line : widget.at("/properties/metrics")) {
                JsonNode first = line.get(0);
                if (first.isObject() && first.has("expression")) {
                    Matcher metric = SEARCHED_METRIC.matcher(first.path("expression").asText());
                    while (metric.find()) {
                        searched.add(metric.group(1));
                    }
                } else {
                    lines.add(line);
                }
            }
        }
        return new Shown(lines, searched);
    }

    private Set<String> shownNames(String namespace) {
        Set<String> out = new TreeSet<>();
        Shown shown = shown();
        for (JsonNode line : shown.lines()) {
            if (namespace.equals(line.get(0).asText())) {
                out.add(line.get(1).asText());
            }
        }
        if (namespace.equals(NAMESPACE)) {
            out.addAll(shown.searched());
        }
        return out;
    }

    @Test
    void everyCustomMetricOnTheDashboardIsAMetricNameWithTheFunctionNameSet() {
        Shown shown = shown();
        assertTrue(shown.lines().size() > 20, "metric lines: " + shown.lines().size());
        for (JsonNode line : shown.lines()) {
            String namespace = line.get(0).asText();
            if (!namespace.equals(NAMESPACE)) {
                assertTrue(namespace.startsWith("AWS/"), "a metric in an unknown namespace: " + line);
                continue;
            }
            try {
                MetricName.valueOf(line.get(1).asText());
            } catch (IllegalArgumentException e) {
                fail("the dashboard shows " + line.get(1).asText() + ", which is no MetricName the functions publish");
            }
            // [namespace, name, "FunctionName", function] and the line's options, nothing else.
            assertEquals("FunctionName", line.get(2).asText(), line.toString());
            assertTrue(line.size() == 4 || (line.size() == 5 && line.get(4).isObject()), "exactly the [FunctionName] set: " + line);
        }
        for (String name : shown.searched()) {
            try {
                MetricName.valueOf(name);
            } catch (IllegalArgumentException e) {
                fail("a dashboard search names " + name + ", which is no MetricName the functions publish");
            }
        }
    }

    @Test
    void theDashboardShowsEveryOutcomeTheIssueAsksFor() {
        Set<String> custom = shownNames(NAMESPACE);
        for (MetricName required : List.of(MetricName.SignalsReceived, MetricName.CasesOpened, MetricName.IncidentsOpened,
                MetricName.Repeats, MetricName.Ignored, MetricName.Rejected, MetricName.TargetFailures, MetricName.OpenItems,
                MetricName.PollLagSeconds, MetricName.ColdStart, MetricName.PollRuns, MetricName.PollFailures,
                MetricName.GroupedIntoCase, MetricName.BudgetExceeded, MetricName.DryRun)) {
            assertTrue(custom.contains(required.name()), "the dashboard lacks " + required + ": " + custom);
        }
        assertTrue(shownNames("AWS/SQS").contains("ApproximateNumberOfMessagesVisible"), "failure-queue depth");
        Set<String> durations = new TreeSet<>();
        for (JsonNode line : shown().lines()) {
            if (line.get(0).asText().equals("AWS/Lambda") && line.get(1).asText().equals("Duration")) {
                durations.add(line.get(3).asText() + " " + line.get(4).path("stat").asText());
            }
        }
        for (String function : template.resources("AWS::Serverless::Function").keySet()) {
            assertTrue(durations.contains(function + " p50") && durations.contains(function + " p99"), function + ": " + durations);
        }
    }

    @Test
    void theAlarmWidgetListsEveryAlarmThatAlwaysExists() {
        Set<String> listed = new TreeSet<>();
        for (JsonNode widget : body.path("widgets")) {
            if (widget.path("type").asText().equals("alarm")) {
                widget.at("/properties/alarms").forEach(arn -> listed.add(arn.asText().replace(".Arn", "")));
            }
        }
        Set<String> unconditional = new TreeSet<>();
        template.resources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            if (!alarm.has("Condition")) {
                unconditional.add(id);
            }
        });
        assertEquals(unconditional, listed);
    }

    @Test
    void everyWidgetIsInThisRegionAndOnTheGrid() {
        for (JsonNode widget : body.path("widgets")) {
            assertTrue(widget.path("x").asInt() + widget.path("width").asInt() <= 24, widget.toString());
            if (widget.path("type").asText().equals("metric")) {
                assertEquals("AWS::Region", widget.at("/properties/region").asText(), widget.at("/properties/title").asText());
            }
        }
    }
}
