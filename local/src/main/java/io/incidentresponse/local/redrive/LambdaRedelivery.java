package io.incidentresponse.local.redrive;

import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import io.incidentresponse.shared.text.SafeText;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Redelivery as EventBridge and Lambda deliver: an asynchronous Invoke (InvocationType Event) of
 * the deployed function with the event as its payload. Lambda answers 202 once it has queued the
 * event; the function then runs with its usual retries and on-failure destination, so an event that
 * fails again comes back to the failure queue as a new record. The function invoked for each
 * template function: the one named by option, else the stack's, else the one the message itself
 * names (a failure record's functionArn, a dead letter's TARGET_ARN).
 */
final class LambdaRedelivery implements Redelivery {
    private static final Pattern LAMBDA_FUNCTION = Pattern.compile("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:");
    private final LambdaClient lambda;
    private final Map<String, String> functionNames;
    private final String where;

    /** @param functionNames the function to invoke (name or ARN) by the template's logical id */
    LambdaRedelivery(LambdaClient lambda, Map<String, String> functionNames, String where) {
        this.lambda = lambda;
        this.functionNames = Map.copyOf(functionNames);
        this.where = where;
    }

    @Override
    public Target target(TemplateFunctions.Function function, FailureMessage message) {
        String configured = functionNames.get(function.logicalId());
        if (configured != null) {
            return Target.to(configured);
        }
        // A forwarder's dead letter names the home event bus it could not reach, not a function.
        if (message.functionArn() != null && LAMBDA_FUNCTION.matcher(message.functionArn()).find()) {
            return Target.to(message.functionArn());
        }
        Optional<String> option = RedriveOptions.optionFor(function.logicalId());
        return Target.none("no function to invoke for " + function.logicalId() + ": give --stack <name>"
                + option.map(o -> " or " + o + " <name>").orElse(""));
    }

    @Override
    public Delivery deliver(Target target, TemplateFunctions.Function function, FailureMessage message, String messageId) {
        byte[] payload = message.eventBytes();
        try {
            InvokeResponse response = lambda.invoke(r -> r.functionName(target.name()).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArrayUnsafe(payload)));
            Integer status = response.statusCode();
            if (status == null || status != 202) {
                return new Delivery(false, "Lambda answered " + status + " to the asynchronous Invoke, not 202"
                        + (response.functionError() == null ? "" : ": " + SafeText.bounded(response.functionError(), 200)));
            }
            String request = response.responseMetadata() == null ? null : response.responseMetadata().requestId();
            return new Delivery(true, "queued by Lambda (202)" + (request == null ? "" : ", request " + request));
        } catch (ResourceNotFoundException e) {
            return new Delivery(false, "no function '" + SafeText.bounded(target.name(), 200) + "' (" + where + "): "
                    + SafeText.bounded(e.awsErrorDetails().errorMessage(), 200));
        } catch (LambdaException e) {
            return new Delivery(false, SafeText.bounded(e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), 300));
        } catch (SdkException e) {
            return new Delivery(false, SafeText.bounded(e.getClass().getSimpleName() + ": " + e.getMessage(), 300));
        }
    }

    @Override
    public String describe() {
        return "asynchronous Invoke of the deployed functions (" + where + ")";
    }
}
