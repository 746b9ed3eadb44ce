package io.incidentresponse.local.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.sqs.FailureQueueDefinition;
import io.incidentresponse.local.template.SamTemplate;
import io.incidentresponse.shared.text.SafeText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * What redrive reads from a deployed stack (one DescribeStacks call): the ARN of each function,
 * from the template's outputs whose value is {@code !GetAtt <Function>.Arn}
 * (GuardDutyFindingFunctionArn, AlarmIncidentFunctionArn, CasePollerFunctionArn), and the failure
 * queue's URL, from the output whose value is {@code !Ref FailureQueue} (FailureQueueUrl). Which
 * output holds what is read from template.yaml, so a renamed output cannot go unnoticed.
 *
 * @param functionArns by the function's logical id
 */
record StackOutputs(String stackName, Map<String, String> functionArns, Optional<String> failureQueueUrl) {

    static StackOutputs describe(CloudFormationClient cloudFormation, String stackName, SamTemplate template, String region) {
        List<Stack> stacks;
        try {
            stacks = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks();
        } catch (SdkException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CannotRedrive((message.contains("does not exist") ? "no stack '" : "cannot read the stack '")
                    + SafeText.bounded(stackName, 128) + "' in " + region + ": " + SafeText.bounded(message, 300), e);
        }
        if (stacks.isEmpty()) {
            throw new CannotRedrive("no stack '" + SafeText.bounded(stackName, 128) + "' in " + region);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stacks.getFirst().outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        Map<String, String> functionArns = new LinkedHashMap<>();
        functionOutputs(template).forEach((logicalId, key) -> {
            if (outputs.containsKey(key)) {
                functionArns.put(logicalId, outputs.get(key));
            }
        });
        return new StackOutputs(stackName, functionArns, queueOutput(template).map(outputs::get));
    }

    /** The template's output key of each function's ARN, by the function's logical id. */
    static Map<String, String> functionOutputs(SamTemplate template) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String logicalId : template.resources("AWS::Serverless::Function").keySet()) {
            outputWhoseValueIs(template, logicalId + ".Arn").ifPresent(key -> keys.put(logicalId, key));
        }
        return keys;
    }

    /** The template's output key of the failure queue's URL ({@code !Ref FailureQueue}). */
    static Optional<String> queueOutput(SamTemplate template) {
        return outputWhoseValueIs(template, FailureQueueDefinition.RESOURCE);
    }

    private static Optional<String> outputWhoseValueIs(SamTemplate template, String value) {
        for (Map.Entry<String, JsonNode> output : template.root().path("Outputs").properties()) {
            if (value.equals(output.getValue().path("Value").asText(null))) {
                return Optional.of(output.getKey());
            }
        }
        return Optional.empty();
    }
}
