package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An error answer in the service's terms: HTTP status, error type (the {@code x-amzn-ErrorType}
 * value, such as {@code ResourceNotFoundException}), message, and optional extra members that the
 * renderer keeps only where the model's error shape declares them.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorType;
    private final transient ObjectNode extra;
    private final transient List<FieldError> fieldErrors;

    ApiException(int status, String errorType, String message) {
        this(status, errorType, message, Json.object(), List.of());
    }

    ApiException(
            int status, String errorType, String message, ObjectNode extra, List<FieldError> fieldErrors) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
        this.extra = extra;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    static ApiException validation(List<FieldError> errors) {
        StringBuilder message = new StringBuilder();
        message.append(errors.size()).append(errors.size() == 1 ? " validation error" : " validation errors");
        message.append(" detected: ");
        for (int i = 0; i < errors.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(errors.get(i).message());
        }
        ObjectNode extra = Json.object().put("reason", "FIELD_VALIDATION_FAILED");
        errors.forEach(e -> extra.withArray("fieldList").addObject().put("name", e.name()).put("message", e.message()));
        return new ApiException(400, "ValidationException", message.toString(), extra, errors);
    }

    static ApiException validation(String reason, String message) {
        return new ApiException(
                400, "ValidationException", message, Json.object().put("reason", reason), List.of());
    }

    static ApiException notFound(String message, String resourceType, String resourceIdentifier) {
        ObjectNode extra = Json.object();
        if (resourceType != null) {
            extra.put("resourceType", resourceType).put("resourceIdentifier", resourceIdentifier);
        }
        return new ApiException(404, "ResourceNotFoundException", message, extra, List.of());
    }

    int status() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    ObjectNode extra() {
        return extra;
    }

    List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
