package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.metrics.MetricName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's alarms: every failure the README promises an e-mail for has an alarm, every
 * alarm reaches the alarm topic on ALARM and on OK, and every custom metric an alarm reads is one
 * the functions publish (MetricName) with the [FunctionName] dimension set of contract 11. (Tags
 * are dropped by the reader: {@code !Ref X} reads as X, {@code !GetAtt X.Y} as "X.Y", {@code !If}
 * as [condition, then, else].)
 */
class AlarmsTemplateTest {
    /** The contract's actions: the stack's topic, or the one AlarmTopicArn names. */
    private static final String ALARM_TOPIC = "[\"CreateAlarmTopic\",\"AlarmTopic\",\"AlarmTopicArn\"]";
    private static final String CUSTOM_NAMESPACE = "MetricsNamespace";

    private final SamTemplate template = SamTemplate.bundled();
    private final Map<String, JsonNode> alarms = template.resources("AWS::CloudWatch::Alarm");

    /** Every metric an alarm reads: its own, or each MetricStat of a metric-math alarm. */
    private static List<JsonNode> metricsOf(JsonNode alarm) {
        JsonNode properties = alarm.path("Properties");
        List<JsonNode> metrics = new ArrayList<>();
        if (properties.has("MetricName")) {
            metrics.add(properties);
        }
        for (JsonNode query : properties.path("Metrics")) {
            if (query.has("MetricStat")) {
                metrics.add(query.at("/MetricStat/Metric"));
            }
        }
        return metrics;
    }

    private static String dimension(JsonNode metric, String name) {
        for (JsonNode dimension : metric.path("Dimensions")) {
            if (name.equals(dimension.path("Name").asText())) {
                return dimension.path("Value").asText();
            }
        }
        return null;
    }

    /** The alarms on {@code namespace}/{@code metricName} whose {@code dimension} is {@code value}. */
    private List<String> alarmsOn(String namespace, String metricName, String dimension, String value) {
        List<String> out = new ArrayList<>();
        alarms.forEach((id, alarm) -> {
            for (JsonNode metric : metricsOf(alarm)) {
                if (namespace.equals(metric.path("Namespace").asText()) && metricName.equals(metric.path("MetricName").asText())
                        && value.equals(dimension(metric, dimension))) {
                    out.add(id);
                }
            }
        });
        return out;
    }

    private void assertFiresOnAnyCount(String alarmId) {
        JsonNode properties = alarms.get(alarmId).path("Properties");
        assertEquals("GreaterThanThreshold", properties.path("ComparisonOperator").asText(), alarmId);
        assertEquals(0, properties.path("Threshold").asInt(-1), alarmId + ": any count at all");
        assertEquals("notBreaching", properties.path("TreatMissingData").asText(), alarmId + ": no data is nothing wrong");
    }

