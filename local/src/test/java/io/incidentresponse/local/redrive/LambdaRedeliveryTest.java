package io.incidentresponse.local.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import io.incidentresponse.shared.event.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class LambdaRedeliveryTest {
    private static final String FINDING = "{\"id\": \"e-1\", \"source\": \"aws.guardduty\", \"detail-type\": \"GuardDuty Finding\", "
            + "\"detail\": {\"id\": \"f-1\"}}";

    /** Answers Invoke as told, and records the requests. */
    private static final class Invokes implements LambdaClient {
        final List<InvokeRequest> requests = new ArrayList<>();
        final Function<InvokeRequest, InvokeResponse> answer;

        Invokes(Function<InvokeRequest, InvokeResponse> answer) {
            this.answer = answer;
        }

        @Override
        public InvokeResponse invoke(InvokeRequest request) {
            requests.add(request);
            return answer.apply(request);
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {
        }
    }

    private static TemplateFunctions.Function guardDutyFunction() {
        return TemplateFunctions.fromClasspath().route(event()).function();
    }

    private static com.fasterxml.jackson.databind.JsonNode event() {
        try {
            return EventJson.MAPPER.readTree(FINDING);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static FailureMessage deadLetter(Map<String, String> attributes) {
        return FailureMessage.parse(FINDING, attributes);
    }

    @Test
    void theEventIsInvokedAsynchronouslyAsItWasDeliveredAndA202Succeeds() throws IOException {
        // given
        Invokes lambda = new Invokes(r -> InvokeResponse.builder().statusCode(202).build());
        LambdaRedelivery redelivery = new LambdaRedelivery(lambda, Map.of("GuardDutyFindingFunction", "ir-GuardDuty"), "AWS us-east-1");
        FailureMessage message = deadLetter(Map.of());

        // when
        Redelivery.Target target = redelivery.target(guardDutyFunction(), message);
        Redelivery.Delivery delivery = redelivery.deliver(target, guardDutyFunction(), message, "m-1");

        // then
        assertTrue(delivery.succeeded(), delivery.detail());
        InvokeRequest request = lambda.requests.getFirst();
        assertEquals("ir-GuardDuty", request.functionName());
        assertEquals(InvocationType.EVENT, request.invocationType());
        assertEquals(EventJson.MAPPER.readTree(FINDING), EventJson.MAPPER.readTree(request.payload().asByteArray()));
    }

    @Test
    void theFunctionNamedByOptionOrStackComesBeforeTheOneTheMessageNamesAndWithoutEitherThereIsNone() {
        // given
        FailureMessage naming = deadLetter(Map.of(FailureMessage.TARGET_ARN, "arn:aws:lambda:us-east-1:123456789012:function:old"));
        Invokes lambda = new Invokes(r -> InvokeResponse.builder().statusCode(202).build());

        // then
        assertEquals("ir-GuardDuty", new LambdaRedelivery(lambda, Map.of("GuardDutyFindingFunction", "ir-GuardDuty"), "here")
                .target(guardDutyFunction(), naming).name());
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:old", new LambdaRedelivery(lambda, Map.of(), "here")
                .target(guardDutyFunction(), naming).name());
        FailureMessage forwarded = deadLetter(Map.of(FailureMessage.TARGET_ARN, "arn:aws:events:us-east-1:123456789012:event-bus/default"));
        assertNull(new LambdaRedelivery(lambda, Map.of(), "here").target(guardDutyFunction(), forwarded).name());
        Redelivery.Target none = new LambdaRedelivery(lambda, Map.of(), "here").target(guardDutyFunction(), deadLetter(Map.of()));
        assertNull(none.name());
        assertEquals("no function to invoke for GuardDutyFindingFunction: give --stack <name> or --guardduty-function <name>",
                none.problem());
    }

    @Test
    void whatLambdaRefusesIsAFailedDeliveryWithTheReason() {
        assertFailed(r -> {
            throw ResourceNotFoundException.builder().statusCode(404).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ResourceNotFoundException").errorMessage("Function not found: ir-GuardDuty").build()).build();
        }, "no function 'ir-GuardDuty' (AWS us-east-1): Function not found: ir-GuardDuty");
        assertFailed(r -> {
            throw TooManyRequestsException.builder().statusCode(429).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("TooManyRequestsException").errorMessage("Rate Exceeded.").build()).build();
        }, "TooManyRequestsException: Rate Exceeded.");
        assertFailed(r -> InvokeResponse.builder().statusCode(200).build(), "Lambda answered 200 to the asynchronous Invoke, not 202");
    }

    private static void assertFailed(Function<InvokeRequest, InvokeResponse> answer, String detail) {
        LambdaRedelivery redelivery = new LambdaRedelivery(new Invokes(answer), Map.of(), "AWS us-east-1");
        Redelivery.Delivery delivery = redelivery.deliver(Redelivery.Target.to("ir-GuardDuty"), guardDutyFunction(),
                deadLetter(Map.of()), "m-1");
        assertFalse(delivery.succeeded());
        assertTrue(delivery.detail().startsWith(detail), delivery.detail());
    }
}
