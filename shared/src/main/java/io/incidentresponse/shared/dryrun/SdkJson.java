package io.incidentresponse.shared.dryrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An SDK request's members as the JSON body rest-json sends: each set member under its location
 * name, timestamps as epoch seconds, enums as their text. What the real client sends for the same
 * request is pinned equal by the toolkit's {@code SdkJsonTest}. The dry run logs a request this way,
 * exactly as it would have been sent; the toolkit's tests put many requests through the emulator's
 * model validation with it.
 */
public final class SdkJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SdkJson() {
    }

    public static ObjectNode of(SdkPojo pojo) {
        ObjectNode object = JSON.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null) {
                object.set(field.locationName(), value(value));
            }
        }
        return object;
    }

    private static JsonNode value(Object value) {
        if (value instanceof SdkPojo pojo) {
            return of(pojo);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.arrayNode();
            list.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.objectNode();
            map.forEach((key, item) -> object.set(String.valueOf(key), value(item)));
            return object;
        }
        if (value instanceof Instant instant) {
            // As the SDK writes epoch seconds: whole seconds bare, else with the milliseconds. A
            // DecimalNode made directly keeps its scale (the factory's would print 1.773460931E9).
            long millis = instant.toEpochMilli();
            return millis % 1000 == 0 ? JSON.numberNode(millis / 1000) : DecimalNode.valueOf(BigDecimal.valueOf(millis, 3));
        }
        if (value instanceof SdkBytes bytes) {
            return JSON.textNode(java.util.Base64.getEncoder().encodeToString(bytes.asByteArray()));
        }
        if (value instanceof Boolean bool) {
            return JSON.booleanNode(bool);
        }
        if (value instanceof Integer number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Long number) {
            return JSON.numberNode(number);
        }
        if (value instanceof Double number) {
            return JSON.numberNode(number);
        }
        return JSON.textNode(String.valueOf(value));
    }
}
