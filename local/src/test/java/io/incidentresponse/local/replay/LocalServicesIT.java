package io.incidentresponse.local.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.local.LocalMainAccess;
import io.incidentresponse.local.engine.MotoEngine;
import io.incidentresponse.local.sqs.FailureQueueDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The embedded defaults of replay and serve: what the local engine holds once they have started. */
class LocalServicesIT {

    @Test
    void embeddedEngineHasTheTemplatesTableFailureQueueAndAStatusEventsRule() {
        try (LocalServices services = LocalServices.start(Map.of())) {
            // then DynamoDB, SQS and EventBridge point at the engine, the rest at the emulator
            Map<String, String> env = services.environment();
            String engine = services.engine().endpoint().toString();
            assertEquals(engine, env.get("AWS_ENDPOINT_URL_DYNAMODB"));
            assertEquals(engine, env.get("AWS_ENDPOINT_URL_SQS"));
            assertEquals(engine, env.get("AWS_ENDPOINT_URL_EVENTBRIDGE"));
            assertEquals(services.emulator().endpoint().toString(), env.get("AWS_ENDPOINT_URL_SECURITY_IR"));
            assertEquals(List.of(LocalServices.DEFAULT_TABLE), services.engine().dynamoDb().listTables().tableNames());

            // and the failure queue exists as the template defines it
            try (SqsClient sqs = services.engine().client(SqsClient.builder())) {
                String url = env.get(LocalServices.FAILURE_QUEUE_URL);
                assertTrue(url.endsWith("/" + LocalServices.FAILURE_QUEUE), url);
                Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(QueueAttributeName.ALL)).attributes();
                assertEquals("1209600", attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
                assertEquals("true", attributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
                assertEquals(FailureQueueDefinition.fromClasspath().attributes().get(QueueAttributeName.MESSAGE_RETENTION_PERIOD),
                        attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
            }
            assertTrue(services.statusEvents().isPresent());
            assertEquals(List.of(), services.statusEvents().get().received());
        }
    }

    @Test
    void dynamoDbOfYourOwnGetsTheTableAndTheEngineStillServesSqsAndEventBridge() {
        // given a DynamoDB the user runs (another engine here), named by the standard variable
        try (MotoEngine own = MotoEngine.start();
             LocalServices services = LocalServices.start(Map.of("AWS_ENDPOINT_URL_DYNAMODB", own.endpoint().toString()))) {
            // then the ledger table is created there, and the embedded engine serves the rest
            assertEquals(List.of(LocalServices.DEFAULT_TABLE), own.dynamoDb().listTables().tableNames());
            assertEquals(List.of(), services.engine().dynamoDb().listTables().tableNames());
            assertEquals(services.engine().endpoint().toString(), services.environment().get("AWS_ENDPOINT_URL_SQS"));
            assertTrue(services.statusEvents().isPresent());
        }
    }

    @Test
    void everyEngineServiceOverriddenStartsNoEngineAndCreatesNoQueues() {
        // given DynamoDB, SQS and EventBridge all elsewhere
        try (MotoEngine own = MotoEngine.start();
             LocalServices services = LocalServices.start(Map.of(
                     "AWS_ENDPOINT_URL_DYNAMODB", own.endpoint().toString(),
                     "AWS_ENDPOINT_URL_SQS", own.endpoint().toString(),
                     "AWS_ENDPOINT_URL_EVENTBRIDGE", own.endpoint().toString()));
             SqsClient sqs = own.client(SqsClient.builder())) {
            // then
            assertEquals(null, services.engine());
            assertTrue(services.statusEvents().isEmpty());
            assertEquals(null, services.environment().get(LocalServices.FAILURE_QUEUE_URL));
            assertEquals(List.of(LocalServices.DEFAULT_TABLE), own.dynamoDb().listTables().tableNames());
            assertEquals(List.of(), sqs.listQueues().queueUrls(), "nothing created in someone else's SQS");
        }
    }

    @Test
    void replayWithPollPrintsTheStatusEventsTheRuleDeliveredToItsQueue() throws Exception {
        // given
        Path events = Path.of(LocalServicesIT.class.getClassLoader().getResource("events").toURI());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // when
        int status = LocalMainAccess.replay(List.of("--poll", events.resolve("guardduty/ec2-ssh-brute-force.json").toString(),
                events.resolve("alarm/01-api-5xx-alarm.json").toString()), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));

        // then a case moves twice (Detection and Analysis, Closed) and the incident is resolved: three events
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        assertTrue(printed.contains("Case Status Changed events published (3, delivered by the rule "
                + LocalServices.STATUS_EVENTS + " to its queue):"), printed);
        assertTrue(printed.contains("Submitted -> Detection and Analysis"), printed);
        assertTrue(printed.contains("Detection and Analysis -> Closed (Investigation Completed)"), printed);
        assertTrue(printed.contains("OPEN -> RESOLVED"), printed);
    }
}
