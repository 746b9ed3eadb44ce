package io.incidentresponse.local.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsAccessTest {
    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret");

    private static AwsAccess resolve(Map<String, String> env, String... args) {
        return AwsAccess.resolve(RedriveOptions.parse(List.of(args)), env, Optional.empty());
    }

    @Test
    void aForwardersDeadLetterQueueIsReadInItsOwnRegionAndTheFunctionsInvokedInTheStacks() {
        // when the queue is another region's
        AwsAccess access = resolve(KEYS, "--region", "us-east-1", "--queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/fwd-dlq");

        // then
        assertEquals("AWS eu-west-1", access.describe("SQS"));
        assertEquals("AWS us-east-1", access.describe("LAMBDA"));
        assertEquals("AWS us-east-1", access.describe("CLOUDFORMATION"));
    }

    @Test
    void theRegionComesFromTheOptionThenTheEnvironmentThenTheQueue() {
        Map<String, String> env = new HashMap<>(KEYS);
        env.put("AWS_REGION", "ap-southeast-2");
        assertEquals("AWS ap-southeast-2", resolve(env, "--queue", "q").describe("LAMBDA"));
        assertEquals("AWS ca-central-1", resolve(env, "--region", "ca-central-1").describe("LAMBDA"));
        assertEquals("AWS sa-east-1", resolve(KEYS, "--queue", "arn:aws:sqs:sa-east-1:123456789012:q").describe("LAMBDA"));
    }

    @Test
    void endpointsComeFromTheOptionThenTheServicesVariableThenTheGeneralOne() {
        Map<String, String> env = new HashMap<>(KEYS);
        env.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:9001",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));
        AwsAccess fromEnv = resolve(env);
        assertEquals("http://127.0.0.1:9001", fromEnv.describe("LAMBDA"));
        assertEquals("http://127.0.0.1:4566", fromEnv.describe("SQS"));
        AwsAccess fromOption = resolve(env, "--endpoint-url", "http://localhost:5000");
        assertEquals("http://localhost:5000", fromOption.describe("LAMBDA"));
        assertEquals("http://localhost:5000", fromOption.describe("SQS"));
    }

    @Test
    void aBadRegionOrEndpointIsRefusedByName() {
        CannotRedrive region = assertThrows(CannotRedrive.class, () -> resolve(KEYS, "--region", "Mars-1"));
        assertTrue(region.getMessage().startsWith("'Mars-1' is not an AWS region name"), region.getMessage());
        CannotRedrive endpoint = assertThrows(CannotRedrive.class, () -> resolve(KEYS, "--region", "us-east-1", "--endpoint-url", "localhost"));
        assertTrue(endpoint.getMessage().startsWith("--endpoint-url must be a URL"), endpoint.getMessage());
        Map<String, String> env = new HashMap<>(KEYS);
        env.putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", "::"));
        CannotRedrive variable = assertThrows(CannotRedrive.class, () -> resolve(env).describe("SQS"));
        assertTrue(variable.getMessage().startsWith("AWS_ENDPOINT_URL_SQS must be a URL"), variable.getMessage());
    }
}
