package io.incidentresponse.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.text.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One message of the failure queue, read for what it carries. Two things land there
 * (template.yaml's FailureQueue): a Lambda on-failure destination writes an invocation record
 * ({@code version}, {@code timestamp}, {@code requestContext} with the function's ARN and why it
 * gave up, {@code requestPayload}: the event as the function received it, and, when the function
 * ran, {@code responseContext} and {@code responsePayload}: its error); an EventBridge rule's
 * dead-letter queue receives the event itself, with why it was not delivered in the message
 * attributes ({@code RULE_ARN}, {@code TARGET_ARN}, {@code ERROR_CODE}, {@code ERROR_MESSAGE},
 * {@code EXHAUSTED_RETRY_CONDITION}, {@code RETRY_ATTEMPTS}). Anything else is
 * {@link Shape#UNRECOGNISED}, with the reason.
 *
 * @param event        the EventBridge event to deliver again; null when unrecognised
 * @param eventId      the event's {@code id}, when it has one
 * @param functionArn  the function it was meant for, as the message says (the record's
 *                     {@code requestContext.functionArn}, the dead letter's {@code TARGET_ARN}); may be null
 * @param failure      why it landed in the queue, as the message says (bounded); may be empty
 * @param problem      why it is unrecognised; null otherwise
 */
public record FailureMessage(Shape shape, JsonNode event, String eventId, String functionArn, String failure, String problem) {
    /** The attributes EventBridge sets on a dead letter. */
    public static final String TARGET_ARN = "TARGET_ARN";
    public static final String RULE_ARN = "RULE_ARN";
    public static final String ERROR_CODE = "ERROR_CODE";
    public static final String ERROR_MESSAGE = "ERROR_MESSAGE";
    public static final String EXHAUSTED_RETRY_CONDITION = "EXHAUSTED_RETRY_CONDITION";
    public static final String RETRY_ATTEMPTS = "RETRY_ATTEMPTS";
    private static final int FAILURE_CHARS = 300;

    public enum Shape {
        /** Lambda's asynchronous invocation record, from an on-failure destination. */
        FAILURE_RECORD("failure-record"),
        /** An EventBridge event, from a rule's dead-letter queue. */
        DEAD_LETTER("dead-letter"),
        UNRECOGNISED("unrecognised");

        private final String label;

        Shape(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A message body and its (string) message attributes; never throws for what the body holds. */
    public static FailureMessage parse(String body, Map<String, String> attributes) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : EventJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return unrecognised("not JSON (" + SafeText.bounded(firstLine(e.getMessage()), 120) + "): neither a Lambda failure record "
                    + "nor an EventBridge event");
        }
        if (node == null || !node.isObject()) {
            return unrecognised(node == null ? "an empty message" : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", neither a Lambda failure record nor an EventBridge event");
        }
        return of(node, attributes);
    }

    /** A message body already read as a JSON object, and its message attributes. */
    public static FailureMessage of(JsonNode body, Map<String, String> attributes) {
        if (isFailureRecord(body)) {
            return fromRecord(body);
        }
        if (isEvent(body)) {
            return new FailureMessage(Shape.DEAD_LETTER, body, text(body.path("id")), attributes.get(TARGET_ARN),
                    deadLetterFailure(attributes), null);
        }
        return unrecognised("a JSON object with neither requestContext and requestPayload (a Lambda failure record) nor source, "
                + "detail-type and detail (an EventBridge event)");
    }

    /** The event as its function receives it, for a redelivery. */
    public byte[] eventBytes() {
        try {
            return EventJson.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            // A tree read from JSON always writes back; this would be a bug, not bad input.
            throw new UncheckedIOException("cannot write the event " + eventId + " back as JSON", e);
        }
    }

    /** Whether a JSON object is a Lambda invocation record: its requestContext, and a request payload or response context. */
    public static boolean isFailureRecord(JsonNode node) {
        return node.path("requestContext").isObject() && (node.has("requestPayload") || node.has("responseContext"));
    }

    private static boolean isEvent(JsonNode node) {
        return node.has("detail") || node.has("source") || node.has("detail-type");
    }

    private static FailureMessage fromRecord(JsonNode record) {
        JsonNode context = record.path("requestContext");
        String functionArn = text(context.path("functionArn"));
        String failure = recordFailure(record);
        JsonNode payload = record.path("requestPayload");
        if (payload.isMissingNode() || payload.isNull()) {
            return new FailureMessage(Shape.UNRECOGNISED, null, null, functionArn, failure, "a Lambda failure record without its "
                    + "requestPayload, so without the event (request " + SafeText.bounded(text(context.path("requestId")), 60)
                    + "; the function's log has what it received)");
        }
        if (!payload.isObject() || !isEvent(payload)) {
            return new FailureMessage(Shape.UNRECOGNISED, null, null, functionArn, failure, "a Lambda failure record whose "
                    + "requestPayload is a JSON " + payload.getNodeType().name().toLowerCase(Locale.ROOT)
                    + (payload.isObject() ? " without source, detail-type or detail" : "") + ", not an EventBridge event");
        }
        return new FailureMessage(Shape.FAILURE_RECORD, payload, text(payload.path("id")), functionArn, failure, null);
    }

    /** "RetriesExhausted after 3 attempts: Unhandled RuntimeException: ..." from what the record holds. */
    private static String recordFailure(JsonNode record) {
        JsonNode context = record.path("requestContext");
        List<String> parts = new ArrayList<>();
        add(parts, text(context.path("condition")));
        if (context.path("approximateInvokeCount").canConvertToInt()) {
            parts.add("after " + context.path("approximateInvokeCount").asInt() + " attempt(s)");
        }
        add(parts, text(record.path("responseContext").path("functionError")));
        JsonNode response = record.path("responsePayload");
        add(parts, text(response.path("errorType")));
        add(parts, text(response.path("errorMessage")));
        return SafeText.bounded(String.join(" ", parts), FAILURE_CHARS);
    }

    /** "SDK_CLIENT_ERROR: ... (MaximumRetryAttempts)" from the dead letter's attributes. */
    private static String deadLetterFailure(Map<String, String> attributes) {
        List<String> parts = new ArrayList<>();
        add(parts, attributes.get(ERROR_CODE));
        add(parts, attributes.get(ERROR_MESSAGE));
        String exhausted = attributes.get(EXHAUSTED_RETRY_CONDITION);
        if (exhausted != null && !exhausted.isBlank()) {
            parts.add("(" + exhausted + ")");
        }
        return SafeText.bounded(String.join(" ", parts), FAILURE_CHARS);
    }

    private static void add(List<String> parts, String part) {
        if (part != null && !part.isBlank()) {
            parts.add(part);
        }
    }

    static FailureMessage unrecognised(String problem) {
        return new FailureMessage(Shape.UNRECOGNISED, null, null, null, "", problem);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String text(JsonNode node) {
        return node == null || !node.isValueNode() || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }
}
