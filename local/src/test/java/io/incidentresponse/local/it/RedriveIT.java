package io.incidentresponse.local.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.local.LocalMainAccess;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.engine.MotoEngine;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import io.incidentresponse.local.sqs.FailureQueueDefinition;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The redrive command against a real SQS API (the local engine) holding both shapes that land in
 * the failure queue, redelivering by asynchronous Invoke to {@link FakeLambda} (whose handlers run
 * over the emulator, so that its CallLog counts the cases opened) or with {@code --local} to the
 * handlers in this process.
 */
class RedriveIT {
    private static final String GUARDDUTY_FUNCTION = "incident-response-GuardDutyFindingFunction-AbC123";
    private static final String ALARM_FUNCTION = "incident-response-AlarmIncidentFunction-DeF456";
    private static final String FINDING = "guardduty/ec2-ssh-brute-force.json";
    private static final String ALARM = "alarm/01-api-5xx-alarm.json";

    private final SqsClient sqs = TestEngines.sqs();
    private Emulator emulator;
    private Map<String, String> env;
    private ClientFactory clients;
    private FakeLambda lambda;
    private String queueUrl;

    @BeforeEach
    void stack() throws IOException {
        env = new HashMap<>(TestStack.freshEnvironment(Map.of(
                "DEFAULT_RESPONSE_PLAN_ARN", IncidentManagerService.DEMO_RESPONSE_PLAN_ARN, "AWS_MAX_ATTEMPTS", "1")));
        emulator = TestStack.emulator();
        clients = TestStack.clients(env);
        lambda = new FakeLambda(Set.of(GUARDDUTY_FUNCTION, ALARM_FUNCTION),
                new Replay(TemplateFunctions.fromClasspath(), new Settings(env), clients));
        queueUrl = FailureQueueDefinition.fromClasspath().create(sqs, TestStack.uniqueName("failures"));
        env.put("AWS_ENDPOINT_URL_LAMBDA", lambda.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "it");
        env.put("AWS_SECRET_ACCESS_KEY", "it");
    }

    @AfterEach
    void close() {
        lambda.close();
        clients.close();
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }

    private record Run(int status, List<JsonNode> lines, String err) {
        JsonNode line(String messageId) {
            return lines.stream().filter(l -> l.path("messageId").asText().equals(messageId)).findFirst().orElseThrow(
                    () -> new AssertionError("no line for message " + messageId + ": " + lines));
        }
    }

