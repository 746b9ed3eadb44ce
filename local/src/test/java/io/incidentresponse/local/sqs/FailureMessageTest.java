package io.incidentresponse.local.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two shapes that land in the failure queue, read from the sample events, and what is neither. */
class FailureMessageTest {

    private static String sample(String name) throws IOException {
        try (InputStream in = FailureMessageTest.class.getClassLoader().getResourceAsStream("events/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Lambda's invocation record (Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations"). */
    private static String record(String payload) {
        return """
                {
                  "version": "1.0",
                  "timestamp": "2026-03-14T04:01:02.345Z",
                  "requestContext": {
                    "requestId": "e4b46cbf-b738-4a5e-8880-a18cdf61200e",
                    "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:ir-GuardDutyFindingFunction-1A2B3C:$LATEST",
                    "condition": "RetriesExhausted",
                    "approximateInvokeCount": 3
                  },
                  "requestPayload": %s,
                  "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
                  "responsePayload": {"errorMessage": "User is not authorized to perform: security-ir:CreateCase",
                                      "errorType": "software.amazon.awssdk.services.securityir.model.AccessDeniedException",
                                      "stackTrace": ["io.incidentresponse..."]}
                }""".formatted(payload);
    }

    @Test
    void aLambdaFailureRecordCarriesTheEventItsFunctionAndWhyItFailed() throws IOException {
        // given
        String event = sample("guardduty/ec2-ssh-brute-force.json");

        // when
        FailureMessage message = FailureMessage.parse(record(event), Map.of());

        // then
        assertEquals(FailureMessage.Shape.FAILURE_RECORD, message.shape());
        assertEquals(EventJson.MAPPER.readTree(event), message.event());
        assertEquals("fd4f2472-b5ea-5a40-a4fd-b034a5f7ad1e", message.eventId());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:ir-GuardDutyFindingFunction-1A2B3C:$LATEST", message.functionArn());
        assertEquals("RetriesExhausted after 3 attempt(s) Unhandled software.amazon.awssdk.services.securityir.model.AccessDeniedException "
                + "User is not authorized to perform: security-ir:CreateCase", message.failure());
        assertNull(message.problem());
    }

    @Test
    void aRecordOfAnEventThatExpiredBeforeItRanHasNoResponseAndIsStillAnEvent() throws IOException {
        // given an event too old to run: Lambda writes no responseContext or responsePayload
        String event = sample("alarm/01-api-5xx-alarm.json");
        String record = "{\"version\": \"1.0\", \"requestContext\": {\"requestId\": \"r\", \"functionArn\": \"arn:aws:lambda:us-east-1:"
                + "123456789012:function:f\", \"condition\": \"EventAgeExceeded\", \"approximateInvokeCount\": 0}, \"requestPayload\": "
                + event + "}";

        // when
        FailureMessage message = FailureMessage.parse(record, Map.of());

        // then
        assertEquals(FailureMessage.Shape.FAILURE_RECORD, message.shape());
        assertEquals("aws.cloudwatch", message.event().path("source").asText());
        assertEquals("EventAgeExceeded after 0 attempt(s)", message.failure());
    }

    @Test
    void anEventBridgeDeadLetterIsTheEventWithWhyInItsAttributes() throws IOException {
        // given
        String event = sample("alarm/01-api-5xx-alarm.json");
        Map<String, String> attributes = Map.of(
                FailureMessage.RULE_ARN, "arn:aws:events:us-east-1:123456789012:rule/ir-AlarmIncidentFunctionAlarmStateChange-X",
                FailureMessage.TARGET_ARN, "arn:aws:lambda:us-east-1:123456789012:function:ir-AlarmIncidentFunction-X",
                FailureMessage.ERROR_CODE, "SDK_CLIENT_ERROR",
                FailureMessage.ERROR_MESSAGE, "Unable to invoke Lambda function: Rate Exceeded.",
                FailureMessage.EXHAUSTED_RETRY_CONDITION, "MaximumRetryAttempts",
                FailureMessage.RETRY_ATTEMPTS, "10");

        // when
        FailureMessage message = FailureMessage.parse(event, attributes);

        // then
        assertEquals(FailureMessage.Shape.DEAD_LETTER, message.shape());
        assertEquals(EventJson.MAPPER.readTree(event), message.event());
        assertEquals(EventJson.MAPPER.readTree(event).path("id").asText(), message.eventId());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:ir-AlarmIncidentFunction-X", message.functionArn());
        assertEquals("SDK_CLIENT_ERROR Unable to invoke Lambda function: Rate Exceeded. (MaximumRetryAttempts)", message.failure());
    }

    @Test
    void aDeadLetterWithoutAttributesIsStillTheEvent() throws IOException {
        // when
        FailureMessage message = FailureMessage.parse(sample("security-ir/case-updated.json"), Map.of());

        // then
        assertEquals(FailureMessage.Shape.DEAD_LETTER, message.shape());
        assertNull(message.functionArn());
        assertEquals("", message.failure());
    }

    @Test
    void whatIsNeitherShapeIsUnrecognisedWithTheReason() {
        assertUnrecognised("", "an empty message");
        assertUnrecognised("{\"source\": ", "not JSON");
        assertUnrecognised("[1, 2]", "a JSON array");
        assertUnrecognised("\"text\"", "a JSON string");
        assertUnrecognised("{\"hello\": \"world\"}", "neither requestContext and requestPayload");
        assertUnrecognised(record("\"a string payload\""), "requestPayload is a JSON string, not an EventBridge event");
        assertUnrecognised(record("{\"orderId\": 42}"), "requestPayload is a JSON object without source, detail-type or detail");
        assertUnrecognised(record("null"), "without its requestPayload");
        assertUnrecognised("{\"requestContext\": {\"requestId\": \"r-1\"}, \"responseContext\": {\"statusCode\": 200}}",
                "without its requestPayload, so without the event (request r-1");
    }

    @Test
    void anUnrecognisedRecordStillSaysWhichFunctionFailedAndWhy() {
        // when
        FailureMessage message = FailureMessage.parse(record("[]"), Map.of());

        // then
        assertEquals(FailureMessage.Shape.UNRECOGNISED, message.shape());
        assertTrue(message.functionArn().endsWith(":function:ir-GuardDutyFindingFunction-1A2B3C:$LATEST"));
        assertTrue(message.failure().startsWith("RetriesExhausted"), message.failure());
    }

    @Test
    void controlCharactersInTheFailureAreStrippedAndItIsBounded() {
        // given
        String longMessage = "x".repeat(1000);

        // when
        FailureMessage message = FailureMessage.parse(sampleEvent(), Map.of(FailureMessage.ERROR_CODE, "BAD\u001b[31m\nCODE",
                FailureMessage.ERROR_MESSAGE, longMessage));

        // then
        assertTrue(message.failure().startsWith("BAD [31m CODE x"), message.failure());
        assertTrue(message.failure().codePointCount(0, message.failure().length()) <= 300);
    }

    @Test
    void aSavedReceiveMessageAnswerIsReadAsTheMessageInIt() throws IOException {
        // given what `aws sqs receive-message --message-attribute-names All` prints
        JsonNode saved = EventJson.MAPPER.readTree("{\"Messages\": [{\"MessageId\": \"m-1\", \"ReceiptHandle\": \"h\", \"Body\": "
                + EventJson.MAPPER.writeValueAsString(sampleEvent()) + ", \"MessageAttributes\": {\"ERROR_CODE\": "
                + "{\"StringValue\": \"RESOURCE_NOT_FOUND\", \"DataType\": \"String\"}}}]}");

        // when
        FailureMessage message = SavedMessages.read(saved);

        // then
        assertTrue(SavedMessages.isOne(saved));
        assertEquals(FailureMessage.Shape.DEAD_LETTER, message.shape());
        assertEquals("RESOURCE_NOT_FOUND", message.failure());
        assertEquals(FailureMessage.Shape.UNRECOGNISED, SavedMessages.read(EventJson.MAPPER.readTree("{\"Messages\": []}")).shape());
    }

    private static String sampleEvent() {
        return "{\"id\": \"e-1\", \"source\": \"aws.guardduty\", \"detail-type\": \"GuardDuty Finding\", \"detail\": {}}";
    }

    private static void assertUnrecognised(String body, String reason) {
        FailureMessage message = FailureMessage.parse(body, Map.of());
        assertEquals(FailureMessage.Shape.UNRECOGNISED, message.shape(), body);
        assertNull(message.event());
        assertTrue(message.problem().contains(reason), message.problem());
    }
}
