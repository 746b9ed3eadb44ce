package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in for Amazon EventBridge PutEvents (awsJson1_1, {@code X-Amz-Target: AWSEvents.PutEvents})
 * that records every accepted entry. Validation is minimal: 1 to 10 entries (else the whole request is
 * a ValidationException), and each entry needs Source, DetailType and a Detail that is a JSON object;
 * an entry without them fails on its own, as EventBridge reports it, with {@code FailedEntryCount}.
 * Thread-safe.
 */
public final class EventBridgeService {
    static final String SERVICE = "events";
    static final String TARGET_PREFIX = "AWSEvents.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    /** One recorded event; {@code time} is null when the entry had no Time. */
    public record PublishedEvent(
            String eventId,
            String source,
            String detailType,
            String detail,
            String eventBusName,
            List<String> resources,
            Instant time,
            Instant receivedAt) {
        public PublishedEvent {
            resources = List.copyOf(resources);
        }
    }

    private final Clock clock;
    private final List<PublishedEvent> events = new ArrayList<>();

    EventBridgeService(Clock clock) {
        this.clock = clock;
    }

    /** Every recorded event in arrival order. */
    public synchronized List<PublishedEvent> publishedEvents() {
        return List.copyOf(events);
    }

    synchronized void clear() {
        events.clear();
    }

    Reply handle(HttpCall call, Faults faults, CallLog log) {
        String target = call.header("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : null;
        if (!"PutEvents".equals(operation)) {
            ApiException e = new ApiException(404, "UnknownOperationException",
                    "The emulator implements only AWSEvents.PutEvents, not " + target);
            log.rejected(SERVICE, RestJsonEndpoint.UNKNOWN_OPERATION, e);
            return error(RestJsonEndpoint.UNKNOWN_OPERATION, e);
        }
        try {
            faults.inject(SERVICE, operation);
        } catch (ApiException e) {
            log.failed(SERVICE, operation, e);
            return error(operation, e);
        }
        JsonNode entries;
        try {
            entries = entries(call.body());
        } catch (ApiException e) {
            log.rejected(SERVICE, operation, e);
            return error(operation, e);
        }
        ObjectNode out = putEvents(entries, log);
        log.succeeded(SERVICE, operation, 200);
        return new Reply(SERVICE, operation, 200, headers(), Json.bytes(out));
    }

    private synchronized ObjectNode putEvents(JsonNode entries, CallLog log) {
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("Entries");
        int failed = 0;
        Instant now = clock.instant();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            String problem = problem(entry);
            if (problem != null) {
                failed++;
                String code = problem.startsWith("Detail is malformed") ? "MalformedDetail" : "InvalidArgument";
                results.addObject().put("ErrorCode", code).put("ErrorMessage", problem);
                log.rejectedEntry(SERVICE, "PutEvents", code, "Entries." + i + ": " + problem);
                continue;
            }
            String eventId = UUID.randomUUID().toString();
            List<String> resources = new ArrayList<>();
            entry.path("Resources").forEach(r -> resources.add(r.asText()));
            events.add(new PublishedEvent(eventId, entry.path("Source").asText(), entry.path("DetailType").asText(),
                    entry.path("Detail").asText(), entry.path("EventBusName").asText("default"), resources,
                    Json.instant(entry.get("Time")), now));
            results.addObject().put("EventId", eventId);
        }
        return out.put("FailedEntryCount", failed);
    }

    private static JsonNode entries(byte[] body) {
        JsonNode request;
        try {
            request = Json.parse(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            throw new ApiException(400, "SerializationException", "The request body is not a JSON object");
        }
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            String message = "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 10 and greater than or equal to 1";
            throw new ApiException(400, "ValidationException", message, Json.object(),
                    List.of(new FieldError("Entries", message)));
        }
        return entries;
    }

    /** Why an entry cannot be delivered, or null when it can. */
    private static String problem(JsonNode entry) {
        for (String required : List.of("Source", "DetailType", "Detail")) {
            JsonNode value = entry.get(required);
            if (value == null || !value.isTextual() || value.asText().isEmpty()) {
                return "Parameter " + required + " is not valid. Reason: " + required + " is a required argument.";
            }
        }
        try {
            if (!Json.MAPPER.readTree(entry.get("Detail").asText()).isObject()) {
                return "Detail is malformed: it must be a JSON object.";
            }
        } catch (IOException e) {
            return "Detail is malformed: it is not valid JSON.";
        }
        return null;
    }

    private static Reply error(String operation, ApiException e) {
        Map<String, String> headers = headers();
        headers.put("x-amzn-ErrorType", e.errorType());
        ObjectNode body = Json.object().put("__type", e.errorType()).put("message", e.getMessage());
        return new Reply(SERVICE, operation, e.status(), headers, Json.bytes(body));
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return headers;
    }
}
