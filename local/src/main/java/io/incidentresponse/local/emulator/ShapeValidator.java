package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Validates a bound request against the model's shapes, recursively: required members, types,
 * enums, string length in Unicode code points, list and map sizes, number ranges, patterns, union
 * structures (exactly one member set) and timestamps (epoch seconds as JSON numbers, the rest-json
 * default). Members the model does not declare are ignored, as the services do.
 *
 * <p>Patterns are deliberately stricter than the services: a Smithy/botocore {@code pattern} is an
 * ECMA-262 regex that the service only needs to <em>find</em> somewhere in the value, so
 * {@code 2001:db8::1x} or {@code 1.2.3.4 trailing} can pass the real IP pattern. The emulator requires
 * the pattern to match the WHOLE value ({@link java.util.regex.Matcher#matches()}), which catches
 * malformed values in tests before they reach AWS. Anchors such as {@code ^...$} in a pattern are
 * harmless under whole-value matching.
 */
final class ShapeValidator {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final ServiceModel model;

    ShapeValidator(ServiceModel model) {
        this.model = model;
    }

    /** All violations of {@code value} against the input structure {@code shapeName}; empty if valid. */
    List<FieldError> validate(String shapeName, JsonNode value) {
        List<FieldError> errors = new ArrayList<>();
        check(shapeName, value, "", errors);
        return errors;
    }

    /** Compiles a model pattern once; exposed so tests can prove every pattern in a model compiles. */
    static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    private void check(String shapeName, JsonNode value, String path, List<FieldError> errors) {
        JsonNode shape = model.shape(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> checkStructure(shape, value, path, errors);
            case "list" -> checkList(shape, value, path, errors);
            case "map" -> checkMap(shape, value, path, errors);
            case "string" -> checkString(shape, value, path, errors);
            case "integer" -> checkInteger(shape, value, path, errors, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "long" -> checkInteger(shape, value, path, errors, Long.MIN_VALUE, Long.MAX_VALUE);
            case "float", "double" -> checkNumber(shape, value, path, errors);
            case "boolean" -> require(value.isBoolean(), path, "Member must be a boolean", errors);
            case "timestamp" ->
                    require(value.isNumber(), path, "Member must be a timestamp in epoch seconds (a JSON number)",
                            errors);
            case "blob" -> checkBlob(shape, value, path, errors);
            default -> errors.add(violation(path, "Member has unsupported type " + shape.path("type").asText()));
        }
    }

    private void checkStructure(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(violation(path, "Member must be a JSON object"));
            return;
        }
        JsonNode members = shape.path("members");
        for (JsonNode required : shape.path("required")) {
            JsonNode present = value.get(required.asText());
            if (present == null || present.isNull()) {
                errors.add(violation(join(path, required.asText()), "Member must not be null"));
            }
        }
        int set = 0;
        for (Map.Entry<String, JsonNode> member : members.properties()) {
            JsonNode child = value.get(member.getKey());
            if (child != null && !child.isNull()) {
                set++;
                check(member.getValue().path("shape").asText(), child, join(path, member.getKey()), errors);
            }
        }
        if (shape.path("union").asBoolean(false) && set != 1) {
            errors.add(violation(path, "Member is a union and must have exactly one member set, found " + set));
        }
    }

    private void checkList(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        if (!value.isArray()) {
            errors.add(violation(path, "Member must be a list"));
            return;
        }
        checkSize(shape, value.size(), "items", path, errors);
        String memberShape = shape.path("member").path("shape").asText();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (item.isNull()) {
                errors.add(violation(join(path, Integer.toString(i)), "Member must not be null"));
            } else {
                check(memberShape, item, join(path, Integer.toString(i)), errors);
            }
        }
    }

    private void checkMap(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        if (!value.isObject()) {
            errors.add(violation(path, "Member must be a map (JSON object)"));
            return;
        }
        checkSize(shape, value.size(), "entries", path, errors);
        String keyShape = shape.path("key").path("shape").asText();
        String valueShape = shape.path("value").path("shape").asText();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            String entryPath = join(path, entry.getKey());
            check(keyShape, TextNode.valueOf(entry.getKey()), entryPath + "(key)", errors);
            if (entry.getValue().isNull()) {
                errors.add(violation(entryPath, "Member must not be null"));
            } else {
                check(valueShape, entry.getValue(), entryPath, errors);
            }
        }
    }

    private void checkString(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        if (!value.isTextual()) {
            errors.add(violation(path, "Member must be a string"));
            return;
        }
        String text = value.asText();
        JsonNode allowed = shape.get("enum");
        if (allowed != null) {
            boolean known = false;
            for (JsonNode candidate : allowed) {
                known |= candidate.asText().equals(text);
            }
            if (!known) {
                List<String> names = new ArrayList<>();
                allowed.forEach(a -> names.add(a.asText()));
                errors.add(violation(path, "Member must satisfy enum value set: " + names));
            }
        }
        checkSize(shape, text.codePointCount(0, text.length()), "length", path, errors);
        JsonNode regex = shape.get("pattern");
        if (regex != null && !pattern(regex.asText()).matcher(text).matches()) {
            errors.add(violation(path, "Member must satisfy regular expression pattern: " + regex.asText()));
        }
    }

    private void checkInteger(
            JsonNode shape, JsonNode value, String path, List<FieldError> errors, long lowest, long highest) {
        boolean integral = value.isIntegralNumber()
                || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
        BigDecimal number = integral ? value.decimalValue() : null;
        if (number == null
                || number.compareTo(BigDecimal.valueOf(lowest)) < 0
                || number.compareTo(BigDecimal.valueOf(highest)) > 0) {
            String type = highest == Integer.MAX_VALUE ? "a 32-bit integer" : "a 64-bit integer";
            errors.add(violation(path, "Member must be " + type));
            return;
        }
        checkRange(shape, number, path, errors);
    }

    private void checkNumber(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        if (!value.isNumber()) {
            errors.add(violation(path, "Member must be a number"));
            return;
        }
        checkRange(shape, value.decimalValue(), path, errors);
    }

    private void checkBlob(JsonNode shape, JsonNode value, String path, List<FieldError> errors) {
        byte[] bytes;
        try {
            bytes = value.isTextual() ? Base64.getDecoder().decode(value.asText()) : null;
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null) {
            errors.add(violation(path, "Member must be a base64-encoded string"));
        } else {
            checkSize(shape, bytes.length, "length", path, errors);
        }
    }

    private static void checkRange(JsonNode shape, BigDecimal number, String path, List<FieldError> errors) {
        if (shape.has("min") && number.compareTo(shape.get("min").decimalValue()) < 0) {
            errors.add(violation(path, "Member must have value greater than or equal to " + shape.get("min").asText()));
        }
        if (shape.has("max") && number.compareTo(shape.get("max").decimalValue()) > 0) {
            errors.add(violation(path, "Member must have value less than or equal to " + shape.get("max").asText()));
        }
    }

    /** {@code unit} is "length" for strings and blobs, "items" for lists, "entries" for maps. */
    private static void checkSize(JsonNode shape, long size, String unit, String path, List<FieldError> errors) {
        String what = unit.equals("length") ? "Member must have length " : "Member must have a number of " + unit + " ";
        if (shape.has("min") && size < shape.get("min").asLong()) {
            errors.add(violation(path, what + "greater than or equal to " + shape.get("min").asLong()));
        }
        if (shape.has("max") && size > shape.get("max").asLong()) {
            errors.add(violation(path, what + "less than or equal to " + shape.get("max").asLong()));
        }
    }

    private static void require(boolean ok, String path, String constraint, List<FieldError> errors) {
        if (!ok) {
            errors.add(violation(path, constraint));
        }
    }

    private static FieldError violation(String path, String constraint) {
        String name = path.isEmpty() ? "(request)" : path;
        return new FieldError(name, "Value at '" + name + "' failed to satisfy constraint: " + constraint);
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
