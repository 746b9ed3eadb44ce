package io.incidentresponse.local.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

class StackOutputsTest {
    private static final String ACCOUNT = "arn:aws:lambda:eu-west-1:123456789012:function:";

    /** Answers DescribeStacks with one stack's outputs (or an error), and records the requests. */
    private static final class Stacks implements CloudFormationClient {
        final List<DescribeStacksRequest> requests = new ArrayList<>();
        final Map<String, String> outputs;
        final CloudFormationException error;

        Stacks(Map<String, String> outputs, CloudFormationException error) {
            this.outputs = outputs;
            this.error = error;
        }

        @Override
        public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
            requests.add(request);
            if (error != null) {
                throw error;
            }
            return DescribeStacksResponse.builder().stacks(Stack.builder().stackName(request.stackName()).outputs(outputs.entrySet()
                    .stream().map(e -> Output.builder().outputKey(e.getKey()).outputValue(e.getValue()).build()).toList()).build()).build();
        }

        @Override
        public String serviceName() {
            return "cloudformation";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theFunctionsAndTheQueueComeFromTheOutputsTheTemplateDefinesForThem() {
        // given a deployed stack's outputs
        Stacks stacks = new Stacks(Map.of(
                "GuardDutyFindingFunctionArn", ACCOUNT + "ir-GuardDutyFindingFunction-1A",
                "AlarmIncidentFunctionArn", ACCOUNT + "ir-AlarmIncidentFunction-2B",
                "CasePollerFunctionArn", ACCOUNT + "ir-CasePollerFunction-3C",
                "FailureQueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/ir-FailureQueue-4D",
                "LedgerTableName", "ir-LedgerTable-5E"), null);

        // when
        StackOutputs outputs = StackOutputs.describe(stacks, "ir", SamTemplate.bundled(), "eu-west-1");

        // then one DescribeStacks of that stack
        assertEquals(1, stacks.requests.size());
        assertEquals("ir", stacks.requests.getFirst().stackName());
        assertEquals(Map.of("GuardDutyFindingFunction", ACCOUNT + "ir-GuardDutyFindingFunction-1A",
                "AlarmIncidentFunction", ACCOUNT + "ir-AlarmIncidentFunction-2B",
                "CasePollerFunction", ACCOUNT + "ir-CasePollerFunction-3C"), outputs.functionArns());
        assertEquals(Optional.of("https://sqs.eu-west-1.amazonaws.com/123456789012/ir-FailureQueue-4D"), outputs.failureQueueUrl());
    }

    @Test
    void theTemplateHasAnArnOutputForEveryFunctionAndAUrlOutputForTheQueue() {
        SamTemplate template = SamTemplate.bundled();
        assertEquals(template.resources("AWS::Serverless::Function").keySet(), StackOutputs.functionOutputs(template).keySet());
        assertEquals(Optional.of("FailureQueueUrl"), StackOutputs.queueOutput(template));
    }

    @Test
    void aStackThatDoesNotExistIsOneClearError() {
        // given CloudFormation's answer for an unknown stack
        Stacks stacks = new Stacks(Map.of(), (CloudFormationException) CloudFormationException.builder().statusCode(400)
                .message("Stack with id ir does not exist").awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationError")
                        .errorMessage("Stack with id ir does not exist").build()).build());

        // when
        CannotRedrive e = assertThrows(CannotRedrive.class, () -> StackOutputs.describe(stacks, "ir", SamTemplate.bundled(), "eu-west-1"));

        // then
        assertTrue(e.getMessage().startsWith("no stack 'ir' in eu-west-1: Stack with id ir does not exist"), e.getMessage());
    }
}
