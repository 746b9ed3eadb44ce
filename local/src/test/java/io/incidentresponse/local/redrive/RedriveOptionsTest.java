package io.incidentresponse.local.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.local.template.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedriveOptionsTest {

    @Test
    void everyOptionTakesItsValueNextOrAfterAnEqualsSign() {
        // when
        RedriveOptions options = RedriveOptions.parse(List.of("--queue", "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
                "--stack=ir", "--region", "eu-west-1", "--endpoint-url=http://localhost:4566", "--guardduty-function", "gd",
                "--alarm-function=al", "--poller-function", "po", "--local", "--dry-run", "--max", "5", "--wait-seconds=0",
                "--json", "--verbose"));

        // then
        assertEquals(Optional.of("https://sqs.eu-west-1.amazonaws.com/123456789012/q"), options.queue());
        assertEquals(Optional.of("ir"), options.stack());
        assertEquals(Optional.of("eu-west-1"), options.region());
        assertEquals(Optional.of("http://localhost:4566"), options.endpointUrl());
        assertEquals(Map.of("GuardDutyFindingFunction", "gd", "AlarmIncidentFunction", "al", "CasePollerFunction", "po"),
                options.functionNames());
        assertTrue(options.local() && options.dryRun() && options.json() && options.verbose());
        assertEquals(5, options.max());
        assertEquals(0, options.waitSeconds());
    }

    @Test
    void withoutOptionsItTakesEverythingAndWaitsBriefly() {
        RedriveOptions options = RedriveOptions.parse(List.of());
        assertEquals(RedriveOptions.DEFAULT_MAX, options.max());
        assertEquals(RedriveOptions.DEFAULT_WAIT_SECONDS, options.waitSeconds());
        assertFalse(options.local() || options.dryRun());
    }

    @Test
    void badUsageIsRefusedByName() {
        assertMessage(List.of("--queue"), "--queue needs a value");
        assertMessage(List.of("--queue="), "--queue needs a value");
        assertMessage(List.of("--max", "0"), "--max takes a whole number from 1 to 1000000, got '0'");
        assertMessage(List.of("--max", "ten"), "--max takes a whole number");
        assertMessage(List.of("--wait-seconds", "21"), "--wait-seconds takes a whole number from 0 to 20");
        assertMessage(List.of("--force"), "unknown option --force");
        assertMessage(List.of("my-queue"), "unexpected argument 'my-queue': name the queue with --queue");
    }

    @Test
    void everyFunctionOptionNamesAFunctionOfTheTemplate() {
        SamTemplate template = SamTemplate.bundled();
        RedriveOptions.FUNCTION_OPTIONS.values().forEach(logicalId -> assertTrue(template.hasResource(logicalId), logicalId));
        assertEquals(template.resources("AWS::Serverless::Function").keySet(), Set.copyOf(RedriveOptions.FUNCTION_OPTIONS.values()));
    }

    @Test
    void theRegionIsReadFromAQueueUrlOrArn() {
        assertEquals(Optional.of("eu-west-1"), AwsAccess.regionOfQueue("https://sqs.eu-west-1.amazonaws.com/123456789012/q"));
        assertEquals(Optional.of("ap-south-2"), AwsAccess.regionOfQueue("arn:aws:sqs:ap-south-2:123456789012:q"));
        assertEquals(Optional.empty(), AwsAccess.regionOfQueue("http://localhost:4566/000000000000/q"));
        assertEquals(Optional.empty(), AwsAccess.regionOfQueue("q"));
        assertEquals(List.of("123456789012", "ir-FailureQueue-X"),
                List.of(AwsAccess.ownerAndNameOfArn("arn:aws:sqs:us-east-1:123456789012:ir-FailureQueue-X").orElseThrow()));
    }

    private static void assertMessage(List<String> args, String message) {
        CannotRedrive e = assertThrows(CannotRedrive.class, () -> RedriveOptions.parse(args));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
