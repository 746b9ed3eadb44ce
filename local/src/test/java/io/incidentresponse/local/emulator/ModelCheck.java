package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own check of one HTTP request against the bundled service models, without a
 * server: the same binding and validation a request to the running emulator gets, for tests in
 * other packages that capture what the real SDK clients send.
 */
public final class ModelCheck {
    private static final RequestBinder SECURITY_IR = new RequestBinder(ServiceModel.securityIr());
    private static final RequestBinder SSM_INCIDENTS = new RequestBinder(ServiceModel.incidentManager());
    private static final ShapeValidator SECURITY_IR_SHAPES = new ShapeValidator(ServiceModel.securityIr());
    private static final ShapeValidator SSM_INCIDENTS_SHAPES = new ShapeValidator(ServiceModel.incidentManager());

    /** The operation the request is, its bound input, and every violation of the model (none: valid). */
    public record Checked(String operation, ObjectNode input, List<String> violations) {
    }

    private ModelCheck() {
    }

    /** Every violation of the model by {@code input}, the members of one {@code operation} of {@code signingName}'s API. */
    public static List<String> violations(String signingName, String operation, ObjectNode input) {
        ServiceModel model = "security-ir".equals(signingName) ? ServiceModel.securityIr() : ServiceModel.incidentManager();
        ShapeValidator validator = "security-ir".equals(signingName) ? SECURITY_IR_SHAPES : SSM_INCIDENTS_SHAPES;
        String shape = model.operation(operation).orElseThrow(() -> new IllegalArgumentException("no operation " + operation)).inputShape();
        return validator.validate(shape, input).stream().map(FieldError::message).toList();
    }

    /** The request as the emulator would bind it from HTTP, and its violations. */
    public static Checked check(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        HttpCall call = new HttpCall(method, rawPath, rawQuery, headers, body);
        boolean securityIr = "security-ir".equals(call.signingService());
        RequestBinder binder = securityIr ? SECURITY_IR : SSM_INCIDENTS;
        RequestBinder.Match match = binder.match(call).orElseThrow(() -> new IllegalArgumentException(
                "no " + call.signingService() + " operation matches " + method + " " + rawPath));
        ObjectNode input;
        try {
            input = binder.bind(match, call);
        } catch (ApiException e) {
            return new Checked(match.operation().name(), null, List.of(e.getMessage()));
        }
        List<FieldError> errors = (securityIr ? SECURITY_IR_SHAPES : SSM_INCIDENTS_SHAPES).validate(match.operation().inputShape(), input);
        return new Checked(match.operation().name(), input, errors.stream().map(FieldError::message).toList());
    }
}
