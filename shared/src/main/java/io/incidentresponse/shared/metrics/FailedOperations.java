package io.incidentresponse.shared.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Remembers which operation each failed call of a target's client was ({@code CreateCase},
 * {@code StartIncident}, ...), once the SDK has given up retrying it, so that the failure metric
 * names the operation whatever code path made the call. An SDK exception does not say which
 * operation threw it; the interceptor sees both.
 */
public final class FailedOperations implements ExecutionInterceptor {
    // Weak keys: an exception nobody holds any more is forgotten. Throwable compares by identity.
    private final Map<Throwable, String> operations = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation != null) {
            operations.put(context.exception(), operation);
        }
    }

    /** The operation whose failure {@code error} is, or one of its causes; empty when no target's call failed. */
    public Optional<String> of(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String operation = operations.get(cause);
            if (operation != null) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
