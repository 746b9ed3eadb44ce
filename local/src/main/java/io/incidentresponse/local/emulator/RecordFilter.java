package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates Incident Manager {@code filters} ({@code [{key, condition: {before|after|equals}}]}):
 * every filter must match, and an {@code equals} filter matches any of its values. Each supported
 * key maps to the field of the record it reads; an unsupported key is a ValidationException.
 */
final class RecordFilter {
    private final Map<String, Function<JsonNode, JsonNode>> keys;

    RecordFilter(Map<String, Function<JsonNode, JsonNode>> keys) {
        this.keys = keys;
    }

    /** Rejects filters on keys this emulator does not evaluate, before any record is read. */
    void checkKeys(JsonNode filters) {
        for (JsonNode filter : filters == null ? List.<JsonNode>of() : filters) {
            String key = filter.path("key").asText();
            if (!keys.containsKey(key)) {
                throw ApiException.validation("OTHER",
                        "Unsupported filter key " + key + "; the emulator supports " + keys.keySet());
            }
        }
    }

    boolean matches(JsonNode filters, JsonNode record) {
        for (JsonNode filter : filters == null ? List.<JsonNode>of() : filters) {
            List<JsonNode> values = values(keys.get(filter.path("key").asText()).apply(record));
            if (!matchesAny(filter.path("condition"), values)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(JsonNode condition, List<JsonNode> values) {
        for (JsonNode value : values) {
            if (condition.has("before") && value.isNumber()
                    && value.decimalValue().compareTo(condition.get("before").decimalValue()) < 0) {
                return true;
            }
            if (condition.has("after") && value.isNumber()
                    && value.decimalValue().compareTo(condition.get("after").decimalValue()) > 0) {
                return true;
            }
            for (JsonNode expected : condition.path("equals").path("stringValues")) {
                if (expected.asText().equals(value.asText())) {
                    return true;
                }
            }
            for (JsonNode expected : condition.path("equals").path("integerValues")) {
                if (value.isNumber() && new BigDecimal(expected.asText()).compareTo(value.decimalValue()) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<JsonNode> values(JsonNode field) {
        List<JsonNode> values = new ArrayList<>();
        if (field == null || field.isMissingNode() || field.isNull()) {
            return values;
        }
        if (field.isArray()) {
            field.forEach(values::add);
        } else {
            values.add(field);
        }
        return values;
    }
}
