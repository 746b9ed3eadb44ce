package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.local.emulator.RequestBinder.Match;
import io.incidentresponse.local.emulator.ServiceModel.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One rest-json service: match the operation, inject faults, bind and validate the request against
 * the model, run the handler, and render the output or error the way the AWS SDKs parse it (error
 * type in {@code x-amzn-ErrorType}, error members filtered to the model's error shape).
 */
final class RestJsonEndpoint {
    static final String UNKNOWN_OPERATION = "UnknownOperation";

    private final ServiceModel model;
    private final RequestBinder binder;
    private final ShapeValidator validator;
    private final OperationHandler handler;

    RestJsonEndpoint(ServiceModel model, OperationHandler handler) {
        this.model = model;
        this.binder = new RequestBinder(model);
        this.validator = new ShapeValidator(model);
        this.handler = handler;
    }

    String service() {
        return model.signingName();
    }

    boolean routes(HttpCall call) {
        return binder.match(call).isPresent();
    }

    Reply handle(HttpCall call, CallContext context, Faults faults, CallLog log) {
        Optional<Match> match = binder.match(call);
        if (match.isEmpty()) {
            ApiException e = new ApiException(404, "UnknownOperationException",
                    "No " + service() + " operation matches " + call.method() + " " + call.rawPath());
            log.rejected(service(), UNKNOWN_OPERATION, call.signingRegion(), e);
            return error(UNKNOWN_OPERATION, e);
        }
        Operation operation = match.get().operation();
        try {
            faults.inject(service(), operation.name());
        } catch (ApiException e) {
            log.failed(service(), operation.name(), call.signingRegion(), e);
            return error(operation.name(), e);
        }
        ObjectNode input;
        try {
            input = binder.bind(match.get(), call);
            List<FieldError> violations = validator.validate(operation.inputShape(), input);
            if (!violations.isEmpty()) {
                throw ApiException.validation(violations);
            }
        } catch (ApiException e) {
            log.rejected(service(), operation.name(), call.signingRegion(), e);
            return error(operation.name(), e);
        }
        try {
            Reply reply = success(operation, handler.invoke(operation.name(), input, context));
            log.succeeded(service(), operation.name(), call.signingRegion(), reply.status());
            return reply;
        } catch (ApiException e) {
            log.failed(service(), operation.name(), call.signingRegion(), e);
            return error(operation.name(), e);
        }
    }

    private Reply success(Operation operation, JsonNode output) {
        Map<String, String> headers = baseHeaders();
        ObjectNode body = output == null ? Json.object() : ((ObjectNode) output).deepCopy();
        if (operation.outputShape() != null) {
            for (Map.Entry<String, JsonNode> member
                    : model.shape(operation.outputShape()).path("members").properties()) {
                JsonNode ref = member.getValue();
                JsonNode value = body.get(member.getKey());
                if (value != null && ref.path("location").asText().equals("header")) {
                    headers.put(ref.path("locationName").asText(member.getKey()), value.asText());
                    body.remove(member.getKey());
                }
            }
        }
        if (operation.responseCode() == 204) {
            return new Reply(service(), operation.name(), 204, headers, new byte[0]);
        }
        return new Reply(service(), operation.name(), operation.responseCode(), headers, Json.bytes(body));
    }

    /** Renders an error: message always, extra members only where the model's error shape has them. */
    private Reply error(String operation, ApiException e) {
        Map<String, String> headers = baseHeaders();
        headers.put("x-amzn-ErrorType", e.errorType());
        ObjectNode body = Json.object().put("message", e.getMessage());
        if (model.hasShape(e.errorType())) {
            JsonNode members = model.shape(e.errorType()).path("members");
            e.extra().properties().forEach(extra -> {
                JsonNode ref = members.get(extra.getKey());
                if (ref != null && ref.path("location").asText().equals("header")) {
                    headers.put(ref.path("locationName").asText(extra.getKey()), extra.getValue().asText());
                } else if (ref != null) {
                    body.set(extra.getKey(), extra.getValue());
                }
            });
        }
        return new Reply(service(), operation, e.status(), headers, Json.bytes(body));
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
        return headers;
    }
}
