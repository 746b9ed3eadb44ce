package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The state behind one emulated rest-json service; called only with validated input. */
interface OperationHandler {
    /**
     * Runs {@code operation} and answers its output members (keyed by member name), or throws
     * {@link ApiException} with the service's error.
     */
    JsonNode invoke(String operation, ObjectNode input, CallContext context);

    static ApiException notImplemented(String service, String operation) {
        return new ApiException(
                501, "NotImplementedException", "The emulator does not implement " + service + " " + operation);
    }
}
