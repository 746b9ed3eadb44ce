package io.incidentresponse.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An EventBridge rule whose target is an SQS queue, both made for the purpose: what a subscriber
 * to the product's events would deploy, used to read back the events the product published.
 *
 * <p>{@link #received()} returns every event delivered so far, oldest first. An engine that
 * delivers to the target inside PutEvents (moto) needs no wait; for one that delivers later
 * (LocalStack, AWS) give a {@code settle} time: {@link #received()} then waits that long for more
 * after the queue looks empty.
 */
public final class EventRuleQueue implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBridgeClient events;
    private final SqsClient sqs;
    private final String busName;
    private final String name;
    private final String queueUrl;
    private final Duration settle;
    private final List<JsonNode> received = new ArrayList<>();

    private EventRuleQueue(EventBridgeClient events, SqsClient sqs, String busName, String name, String queueUrl, Duration settle) {
        this.events = events;
        this.sqs = sqs;
        this.busName = busName;
        this.name = name;
        this.queueUrl = queueUrl;
        this.settle = settle;
    }

    /**
     * Creates the queue {@code name} and the rule {@code name} on {@code busName} with the pattern,
     * targeting the queue (with the queue policy EventBridge needs on AWS).
     */
    public static EventRuleQueue create(EventBridgeClient events, SqsClient sqs, String busName, String name,
                                        JsonNode eventPattern, Duration settle) {
        String queueUrl = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String ruleArn = events.putRule(r -> r.name(name).eventBusName(busName).state(RuleState.ENABLED)
                .eventPattern(eventPattern.toString())
                .description("Reads back the events the incident-response product publishes")).ruleArn();
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ObjectNode statement = policy.putArray("Statement").addObject().put("Effect", "Allow").put("Action", "sqs:SendMessage")
                .put("Resource", queueArn);
        statement.putObject("Principal").put("Service", "events.amazonaws.com");
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", ruleArn);
        sqs.setQueueAttributes(r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy.toString())));
        events.putTargets(r -> r.rule(name).eventBusName(busName).targets(Target.builder().id("queue").arn(queueArn).build()));
        return new EventRuleQueue(events, sqs, busName, name, queueUrl, settle);
    }

    /** A pattern matching one source and detail-type. */
    public static JsonNode pattern(String source, String detailType) {
        ObjectNode pattern = JSON.createObjectNode();
        pattern.putArray("source").add(source);
        pattern.putArray("detail-type").add(detailType);
        return pattern;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String ruleName() {
        return name;
    }

    /** Every event the rule has delivered so far (whole EventBridge events, as a target receives them). */
    public synchronized List<JsonNode> received() {
        boolean waited = settle.isZero();
        while (true) {
            int waitSeconds = waited ? 0 : (int) Math.max(1, settle.toSeconds());
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(waitSeconds)).messages();
            if (messages.isEmpty()) {
                if (waited) {
                    return List.copyOf(received);
                }
                waited = true;
                continue;
            }
            for (Message message : messages) {
                try {
                    received.add(JSON.readTree(message.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException("Not an event on " + queueUrl + ": " + message.body(), e);
                }
            }
            List<DeleteMessageBatchRequestEntry> done = messages.stream().map(m -> DeleteMessageBatchRequestEntry.builder()
                    .id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(done));
        }
    }

    /** Removes the rule (its target first) and the queue. */
    @Override
    public void close() {
        events.removeTargets(r -> r.rule(name).eventBusName(busName).ids("queue"));
        events.deleteRule(r -> r.name(name).eventBusName(busName));
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }
}
