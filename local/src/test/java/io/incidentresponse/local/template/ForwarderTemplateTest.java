package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * forwarder.yaml against template.yaml: the forwarder sends exactly what the home stack's rules
 * take (the same event patterns, whatever the parameters), and it is plain CloudFormation that
 * StackSets with service-managed permissions accept.
 */
class ForwarderTemplateTest {
    private final SamTemplate central = SamTemplate.bundled();
    private final SamTemplate forwarder = SamTemplate.fromClasspath(SamTemplate.FORWARDER);

    private JsonNode centralRule(String function, String event) {
        return central.resource(function, "AWS::Serverless::Function").path("Properties").path("Events").path(event).path("Properties");
    }

    private JsonNode forwarderRule(String logicalId) {
        return forwarder.resource(logicalId, "AWS::Events::Rule").path("Properties");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "4.5", "7", "9.9", "10"})
    void theGuardDutyPatternIsTheHomeStacksForEverySeverityThreshold(String minSeverity) {
        // given
        Map<String, String> values = minSeverity.isEmpty() ? Map.of() : Map.of("MinSeverity", minSeverity);

        // when
        JsonNode home = central.eventPattern(centralRule("GuardDutyFindingFunction", "GuardDutyFinding").path("Pattern"), values);
        JsonNode forwarded = forwarder.eventPattern(forwarderRule("GuardDutyFindingForwarder").path("EventPattern"), values);

        // then
        assertEquals(home, forwarded);
        assertTrue(forwarded.at("/detail/severity/0/numeric/1").isNumber(), forwarded.toString());
    }

    @Test
    void theSeverityParameterIsTheHomeStacksWithTheSameDefaultAndBounds() {
        JsonNode home = central.root().path("Parameters").path("MinSeverity");
        JsonNode here = forwarder.root().path("Parameters").path("MinSeverity");
        for (String member : List.of("Type", "Default", "MinValue", "MaxValue")) {
            assertEquals(home.path(member), here.path(member), member);
        }
    }

    @Test
    void theAlarmPatternIsTheHomeStacksWithTheSameConditionAndPrefix() {
        // the map as written (tags dropped: !If reads as [condition, then, else]) and what it depends on
        assertEquals(centralRule("AlarmIncidentFunction", "AlarmStateChange").path("Pattern"),
                forwarderRule("AlarmForwarder").path("EventPattern"));
        assertEquals(central.root().at("/Conditions/HasAlarmNamePrefix"), forwarder.root().at("/Conditions/HasAlarmNamePrefix"));
        JsonNode home = central.root().at("/Parameters/AlarmNamePrefix");
        JsonNode here = forwarder.root().at("/Parameters/AlarmNamePrefix");
        for (String member : List.of("Type", "Default", "MaxLength")) {
            assertEquals(home.path(member), here.path(member), member);
        }
        assertEquals("AlarmsForwarded", forwarder.resource("AlarmForwarder", "AWS::Events::Rule").path("Condition").asText());
    }

    @Test
    void itIsPlainCloudFormationWithoutATransformOrSamResources() {
        assertFalse(forwarder.root().has("Transform"), "StackSets with service-managed permissions refuse macros");
        assertEquals("2010-09-09", forwarder.root().path("AWSTemplateFormatVersion").asText());
        forwarder.root().path("Resources").forEach(resource ->
                assertFalse(resource.path("Type").asText().startsWith("AWS::Serverless::"), resource.toString()));
    }

    @Test
    void eachRuleTargetsTheHomeBusWithTheRoleARetryPolicyAndTheDeadLetterQueue() {
        for (String rule : List.of("GuardDutyFindingForwarder", "AlarmForwarder")) {
            JsonNode targets = forwarderRule(rule).path("Targets");
            assertEquals(1, targets.size(), rule);
            JsonNode target = targets.get(0);
            assertEquals("arn:${AWS::Partition}:events:${HomeRegion}:${Account}:event-bus/${EventBusName}", target.at("/Arn/0").asText());
            assertEquals("ForwarderRole.Arn", target.path("RoleArn").asText());
            assertEquals("DeadLetterQueue.Arn", target.at("/DeadLetterConfig/Arn").asText());
            assertTrue(target.at("/RetryPolicy/MaximumRetryAttempts").asInt() > 0, rule);
            assertTrue(target.at("/RetryPolicy/MaximumEventAgeInSeconds").asInt() >= 3600, rule);
            // disabled where it would forward to the bus it listens on
            assertEquals("ForwardsToItself", forwarderRule(rule).at("/State/0").asText());
        }
    }

    @Test
    void theRoleMayOnlyPutEventsOnExactlyTheHomeBusAndOnlyEventBridgeOfThisAccountAssumesIt() {
        JsonNode role = forwarder.resource("ForwarderRole", "AWS::IAM::Role").path("Properties");
        JsonNode trust = role.at("/AssumeRolePolicyDocument/Statement/0");
        assertEquals("events.amazonaws.com", trust.at("/Principal/Service").asText());
        assertEquals("AWS::AccountId", trust.at("/Condition/StringEquals/aws:SourceAccount").asText());
        JsonNode policies = role.path("Policies");
        assertEquals(1, policies.size());
        JsonNode statements = policies.at("/0/PolicyDocument/Statement");
        assertEquals(1, statements.size());
        assertEquals("events:PutEvents", statements.at("/0/Action").asText());
        assertEquals(forwarderRule("GuardDutyFindingForwarder").at("/Targets/0/Arn"), statements.at("/0/Resource"),
                "the role's resource is the target, no wider");
    }

    @Test
    void theDeadLetterQueueIsEncryptedRetainedAndWritableOnlyByTheRules() {
        JsonNode queue = forwarder.resource("DeadLetterQueue", "AWS::SQS::Queue");
        assertTrue(queue.at("/Properties/SqsManagedSseEnabled").asBoolean());
        assertEquals("Retain", queue.path("DeletionPolicy").asText());
        JsonNode allow = forwarder.resource("DeadLetterQueuePolicy", "AWS::SQS::QueuePolicy").at("/Properties/PolicyDocument/Statement/0");
        assertEquals("events.amazonaws.com", allow.at("/Principal/Service").asText());
        assertEquals("sqs:SendMessage", allow.path("Action").asText());
        assertEquals("[\"AlarmsForwarded\",[\"GuardDutyFindingForwarder.Arn\",\"AlarmForwarder.Arn\"],[\"GuardDutyFindingForwarder.Arn\"]]",
                allow.at("/Condition/ArnEquals/aws:SourceArn").toString());
    }

    @Test
    void theDeadLetterQueueHasAnAlarmThatMailsWhenAnAddressIsGiven() {
        // given
        JsonNode alarm = forwarder.resource("DeadLetterQueueAlarm", "AWS::CloudWatch::Alarm");
        JsonNode properties = alarm.path("Properties");

        // then: on the queue's first visible message, always there (the console shows it)
        assertTrue(alarm.path("Condition").isMissingNode());
        assertEquals("AWS/SQS", properties.path("Namespace").asText());
        assertEquals("ApproximateNumberOfMessagesVisible", properties.path("MetricName").asText());
        assertEquals("DeadLetterQueue.QueueName", properties.at("/Dimensions/0/Value").asText());
        assertEquals("GreaterThanThreshold", properties.path("ComparisonOperator").asText());
        assertEquals(0, properties.path("Threshold").asInt(-1));
        // and its topic, in this region (alarms notify only their own region's topics), with AlarmEmail
        String actions = "[\"HasAlarmEmail\",[\"AlarmTopic\"],\"AWS::NoValue\"]";
        assertEquals(actions, properties.path("AlarmActions").toString());
        assertEquals(actions, properties.path("OKActions").toString());
        for (String id : List.of("AlarmTopic", "AlarmTopicKey", "AlarmTopicPolicy", "AlarmEmailSubscription")) {
            assertEquals("HasAlarmEmail", forwarder.root().at("/Resources/" + id + "/Condition").asText(), id);
        }
        assertEquals("AlarmTopicKey.Arn", forwarder.resource("AlarmTopic", "AWS::SNS::Topic").at("/Properties/KmsMasterKeyId").asText());
        assertEquals(1, forwarder.resources("AWS::SQS::Queue").size(), "every queue of the forwarder is the one alarmed on");
    }
}
