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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's own ObjectMapper: unknown fields ignored, missing ones null. */
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

    /** Reads an EventBridge envelope and checks that it comes from the expected source. */
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
        if (tree == null || !tree.isObject()) {
            throw new MalformedEventException(null, "not a JSON object");
        }
        String id = tree.path("id").isTextual() ? SafeText.bounded(tree.path("id").asText(), 128) : null;
        EventEnvelope envelope;
        try {
            envelope = MAPPER.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(id, "not an EventBridge event (" + SafeText.bounded(e.getOriginalMessage(), 200) + ")", e);
        }
        if (id == null) {
            throw new MalformedEventException(null, "has no id: not an EventBridge event");
        }
        if (!source.equals(envelope.source())) {
            throw new MalformedEventException(id, "source is '" + SafeText.bounded(envelope.source(), 100) + "', expected '" + source + "'");
        }
        if (!detailType.equals(envelope.detailType())) {
            throw new MalformedEventException(id, "detail-type is '" + SafeText.bounded(envelope.detailType(), 100) + "', expected '" + detailType + "'");
        }
        if (envelope.detail() == null || !envelope.detail().isObject()) {
            throw new MalformedEventException(id, "has no detail object");
        }
        return new EventEnvelope(envelope.version(), id, envelope.detailType(), envelope.source(), envelope.account(),
                envelope.time(), envelope.region(), envelope.resources(), envelope.detail());
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

    public static <T> T detail(EventEnvelope envelope, Class<T> type) {
        try {
            return MAPPER.treeToValue(envelope.detail(), type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(envelope.id(), "detail does not match the " + type.getSimpleName()
                    + " schema (" + SafeText.bounded(e.getOriginalMessage(), 200) + ")", e);
        }
    }
}