    private Run redrive(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--json", "--wait-seconds", "1"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = LocalMainAccess.redrive(all, env, new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(EventJson.MAPPER.readTree(line));
            }
        }
        return new Run(status, lines, err.toString(StandardCharsets.UTF_8));
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = RedriveIT.class.getClassLoader().getResourceAsStream("events/" + name)) {
            return EventJson.MAPPER.readTree(in);
        }
    }

    /** What Lambda's on-failure destination writes when a function failed every attempt on {@code event}. */
    private static ObjectNode failureRecord(JsonNode event, String functionName) {
        ObjectNode record = EventJson.MAPPER.createObjectNode().put("version", "1.0").put("timestamp", "2026-03-14T04:01:02.345Z");
        record.putObject("requestContext").put("requestId", "c9b0a2f4-6d1e-4b8a-9f3c-2e5d7a1b0c9d")
                .put("functionArn", "arn:aws:lambda:us-east-1:" + Emulator.ACCOUNT_ID + ":function:" + functionName + ":$LATEST")
                .put("condition", "RetriesExhausted").put("approximateInvokeCount", 3);
        record.set("requestPayload", event);
        record.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST").put("functionError", "Unhandled");
        record.putObject("responsePayload").put("errorType", "software.amazon.awssdk.services.securityir.model.SecurityIrException")
                .put("errorMessage", "User is not authorized to perform: security-ir:CreateCase").putArray("stackTrace");
        return record;
    }

    private String sendFailureRecord(JsonNode event, String functionName) {
        return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(failureRecord(event, functionName).toString())).messageId();
    }

    /** What a rule's dead-letter queue receives: the event itself, and why in the attributes. */
    private String sendDeadLetter(JsonNode event, String functionName) {
        Map<String, MessageAttributeValue> attributes = Map.of(
                FailureMessage.RULE_ARN, text("arn:aws:events:us-east-1:" + Emulator.ACCOUNT_ID + ":rule/incident-response-Alarm"),
                FailureMessage.TARGET_ARN, text("arn:aws:lambda:us-east-1:" + Emulator.ACCOUNT_ID + ":function:" + functionName),
                FailureMessage.ERROR_CODE, text("SDK_CLIENT_ERROR"),
                FailureMessage.ERROR_MESSAGE, text("Unable to invoke Lambda function: Rate Exceeded."),
                FailureMessage.EXHAUSTED_RETRY_CONDITION, text("MaximumRetryAttempts"),
                FailureMessage.RETRY_ATTEMPTS, text("10"));
        return sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(event.toString()).messageAttributes(attributes)).messageId();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** The ids of the messages visible in the queue now (each received once, then made visible again). */
    private Set<String> visibleMessages() {
        List<Message> messages = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1).visibilityTimeout(30))
                    .messages();
            messages.addAll(batch);
        } while (!batch.isEmpty());
        messages.forEach(m -> sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0)));
        return messages.stream().map(Message::messageId).collect(Collectors.toSet());
    }

    private int messagesInQueue() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void bothShapesReachTheirFunctionsByAsynchronousInvokeAndAreDeleted() throws IOException {
        // given a finding whose function failed every attempt, and an alarm its rule could not deliver
        JsonNode finding = sample(FINDING);
        JsonNode alarm = sample(ALARM);
        String record = sendFailureRecord(finding, GUARDDUTY_FUNCTION);
        String deadLetter = sendDeadLetter(alarm, ALARM_FUNCTION);

        // when
        Run run = redrive("--queue", queueUrl, "--guardduty-function", GUARDDUTY_FUNCTION, "--alarm-function", ALARM_FUNCTION);

        // then each event went to its own function, asynchronously, as it was first delivered
        assertEquals(0, run.status(), run.lines() + run.err());
        assertEquals("failure-record", run.line(record).path("shape").asText());
        assertEquals("GuardDutyFindingFunction", run.line(record).path("function").asText());
        assertEquals(finding.path("id").asText(), run.line(record).path("eventId").asText());
        assertEquals("dead-letter", run.line(deadLetter).path("shape").asText());
        assertEquals("AlarmIncidentFunction", run.line(deadLetter).path("function").asText());
        run.lines().forEach(line -> assertEquals("redriven", line.path("result").asText(), line.toString()));
        List<FakeLambda.Invocation> invocations = lambda.invocations();
        assertEquals(2, invocations.size(), invocations.toString());
        Map<String, FakeLambda.Invocation> byFunction = invocations.stream()
                .collect(Collectors.toMap(FakeLambda.Invocation::functionName, i -> i));
        assertEquals(finding, byFunction.get(GUARDDUTY_FUNCTION).payload());
        assertEquals(alarm, byFunction.get(ALARM_FUNCTION).payload());
        invocations.forEach(i -> assertEquals("Event", i.invocationType()));
        invocations.forEach(i -> assertEquals("created", i.result().outcome(), i.result().toString()));
        // and the case and the incident are open, the queue empty
        assertEquals(1, emulator.log().successCount("CreateCase"));
        assertEquals(1, emulator.log().successCount("StartIncident"));
        assertEquals(0, messagesInQueue());
    }

    @Test
    void aMessageWhoseRedeliveryFailsStaysInTheQueueAndIsReportedTheOthersAreDeleted() throws IOException {
        // given a finding, an alarm whose function is named wrong, and a message that is neither shape
        String finding = sendFailureRecord(sample(FINDING), GUARDDUTY_FUNCTION);
        String alarm = sendDeadLetter(sample(ALARM), ALARM_FUNCTION);
        String garbage = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"hello\": \"world\"}")).messageId();

        // when
        Run run = redrive("--queue", queueUrl, "--guardduty-function", GUARDDUTY_FUNCTION, "--alarm-function", "no-such-function");

        // then the finding's case is open and its message gone; the other two are still there, visible at once, and named
        assertEquals(1, run.status(), run.lines() + run.err());
        assertEquals("redriven", run.line(finding).path("result").asText());
        assertEquals("failed", run.line(alarm).path("result").asText());
        assertTrue(run.line(alarm).path("detail").asText().contains("no function 'no-such-function'"), run.line(alarm).toString());
        assertEquals("unrecognised", run.line(garbage).path("result").asText());
        assertTrue(run.line(garbage).path("detail").asText().contains("neither requestContext"), run.line(garbage).toString());
        assertEquals(Set.of(alarm, garbage), visibleMessages());
        assertEquals(1, emulator.log().successCount("CreateCase"));
        assertEquals(0, emulator.log().count("StartIncident"));
    }

    @Test
    void withoutAFunctionNamedTheMessageOwnFunctionIsInvoked() throws IOException {
        // given both shapes, each naming the function it was meant for
        sendFailureRecord(sample(FINDING), GUARDDUTY_FUNCTION);
        sendDeadLetter(sample(ALARM), ALARM_FUNCTION);

        // when no function is named
        Run run = redrive("--queue", queueUrl);

        // then each went to the function its message names (the record's qualified ARN, the dead letter's target)
        assertEquals(0, run.status(), run.lines() + run.err());
        assertEquals(Set.of("arn:aws:lambda:us-east-1:" + Emulator.ACCOUNT_ID + ":function:" + GUARDDUTY_FUNCTION + ":$LATEST",
                "arn:aws:lambda:us-east-1:" + Emulator.ACCOUNT_ID + ":function:" + ALARM_FUNCTION),
                run.lines().stream().map(l -> l.path("target").asText()).collect(Collectors.toSet()));
    }

    @Test
    void redrivingTheSameEventsAgainOpensNoSecondCase() throws IOException {
        // given a finding redriven once
        JsonNode finding = sample(FINDING);
        sendFailureRecord(finding, GUARDDUTY_FUNCTION);
        Run first = redrive("--queue", queueUrl, "--local");
        assertEquals(0, first.status(), first.lines() + first.err());
        assertTrue(first.lines().getFirst().path("detail").asText().startsWith("created "), first.lines().toString());

        // when the same event lands again, in both shapes, and is redriven again
        sendFailureRecord(finding, GUARDDUTY_FUNCTION);
        sendDeadLetter(finding, GUARDDUTY_FUNCTION);
        Run second = redrive("--queue", queueUrl, "--local");

        // then both are repeats of the one case, and the queue is empty
        assertEquals(0, second.status(), second.lines() + second.err());
        assertEquals(2, second.lines().size(), second.lines().toString());
        second.lines().forEach(line -> assertTrue(line.path("detail").asText().startsWith("repeat "), line.toString()));
        assertEquals(1, emulator.log().count("CreateCase"));
        assertEquals(0, messagesInQueue());
    }

    @Test
    void inProcessAHandlerThatKeepsFailingLeavesItsMessageInTheQueue() throws IOException {
        // given Security IR failing the next CreateCase (the SDK told not to retry), and an alarm that opens fine
        emulator.faults().fail("CreateCase", 1, 500);
        String finding = sendFailureRecord(sample(FINDING), GUARDDUTY_FUNCTION);
        String alarm = sendDeadLetter(sample(ALARM), ALARM_FUNCTION);

        // when
        Run run = redrive("--queue", queueUrl, "--local");

        // then the finding stays, reported with the handler's error; the alarm's incident is open and its message gone
        assertEquals(1, run.status(), run.lines() + run.err());
        assertEquals("failed", run.line(finding).path("result").asText());
        assertTrue(run.line(finding).path("detail").asText().startsWith("error "), run.line(finding).toString());
        assertEquals("redriven", run.line(alarm).path("result").asText());
        assertEquals(Set.of(finding), visibleMessages());

        // and once the cause is gone, the next redrive empties the queue
        Run again = redrive("--queue", queueUrl, "--local");
        assertEquals(0, again.status(), again.lines() + again.err());
        assertEquals(1, emulator.log().successCount("CreateCase"));
        assertEquals(0, messagesInQueue());
    }

    @Test
    void aDryRunListsWhatItWouldDoAndDeliversAndDeletesNothing() throws IOException {
        // given
        String finding = sendFailureRecord(sample(FINDING), GUARDDUTY_FUNCTION);
        String alarm = sendDeadLetter(sample(ALARM), ALARM_FUNCTION);

        // when
        Run run = redrive("--queue", queueUrl, "--dry-run", "--guardduty-function", GUARDDUTY_FUNCTION);

        // then
        assertEquals(0, run.status(), run.lines() + run.err());
        assertEquals("would redrive", run.line(finding).path("result").asText());
        assertEquals(GUARDDUTY_FUNCTION, run.line(finding).path("target").asText());
        assertTrue(run.line(finding).path("detail").asText().contains("RetriesExhausted"), run.line(finding).toString());
        assertEquals("would redrive", run.line(alarm).path("result").asText());
        assertTrue(run.line(alarm).path("detail").asText().contains("SDK_CLIENT_ERROR"), run.line(alarm).toString());
        assertTrue(lambda.invocations().isEmpty());
        assertEquals(Set.of(finding, alarm), visibleMessages());
    }

    @Test
    void maxBoundsHowManyMessagesOneRunTakes() throws IOException {
        // given three findings' records
        for (String name : List.of(FINDING, "guardduty/ec2-crypto-mining.json", "guardduty/s3-public-access.json")) {
            sendFailureRecord(sample(name), GUARDDUTY_FUNCTION);
        }

        // when
        Run run = redrive("--queue", queueUrl, "--max", "2", "--guardduty-function", GUARDDUTY_FUNCTION);

        // then
        assertEquals(0, run.status(), run.lines() + run.err());
        assertEquals(2, run.lines().size());
        assertEquals(2, lambda.invocations().size());
        assertEquals(1, visibleMessages().size());
    }

    @Test
    void aQueueThatDoesNotExistIsOneClearErrorWithStatus2() throws IOException {
        // when
        Run byName = redrive("--queue", "no-such-queue-" + TestStack.uniqueName("q"));
        Run byUrl = redrive("--queue", queueUrl + "-missing");

        // then
        assertEquals(2, byName.status(), byName.err());
        assertTrue(byName.err().startsWith("redrive: no queue 'no-such-queue-"), byName.err());
        assertEquals(2, byUrl.status(), byUrl.err());
        assertTrue(byUrl.err().startsWith("redrive: no queue at " + queueUrl + "-missing"), byUrl.err());
        assertTrue(byName.lines().isEmpty() && byUrl.lines().isEmpty());
    }

    @Test
    void withAStackTheQueueAndTheFunctionsComeFromItsOutputs() throws IOException {
        // given a stack on the local engine's CloudFormation whose outputs name them, as a deployed stack's do
        String stack = TestStack.uniqueName("incident-response");
        String template = """
                Resources:
                  Placeholder:
                    Type: AWS::SQS::Queue
                Outputs:
                  GuardDutyFindingFunctionArn:
                    Value: arn:aws:lambda:us-east-1:%1$s:function:%2$s
                  AlarmIncidentFunctionArn:
                    Value: arn:aws:lambda:us-east-1:%1$s:function:%3$s
                  FailureQueueUrl:
                    Value: %4$s
                """.formatted(Emulator.ACCOUNT_ID, GUARDDUTY_FUNCTION, ALARM_FUNCTION, queueUrl);
        try (CloudFormationClient cloudFormation = MotoEngine.client(CloudFormationClient.builder(), TestEngines.endpoint())) {
            cloudFormation.createStack(r -> r.stackName(stack).templateBody(template));
            env.put("AWS_ENDPOINT_URL_CLOUDFORMATION", TestEngines.endpoint().toString());
            // and messages that do not say which function they were meant for
            String finding = sample(FINDING).toString();
            String alarm = sample(ALARM).toString();
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(finding));
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(alarm));

            // when only the stack is named
            Run run = redrive("--stack", stack);

            // then
            assertEquals(0, run.status(), run.lines() + run.err());
            assertEquals(Set.of(GUARDDUTY_FUNCTION, ALARM_FUNCTION),
                    lambda.invocations().stream().map(i -> FakeLambda.bareName(i.functionName())).collect(Collectors.toSet()));
            assertEquals(0, messagesInQueue());

            // and a stack that does not exist is one clear error
            Run missing = redrive("--stack", stack + "-missing");
            assertEquals(2, missing.status(), missing.err());
            assertTrue(missing.err().startsWith("redrive: no stack '" + stack + "-missing' in "), missing.err());
        }
    }

    @Test
    void withoutAQueueOrAStackItSaysWhatToName() throws IOException {
        Run run = redrive();
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("redrive: name the queue: --queue <URL, name or ARN>, or --stack <name>"), run.err());
        Run local = redrive("--local", "--guardduty-function", GUARDDUTY_FUNCTION);
        assertEquals(2, local.status(), local.err());
        assertTrue(local.err().startsWith("redrive: --local runs the handlers in this process"), local.err());
    }

    @Test
    void theQueueIsFoundByNameToo() throws IOException {
        // given
        sendFailureRecord(sample(FINDING), GUARDDUTY_FUNCTION);
        String name = queueUrl.substring(queueUrl.lastIndexOf('/') + 1);

        // when
        Run run = redrive("--queue", name, "--guardduty-function", GUARDDUTY_FUNCTION);

        // then
        assertEquals(0, run.status(), run.lines() + run.err());
        assertEquals(1, run.lines().size());
        assertFalse(run.lines().getFirst().path("kept").asBoolean());
    }
}
