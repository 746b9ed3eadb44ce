package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.incidentresponse.local.emulator.ServiceModel.Operation;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a rest-json HTTP request into the operation's input object, driven by the model: finds the
 * operation by HTTP method and {@code requestUri} template, then binds {@code location: uri},
 * {@code querystring} and {@code header} members (converted from text to the member's type) and the
 * top-level JSON body members. The result is keyed by member name, ready for {@link ShapeValidator}.
 * Text that does not convert is kept as text so the validator reports the type mismatch.
 */
final class RequestBinder {
    /** A matched operation with its decoded path label values. */
    record Match(Operation operation, Map<String, String> labels) {
    }

    private final ServiceModel model;

    RequestBinder(ServiceModel model) {
        this.model = model;
    }

    /** The most specific operation whose method and URI template match the request. */
    Optional<Match> match(HttpCall call) {
        Map<String, List<String>> query = call.queryParameters();
        return model.operations().stream()
                .filter(op -> op.method().equalsIgnoreCase(call.method()))
                .sorted(Comparator.comparingInt((Operation op) -> op.uri().specificity()).reversed())
                .flatMap(op -> op.uri().match(call.rawPath(), query).map(l -> new Match(op, l)).stream())
                .findFirst();
    }

    /** Binds the request to the operation's input members; a malformed body is a CANNOT_PARSE error. */
    ObjectNode bind(Match match, HttpCall call) {
        ObjectNode input = Json.object();
        String inputShape = match.operation().inputShape();
        if (inputShape == null) {
            return input;
        }
        JsonNode body = null;
        Map<String, List<String>> query = call.queryParameters();
        for (Map.Entry<String, JsonNode> member : model.shape(inputShape).path("members").properties()) {
            String name = member.getKey();
            JsonNode ref = member.getValue();
            String shape = ref.path("shape").asText();
            String wireName = ref.path("locationName").asText(name);
            switch (ref.path("location").asText("")) {
                case "uri" -> {
                    String value = match.labels().get(wireName);
                    if (value != null) {
                        input.set(name, fromText(shape, value, false));
                    }
                }
                case "querystring" -> bindQuery(input, name, shape, query.get(wireName));
                case "header" -> {
                    String value = call.header(wireName);
                    if (value != null) {
                        input.set(name, fromText(shape, value, true));
                    }
                }
                case "" -> {
                    if (body == null) {
                        body = parseBody(call.body());
                    }
                    JsonNode value = body.get(wireName);
                    if (value != null && !value.isNull()) {
                        input.set(name, value);
                    }
                }
                default -> {
                    // Other locations (prefix header maps, status codes) are not used by the bundled input shapes.
                }
            }
        }
        return input;
    }

    private void bindQuery(ObjectNode input, String name, String shape, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        JsonNode target = model.shape(shape);
        if (target.path("type").asText().equals("list")) {
            String memberShape = target.path("member").path("shape").asText();
            values.forEach(v -> input.withArray(name).add(fromText(memberShape, v, false)));
        } else {
            input.set(name, fromText(shape, values.get(0), false));
        }
    }

    private static JsonNode parseBody(byte[] bytes) {
        if (Json.utf8(bytes).isBlank()) {
            return Json.object();
        }
        try {
            JsonNode body = Json.parse(bytes);
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            throw ApiException.validation("CANNOT_PARSE",
                    "Could not parse the request body as JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.validation("CANNOT_PARSE", "Could not read the request body: " + e.getMessage());
        }
        throw ApiException.validation("CANNOT_PARSE", "The request body must be a JSON object");
    }

    /** Converts a URI, query or header value to the member type; unconvertible text stays text. */
    private JsonNode fromText(String shapeName, String text, boolean header) {
        try {
            return switch (model.shape(shapeName).path("type").asText()) {
                case "integer", "long" -> LongNode.valueOf(Long.parseLong(text.trim()));
                case "float", "double" -> DecimalNode.valueOf(new BigDecimal(text.trim()));
                case "boolean" -> text.equals("true") || text.equals("false")
                        ? BooleanNode.valueOf(text.equals("true")) : TextNode.valueOf(text);
                case "timestamp" -> Json.epochSeconds(parseTimestamp(text.trim(), header));
                default -> TextNode.valueOf(text);
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            return TextNode.valueOf(text);
        }
    }

    /** Query strings carry ISO-8601 timestamps and headers RFC 1123 dates (the rest-json defaults). */
    private static Instant parseTimestamp(String text, boolean header) {
        if (header) {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        }
        return OffsetDateTime.parse(text).toInstant();
    }
}
