package io.incidentresponse.shared.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.text.SafeText;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds a JSON tree to our event records the tolerant-reader way. A member that is missing or null
 * is null. A member of an unexpected JSON type is skipped (null, or left out of its list or map)
 * and recorded with its path and why ("detail.service.count could not be read: expected a whole
 * number, found an object"), so the case can say what it could not read. Unknown members are
 * ignored. It never throws for any tree, so no value inside an event can make the rest unreadable;
 * what an event cannot do without is then checked by the caller, strictly, on the result.
 *
 * <p>What each type accepts: text takes a string, or a number or boolean as its JSON text; whole
 * numbers take a number without a fraction within range, or a string holding one ({@code "22"});
 * {@code Double} a finite number or a string holding one ({@code "8.0"}); {@code Boolean} true,
 * false or those words as a string; a record an object; a {@code List} an array; a {@code Map} an
 * object; a {@code JsonNode} anything. Member names match
 * the record component (or its {@code @JsonProperty}), and case-insensitively when no member has
 * the exact name; a component marked {@code @JsonIgnore} is never read.
 *
 * <p>Why our own reader rather than Jackson's data binding with a {@code DeserializationProblemHandler}
 * and coercion settings: the handler is offered only some mismatches (a number too large for an
 * {@code int}, for one, is raised by the parser without asking it), a substitute it returns must
 * leave the parser exactly at the end of the skipped value, and any case it misses still fails the
 * whole finding, which is the one thing this must never do. Our models use records, lists, maps,
 * {@code JsonNode} and five scalar types; the whole rule for them fits in this class, and one rule
 * serves findings, alarms and the envelope alike. (That whole rule is why the class is longer than
 * most: split, its one rule would be spread over several files.)
 */
public final class TolerantReader {
    /** How many skipped parts the notes name; the rest are counted. */
    public static final int MAX_NOTES = 10;
    private static final int MAX_RECORDED = 50;
    // A decimal number as JSON writes one; bounded so that no string can make a huge BigDecimal.
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d{1,40}(\\.\\d{1,40})?([eE][+-]?\\d{1,3})?");
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    /** One part that could not be read. */
    public record Skipped(String path, String reason) {
        public String note() {
            return path + " could not be read: " + reason;
        }
    }

    private final List<Skipped> skipped = new ArrayList<>();
    private int total;

    /**
     * The record {@code type} read from {@code node}; null when the node is missing, null, or not
     * an object (recorded as skipped at {@code path}).
     *
     * @param path the name of {@code node} in notes, e.g. {@code detail}; empty for the root
     */
    public <T extends Record> T read(JsonNode node, Class<T> type, String path) {
        return type.cast(value(type, node, path));
    }

    /** Every part skipped so far, in the order met (the first {@value #MAX_RECORDED}). */
    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** How many parts were skipped, including those not recorded. */
    public int skippedCount() {
        return total;
    }

    /** Why the part at {@code path} was skipped, if it was. */
    public Optional<String> why(String path) {
        return skipped.stream().filter(s -> s.path().equals(path)).map(Skipped::reason).findFirst();
    }

    /** The skipped parts as notes for a case: at most {@value #MAX_NOTES} named, then how many more. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        skipped.stream().limit(MAX_NOTES).forEach(s -> notes.add(s.note()));
        if (total > MAX_NOTES) {
            notes.add((total - MAX_NOTES) + " more parts of the event could not be read.");
        }
        return notes;
    }

    private Object value(Type type, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                return list(arguments[0], node, path);
            }
            if (generic.getRawType() == Map.class && arguments[0] == String.class) {
                return map(arguments[1], node, path);
            }
        } else if (type == String.class) {
            return node.isValueNode() ? node.asText() : skip(path, "expected text", node);
        } else if (type == Integer.class) {
            BigDecimal number = decimal(node);
            return number != null && isWhole(number) && fits(number, Integer.MIN_VALUE, Integer.MAX_VALUE)
                    ? number.intValueExact() : skip(path, wholeProblem(number), node);
        } else if (type == Long.class) {
            BigDecimal number = decimal(node);
            return number != null && isWhole(number) && fits(number, Long.MIN_VALUE, Long.MAX_VALUE)
                    ? number.longValueExact() : skip(path, wholeProblem(number), node);
        } else if (type == Double.class) {
            BigDecimal number = decimal(node);
            double value = number == null ? Double.NaN : number.doubleValue();
            return Double.isFinite(value) ? value : skip(path, "expected a number", node);
        } else if (type == Boolean.class) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            String text = node.isTextual() ? node.asText().trim() : "";
            return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                    ? Boolean.valueOf(text.equalsIgnoreCase("true")) : skip(path, "expected true or false", node);
        } else if (type == JsonNode.class) {
            return node;
        } else if (type instanceof Class<?> record && record.isRecord()) {
            return node.isObject() ? record(SHAPES.get(record), node, path) : skip(path, "expected an object", node);
        }
        throw new IllegalStateException("TolerantReader cannot read " + type.getTypeName() + " at " + path);
    }

    private Object record(Shape shape, JsonNode node, String path) {
        Object[] arguments = new Object[shape.components().size()];
        for (int i = 0; i < arguments.length; i++) {
            Component component = shape.components().get(i);
            arguments[i] = component.ignored() ? null : value(component.type(), member(node, component.name()), join(path, component.name()));
        }
        try {
            return shape.constructor().newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the constructor of " + shape.constructor().getDeclaringClass().getName()
                    + " refused the values read at " + path, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + shape.constructor().getDeclaringClass().getName(), e);
        }
    }

    private List<Object> list(Type element, JsonNode node, String path) {
        if (!node.isArray()) {
            return skip(path, "expected an array", node);
        }
        List<Object> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            Object item = value(element, node.get(i), path + "[" + i + "]");
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    private Map<String, Object> map(Type valueType, JsonNode node, String path) {
        if (!node.isObject()) {
            return skip(path, "expected an object", node);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            Object value = value(valueType, entry.getValue(), join(path, SafeText.bounded(entry.getKey(), 64)));
            if (value != null) {
                out.put(entry.getKey(), value);
            }
        }
        return out;
    }

    private static JsonNode member(JsonNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonNode node) {
        if (node.isNumber()) {
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? null : node.decimalValue();
        }
        String text = node.isTextual() ? node.asText().trim() : "";
        return NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    private static boolean isWhole(BigDecimal number) {
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static boolean fits(BigDecimal number, long lowest, long highest) {
        return number.compareTo(BigDecimal.valueOf(lowest)) >= 0 && number.compareTo(BigDecimal.valueOf(highest)) <= 0;
    }

    private static String wholeProblem(BigDecimal number) {
        return number != null && isWhole(number) ? "expected a whole number in range" : "expected a whole number";
    }

    private <T> T skip(String path, String expected, JsonNode found) {
        total++;
        if (skipped.size() < MAX_RECORDED) {
            skipped.add(new Skipped(path.isEmpty() ? "(the event)" : path, expected + ", found " + describe(found)));
        }
        return null;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> node.asText().isBlank() ? "an empty string" : "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> "a value of another kind";
        };
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    /** @param ignored marked {@code @JsonIgnore}: not read from the event (the envelope's own notes, say) */
    private record Component(String name, Type type, boolean ignored) {
    }

    private static boolean supported(Type type) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            return generic.getRawType() == List.class && supported(arguments[0])
                    || generic.getRawType() == Map.class && arguments[0] == String.class && supported(arguments[1]);
        }
        return type == String.class || type == Integer.class || type == Long.class || type == Double.class || type == Boolean.class
                || type == JsonNode.class || type instanceof Class<?> record && record.isRecord();
    }

    private record Shape(Constructor<?> constructor, List<Component> components) {
        static Shape of(Class<?> type) {
            RecordComponent[] parts = type.getRecordComponents();
            if (parts == null) {
                throw new IllegalStateException(type.getName() + " is not a record");
            }
            List<Component> components = new ArrayList<>(parts.length);
            for (RecordComponent part : parts) {
                if (!supported(part.getGenericType())) {
                    throw new IllegalStateException("TolerantReader cannot read " + type.getName() + "." + part.getName()
                            + " of type " + part.getGenericType().getTypeName());
                }
                JsonProperty property = part.getAccessor().getAnnotation(JsonProperty.class);
                String name = property != null && !property.value().isEmpty() ? property.value() : part.getName();
                components.add(new Component(name, part.getGenericType(), part.getAccessor().isAnnotationPresent(JsonIgnore.class)));
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(Arrays.stream(parts).map(RecordComponent::getType).toArray(Class[]::new));
                constructor.trySetAccessible();
                return new Shape(constructor, List.copyOf(components));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
            }
        }
    }
}