    @Test
    void everyQueueHasAnAlarmOnItsFirstVisibleMessage() {
        Map<String, JsonNode> queues = template.resources("AWS::SQS::Queue");
        assertFalse(queues.isEmpty());
        for (String queue : queues.keySet()) {
            List<String> onQueue = alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue + ".QueueName");
            assertEquals(1, onQueue.size(), queue + " needs exactly one alarm on its visible messages: " + onQueue);
            assertFiresOnAnyCount(onQueue.get(0));
            assertEquals("Maximum", alarms.get(onQueue.get(0)).at("/Properties/Statistic").asText());
        }
    }

    @Test
    void everyAlarmSendsToTheAlarmTopicOnAlarmAndOnOk() {
        assertTrue(alarms.size() >= 15, "alarms: " + alarms.keySet());
        alarms.forEach((id, alarm) -> {
            assertEquals("[" + ALARM_TOPIC + "]", alarm.at("/Properties/AlarmActions").toString(), id + " AlarmActions");
            assertEquals("[" + ALARM_TOPIC + "]", alarm.at("/Properties/OKActions").toString(), id + " OKActions");
            String name = alarm.at("/Properties/AlarmName").asText();
            assertTrue(name.startsWith("${AWS::StackName}-"), id + ": named after the stack, so one mail filter catches all: " + name);
        });
    }

    @Test
    void everyAlarmTellsTheResponderWhatItMeansAndWhereToLook() {
        alarms.forEach((id, alarm) -> {
            String description = alarm.at("/Properties/AlarmDescription").asText();
            // CloudWatch's limit is 1024 characters; a substituted name (function, queue URL) may
            // add up to about 150 to the template text.
            assertTrue(description.length() <= 1024 - 150, id + " description is " + description.length() + " characters");
            assertTrue(description.contains("dashboard"), id + " points at the dashboard: " + description);
        });
        for (String failing : List.of("FailureQueueAlarm", "GuardDutyFindingErrorsAlarm", "GuardDutyFindingTargetFailuresAlarm",
                "GuardDutyFindingFunctionGuardDutyFindingFailedAlarm")) {
            assertTrue(alarms.get(failing).at("/Properties/AlarmDescription").asText().contains("redrive"),
                    failing + ": what to do once the cause is fixed");
        }
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
        for (String function : template.resources("AWS::Serverless::Function").keySet()) {
            for (String metric : List.of("Errors", "Throttles")) {
                List<String> on = alarmsOn("AWS/Lambda", metric, "FunctionName", function);
                assertEquals(1, on.size(), function + " " + metric + ": " + on);
                assertFiresOnAnyCount(on.get(0));
            }
        }
    }

    @Test
    void everyEventBridgeRuleHasAFailedInvocationsAlarm() {
        // SAM names the rule of a function's event <Function><Event>; Ref of a rule on the default
        // bus is its name, CloudWatch's RuleName.
        Set<String> rules = new TreeSet<>();
        template.resources("AWS::Serverless::Function").forEach((function, resource) -> resource.path("Properties").path("Events")
                .properties().forEach(event -> {
                    String type = event.getValue().path("Type").asText();
                    if (type.equals("EventBridgeRule") || type.equals("Schedule")) {
                        rules.add(function + event.getKey());
                    }
                }));
        assertEquals(4, rules.size(), rules.toString());
        for (String rule : rules) {
            List<String> on = alarmsOn("AWS/Events", "FailedInvocations", "RuleName", rule);
            assertEquals(1, on.size(), rule + ": " + on);
            assertFiresOnAnyCount(on.get(0));
        }
        // The notification rules are on StatusEventBusName, maybe a custom bus: there the rule's
        // Ref is "bus|rule" and its metrics carry EventBusName too.
        String onCustomBus = "[\"StatusBusIsDefault\",\"AWS::NoValue\",{\"Name\":\"EventBusName\",\"Value\":\"StatusEventBusName\"}]";
        for (String rule : template.resources("AWS::Events::Rule").keySet()) {
            String name = "[\"StatusBusIsDefault\",\"" + rule + "\",[1,[\"|\",\"" + rule + "\"]]]";
            List<String> on = new ArrayList<>();
            alarms.forEach((id, alarm) -> metricsOf(alarm).forEach(metric -> {
                JsonNode dimensions = metric.path("Dimensions");
                if (metric.path("MetricName").asText().equals("FailedInvocations") && dimensions.size() == 2
                        && dimensions.get(0).path("Value").toString().equals(name) && dimensions.get(1).toString().equals(onCustomBus)) {
                    on.add(id);
                }
            }));
            assertEquals(List.of("NotificationFailuresAlarm"), on, rule);
        }
    }

    @Test
    void everySignalFunctionAlarmsOnTargetFailuresAfterRetries() {
        for (String function : List.of("GuardDutyFindingFunction", "AlarmIncidentFunction")) {
            List<String> on = alarmsOn(CUSTOM_NAMESPACE, MetricName.TargetFailures.name(), "FunctionName", function);
            assertEquals(1, on.size(), function + ": " + on);
            assertFiresOnAnyCount(on.get(0));
            assertEquals("Sum", alarms.get(on.get(0)).at("/Properties/Statistic").asText());
        }
    }

    @Test
    void thePollerHeartbeatFiresWhenNoRunReportedForThreeIntervals() {
        // given
        List<String> on = alarmsOn(CUSTOM_NAMESPACE, MetricName.PollRuns.name(), "FunctionName", "CasePollerFunction");
        assertEquals(1, on.size(), on.toString());
        JsonNode heartbeat = alarms.get(on.get(0)).path("Properties");

        // then: PollRateMinutes periods of 3 minutes, all of them without a run, is 3 intervals
        assertEquals(180, heartbeat.path("Period").asInt());
        assertEquals("PollRateMinutes", heartbeat.path("EvaluationPeriods").asText());
        assertEquals("PollRateMinutes", heartbeat.path("DatapointsToAlarm").asText());
        assertEquals("Sum", heartbeat.path("Statistic").asText());
        assertEquals("LessThanThreshold", heartbeat.path("ComparisonOperator").asText());
        assertEquals(1, heartbeat.path("Threshold").asInt());
        assertEquals("breaching", heartbeat.path("TreatMissingData").asText(), "a poller that stopped reports nothing");
        // The longest interval must still fit CloudWatch's one-day evaluation range.
        JsonNode rates = template.root().at("/Parameters/PollRateMinutes/AllowedValues");
        int longest = 0;
        for (JsonNode rate : rates) {
            longest = Math.max(longest, rate.asInt());
        }
        assertTrue(longest * 180 <= 86_400, "EvaluationPeriods x Period <= one day");
    }

    @Test
    void thePollLagAlarmComparesTheWorstLagWithItsParameter() {
        List<String> on = alarmsOn(CUSTOM_NAMESPACE, MetricName.PollLagSeconds.name(), "FunctionName", "CasePollerFunction");
        assertEquals(1, on.size(), on.toString());
        JsonNode lag = alarms.get(on.get(0)).path("Properties");
        assertEquals("Maximum", lag.path("Statistic").asText());
        assertEquals("PollLagAlarmSeconds", lag.path("Threshold").asText());
        assertEquals("GreaterThanThreshold", lag.path("ComparisonOperator").asText());
        assertEquals("1800", template.parameterDefault("PollLagAlarmSeconds").orElseThrow());
    }

    @Test
    void everyCustomMetricAnAlarmReadsIsPublishedWithTheFunctionNameDimensionSet() {
        Set<String> known = java.util.Arrays.stream(MetricName.values()).map(Enum::name).collect(Collectors.toSet());
        int custom = 0;
        for (Map.Entry<String, JsonNode> alarm : alarms.entrySet()) {
            for (JsonNode metric : metricsOf(alarm.getValue())) {
                if (!CUSTOM_NAMESPACE.equals(metric.path("Namespace").asText())) {
                    assertTrue(metric.path("Namespace").asText().startsWith("AWS/"), alarm.getKey() + ": " + metric);
                    continue;
                }
                custom++;
                String name = metric.path("MetricName").asText();
                if (!known.contains(name)) {
                    fail(alarm.getKey() + " reads " + name + ", which is no MetricName the functions publish");
                }
                JsonNode dimensions = metric.path("Dimensions");
                assertEquals(1, dimensions.size(), alarm.getKey() + ": exactly the [FunctionName] set");
                assertEquals("FunctionName", dimensions.get(0).path("Name").asText(), alarm.getKey());
            }
        }
        assertEquals(6, custom, "TargetFailures x2, PollRuns, PollLagSeconds, BudgetExceeded x2");
    }

    @Test
    void theBudgetAlarmFiresOnTheFirstSignalOverEitherFunctionsBudget() {
        // given
        List<String> findings = alarmsOn(CUSTOM_NAMESPACE, MetricName.BudgetExceeded.name(), "FunctionName", "GuardDutyFindingFunction");
        List<String> alarmsFn = alarmsOn(CUSTOM_NAMESPACE, MetricName.BudgetExceeded.name(), "FunctionName", "AlarmIncidentFunction");

        // then: one alarm reads both, and a quiet function does not hide the other's count
        assertEquals(List.of("BudgetExceededAlarm"), findings);
        assertEquals(List.of("BudgetExceededAlarm"), alarmsFn);
        assertFiresOnAnyCount("BudgetExceededAlarm");
        JsonNode queries = alarms.get("BudgetExceededAlarm").at("/Properties/Metrics");
        List<String> returned = new ArrayList<>();
        for (JsonNode query : queries) {
            if (query.path("ReturnData").asBoolean()) {
                returned.add(query.path("Expression").asText());
            }
            if (query.has("MetricStat")) {
                assertEquals("Sum", query.at("/MetricStat/Stat").asText());
            }
        }
        assertEquals(List.of("FILL(findings, 0) + FILL(alarms, 0)"), returned);
    }

    @Test
    void theAlarmTopicIsCreatedOnlyWithoutAnExistingOneAndTheEmailSubscribesToTheOneInUse() {
        JsonNode topic = template.resource("AlarmTopic", "AWS::SNS::Topic");
        assertEquals("CreateAlarmTopic", topic.path("Condition").asText());
        assertEquals("[\"AlarmTopicArn\",\"\"]", template.root().at("/Conditions/CreateAlarmTopic").toString(),
                "the stack's topic exactly when AlarmTopicArn is empty");
        JsonNode subscription = template.resource("AlarmEmailSubscription", "AWS::SNS::Subscription");
        assertEquals("HasAlarmEmail", subscription.path("Condition").asText());
        assertEquals(ALARM_TOPIC, subscription.at("/Properties/TopicArn").toString());
        assertEquals("email", subscription.at("/Properties/Protocol").asText());
        // Only CloudWatch alarms of this account may publish to the stack's topic.
        JsonNode statement = template.resource("AlarmTopicPolicy", "AWS::SNS::TopicPolicy").at("/Properties/PolicyDocument/Statement/0");
        assertEquals("cloudwatch.amazonaws.com", statement.at("/Principal/Service").asText());
        assertEquals("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*",
                statement.at("/Condition/ArnLike/aws:SourceArn").asText());
    }
}
