package io.incidentresponse.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure queue's message as {@code aws sqs receive-message --message-attribute-names All} saves
 * it: {@code {"Messages": [{"MessageId", "Body", "MessageAttributes": {"ERROR_CODE": {"StringValue": ...}}}]}},
 * or the one message object itself. Replay takes such a file like the event in its body.
 */
public final class SavedMessages {
    private SavedMessages() {
    }

    /** Whether a JSON object is a saved receive-message answer or one message of it. */
    public static boolean isOne(JsonNode node) {
        return node.path("Messages").isArray() || isMessage(node);
    }

    private static boolean isMessage(JsonNode node) {
        return node.path("Body").isTextual() && (node.has("MessageId") || node.has("ReceiptHandle"));
    }

    /** What the one message holds; unrecognised when the file holds none or several, or the body is neither shape. */
    public static FailureMessage read(JsonNode node) {
        JsonNode message = node;
        if (node.path("Messages").isArray()) {
            if (node.path("Messages").size() != 1) {
                return FailureMessage.unrecognised(node.path("Messages").size() + " SQS messages in one file: replay takes one "
                        + "event per file (redrive reads them all from the queue)");
            }
            message = node.path("Messages").get(0);
        }
        if (!isMessage(message)) {
            return FailureMessage.unrecognised("an SQS message without a Body");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : message.path("MessageAttributes").properties()) {
            if (attribute.getValue().path("StringValue").isTextual()) {
                attributes.put(attribute.getKey(), attribute.getValue().path("StringValue").asText());
            }
        }
        return FailureMessage.parse(message.path("Body").asText(), attributes);
    }
}
