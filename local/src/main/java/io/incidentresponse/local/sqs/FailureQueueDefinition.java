package io.incidentresponse.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.template.SamTemplate;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The failure queue as template.yaml defines it ({@value #RESOURCE}: where Lambda's on-failure
 * destinations and the rules' dead-letter configuration put what could not be processed), as
 * CreateQueue attributes: every number or boolean property the template gives it (its retention
 * period and encryption), so that a local queue keeps messages as the deployed one does.
 */
public final class FailureQueueDefinition {
    public static final String RESOURCE = "FailureQueue";
    private static final String NO_VALUE = "AWS::NoValue";
    private static final String QUEUE_TYPE = "AWS::SQS::Queue";

    private final Map<QueueAttributeName, String> attributes;

    private FailureQueueDefinition(Map<QueueAttributeName, String> attributes) {
        this.attributes = Map.copyOf(attributes);
    }

    /** The failure queue of the template.yaml bundled into this module. */
    public static FailureQueueDefinition fromClasspath() {
        return from(SamTemplate.bundled());
    }

    static FailureQueueDefinition parse(InputStream template, String source) {
        return from(SamTemplate.parse(template, source));
    }

    static FailureQueueDefinition from(SamTemplate template) {
        JsonNode queue = template.resource(RESOURCE, QUEUE_TYPE);
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : queue.path("Properties").properties()) {
            QueueAttributeName name = QueueAttributeName.fromValue(property.getKey());
            // Numbers and booleans only: QueueName and Tags are not attributes, and a text value here is
            // an intrinsic (!Ref, !GetAtt: the YAML reader drops the tag and keeps its argument) or
            // names another resource (a KMS key, a dead-letter target), nothing a local queue can use.
            JsonNode value = optional(property.getValue());
            if (name != QueueAttributeName.UNKNOWN_TO_SDK_VERSION && (value.isNumber() || value.isBoolean())) {
                attributes.put(name, value.asText());
            }
        }
        return new FailureQueueDefinition(attributes);
    }

    /**
     * A property the template sets only under a condition, {@code !If [Condition, value,
     * !Ref AWS::NoValue]} (or the other way round), reads as [Condition, value, "AWS::NoValue"]:
     * the local queue takes the value (e.g. SqsManagedSseEnabled, which the stack leaves out only
     * when a customer managed key replaces it). Anything else is returned as it is.
     */
    private static JsonNode optional(JsonNode value) {
        if (value.isArray() && value.size() == 3 && value.get(0).isTextual()) {
            if (NO_VALUE.equals(value.get(2).asText())) {
                return value.get(1);
            }
            if (NO_VALUE.equals(value.get(1).asText())) {
                return value.get(2);
            }
        }
        return value;
    }

    public Map<QueueAttributeName, String> attributes() {
        return attributes;
    }

    /** Creates the queue (or finds it, if it exists with these attributes); its URL. */
    public String create(SqsClient sqs, String queueName) {
        return sqs.createQueue(r -> r.queueName(queueName).attributes(attributes)).queueUrl();
    }
}
