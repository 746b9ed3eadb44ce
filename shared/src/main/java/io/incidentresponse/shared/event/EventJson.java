package io.incidentresponse.shared.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.incidentresponse.shared.text.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's own ObjectMapper (unknown fields ignored, missing ones null), and the reading of the
 * EventBridge envelope. Event details are bound with {@link TolerantReader}, not with this mapper's
 * data binding, so that no member of an unexpected type can make an event unreadable.
 */
public final class EventJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .build();

    private EventJson() {
    }

    // Finds the event id in text that is not valid JSON, so even that error can name the event.
    private static final Pattern RAW_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"\\\\]{1,128})\"");

    /**
     * Reads the EventBridge envelope of an event delivered to the function whose rule matches
     * {@code source} and {@code detailType}. The essentials are checked strictly: a JSON object
     * with a {@code detail} object, and no other source or detail-type than the expected ones.
     * Everything else is read tolerantly, and what was tolerated is in {@link EventEnvelope#notes()}:
     * <ul>
     *   <li>a missing (or blank) source or detail-type is taken as the expected one, since the
     *       function's own rule is the only thing that invokes it;</li>
     *   <li>a missing or unreadable id is replaced by one derived from the detail
     *       ({@code derived-} and a digest of it), stable for every delivery of the same event, so
     *       logs and errors still name it;</li>
     *   <li>any other member of an unexpected type is left out.</li>
     * </ul>
     */
    public static EventEnvelope readEnvelope(InputStream input, String source, String detailType) {
        byte[] bytes;
        try {
            bytes = input.readAllBytes();
        } catch (IOException e) {
            throw new MalformedEventException(null, "could not be read: " + e.getMessage(), e);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            // Jackson appends where the parser stopped; the event id and the first words say enough.
            reason = reason == null ? "unreadable" : reason.replaceAll("\\s*\\(start marker at .*|\\s*at \\[Source.*", "");
            Matcher id = RAW_ID.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.UTF_8));
            throw new MalformedEventException(id.find() ? SafeText.bounded(id.group(1), 128) : null,
                    "not valid JSON (" + SafeText.bounded(reason, 200) + ")", e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new MalformedEventException(null, "is empty: no JSON at all");
        }
        if (!tree.isObject()) {
            throw new MalformedEventException(null, "is a JSON " + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ", not an EventBridge event (a JSON object)");
        }
        TolerantReader reader = new TolerantReader();
        EventEnvelope read = reader.read(tree, EventEnvelope.class, "");
        String id = read.id() == null || SafeText.clean(read.id()).isEmpty() ? null : SafeText.bounded(read.id(), 128);
        JsonNode detail = read.detail();
        if (detail == null || !detail.isObject()) {
            throw new MalformedEventException(id, "has no detail object (an EventBridge event carries the finding or alarm in detail)");
        }
        List<String> notes = new ArrayList<>();
        if (id == null) {
            id = derivedId(detail);
            notes.add("The event has no readable id; it is named " + id + " here, a digest of its detail.");
        }
        expect(reader, "source", read.source(), source, id, notes);
        expect(reader, "detail-type", read.detailType(), detailType, id, notes);
        reader.skipped().stream().filter(s -> !s.path().equals("id")).forEach(s -> notes.add("The event's " + s.note()));
        return new EventEnvelope(read.version(), id, read.detailType(), read.source(), read.account(), read.time(), read.region(),
                read.resources(), detail, notes);
    }

    /** A missing or blank member is taken as the expected value, and noted; any other value is refused. */
    private static void expect(TolerantReader reader, String member, String value, String expected, String id, List<String> notes) {
        if (reader.why(member).isPresent()) {
            throw new MalformedEventException(id, member + " could not be read (" + reader.why(member).get() + "), expected '" + expected + "'");
        }
        if (value == null || value.isBlank()) {
            notes.add("The event has no " + member + "; it is taken as '" + expected + "', the only one this function's rule delivers.");
        } else if (!expected.equals(value)) {
            throw new MalformedEventException(id, member + " is '" + SafeText.bounded(value, 100) + "', expected '" + expected + "'");
        }
    }

    /** Stable for every delivery of the same detail, so retries of an event without an id share one name. */
    static String derivedId(JsonNode detail) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(detail.toString().getBytes(StandardCharsets.UTF_8));
            return "derived-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The event as compact JSON again, e.g. for Incident Manager's trigger details. */
    public static String toJson(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event read from JSON can be written as JSON", e);
        }
    }

    /** Any value the product writes (a status change, an outcome) as compact JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A value the product wrote with {@link #write}, read back. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName() + " from what the product wrote", e);
        }
    }

}
