package io.incidentresponse.local.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.local.template.SamTemplate;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.StatusChange;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.StatusAnnouncer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.InputTransformer;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * template.yaml's four notification rules, as written (pattern and input transformer), on a real
 * EventBridge API (the local engine) on a custom status bus, with an SQS queue standing in for the
 * notification topic: the product's own publisher ({@link StatusAnnouncer}) and a Case Opened
 * event go in, and exactly the lines a team should read come out, one per opened or closed case.
 */
class NotificationRulesIT {
    private final EventBridgeClient events = TestEngines.eventBridge();
    private final SqsClient sqs = TestEngines.sqs();
    private final SamTemplate template = SamTemplate.bundled();
    private final List<String> rules = new ArrayList<>();
    private String bus;
    private String queueUrl;

    @BeforeEach
    void rulesOnTheStatusBus() {
        bus = TestStack.uniqueName("status-bus");
        events.createEventBus(r -> r.name(bus));
        queueUrl = sqs.createQueue(r -> r.queueName(TestStack.uniqueName("notifications"))).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        template.resources("AWS::Events::Rule").forEach((id, rule) -> {
            JsonNode properties = rule.path("Properties");
            JsonNode transformer = properties.at("/Targets/0/InputTransformer");
            Map<String, String> paths = new HashMap<>();
            transformer.path("InputPathsMap").properties().forEach(path -> paths.put(path.getKey(), path.getValue().asText()));
            String name = TestStack.uniqueName(id);
            events.putRule(r -> r.name(name).eventBusName(bus).state(RuleState.ENABLED)
                    .eventPattern(properties.path("EventPattern").toString()));
            events.putTargets(r -> r.rule(name).eventBusName(bus).targets(software.amazon.awssdk.services.eventbridge.model.Target.builder()
                    .id("notification-topic").arn(queueArn)
                    .inputTransformer(InputTransformer.builder().inputPathsMap(paths)
                            .inputTemplate(transformer.path("InputTemplate").asText()).build())
                    .build()));
            rules.add(name);
        });
        assertEquals(4, rules.size());
    }

    @AfterEach
    void removeThem() {
        for (String rule : rules) {
            events.removeTargets(r -> r.rule(rule).eventBusName(bus).ids("notification-topic"));
            events.deleteRule(r -> r.name(rule).eventBusName(bus));
        }
        events.deleteEventBus(r -> r.name(bus));
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }

    /** Every message delivered so far, as the text a subscriber reads (SNS would mail it). */
    private List<String> delivered() {
        List<String> lines = new ArrayList<>();
        boolean waited = TestEngines.eventDelivery().isZero();
        while (true) {
            int wait = waited ? 0 : (int) Math.max(1, TestEngines.eventDelivery().toSeconds());
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(wait))
                    .messages();
            if (messages.isEmpty() && waited) {
                return lines;
            }
            waited = true;
            for (Message message : messages) {
                try {
                    lines.add(EventJson.MAPPER.readTree(message.body()).asText());
                } catch (Exception e) {
                    throw new AssertionError("not a JSON string: " + message.body(), e);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    @Test
    void openedAndClosedCasesAndIncidentsBecomeOneLineEachAndOtherChangesNone() {
        // given
        String caseLink = "https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/1000000005";
        String incident = "arn:aws:ssm-incidents::123456789012:incident-record/critical-alarms/a1b2c3d4";
        String incidentLink = "https://us-east-1.console.aws.amazon.com/systems-manager/incidents/home?region=us-east-1#/incident";
        StatusAnnouncer poller = new StatusAnnouncer(events, bus);
        ObjectNode opened = EventJson.MAPPER.createObjectNode();
        opened.put("signalKey", "guardduty#123456789012#us-east-1#1f2b").put("target", Target.SECURITY_IR.name())
                .put("externalId", "1000000005").put("title", "198.51.100.24 is performing \"SSH\" brute force attacks")
                .put("status", "Submitted").put("source", "aws.guardduty").put("kind", "UnauthorizedAccess:EC2/SSHBruteForce")
                .put("account", "123456789012").put("region", "us-east-1").put("consoleUrl", caseLink);

        // when: what the functions and the poller publish over a case's and an incident's life
        events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().eventBusName(bus).source(StatusChange.SOURCE)
                .detailType("Case Opened").detail(opened.toString()).build()));
        poller.announce(new StatusChange("guardduty#123456789012#us-east-1#1f2b", Target.SECURITY_IR.name(), "1000000005", "t",
                "Submitted", "Detection and Analysis", null, null, null, false, "2026-10-21T08:05:00Z", caseLink), null);
        poller.announce(new StatusChange("guardduty#123456789012#us-east-1#1f2b", Target.SECURITY_IR.name(), "1000000005", "t",
                "Detection and Analysis", "Closed", null, "Investigation Completed", "2026-10-21T08:14:02Z", true,
                "2026-10-21T08:15:00Z", caseLink), null);
        poller.announce(new StatusChange("alarm#123456789012#us-east-1#cpu", Target.INCIDENT_MANAGER.name(), incident, "cpu high",
                "OPEN", "RESOLVED", null, null, "2026-10-21T09:00:00Z", true, "2026-10-21T09:01:00Z", incidentLink), incident);

        // then
        assertEquals(new TreeSet<>(List.of(
                "case 1000000005 opened for UnauthorizedAccess:EC2/SSHBruteForce in 123456789012/us-east-1: " + caseLink,
                "case 1000000005 is now Closed (Investigation Completed): " + caseLink,
                "incident " + incident + " is now RESOLVED: " + incidentLink)), new TreeSet<>(delivered()));
    }
}
