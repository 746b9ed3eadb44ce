package io.incidentresponse.local.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class FailureQueueDefinitionTest {

    private static FailureQueueDefinition parse(String yaml) throws IOException {
        return FailureQueueDefinition.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void scalarPropertiesOfTheQueueBecomeItsAttributesAndTheRestIsLeftOut() throws IOException {
        FailureQueueDefinition queue = parse("""
                Resources:
                  FailureQueue:
                    Type: AWS::SQS::Queue
                    Properties:
                      SqsManagedSseEnabled: true
                      MessageRetentionPeriod: 1209600 # 14 days
                      VisibilityTimeout: !Ref Timeout
                      Tags:
                        - Key: team
                          Value: secops
                """);

        assertEquals(Map.of(QueueAttributeName.SQS_MANAGED_SSE_ENABLED, "true",
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600"), queue.attributes());
    }

    @Test
    void templateWithoutTheQueueIsRejectedNamingIt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse("""
                Resources:
                  Other:
                    Type: AWS::SQS::Queue
                """));

        assertTrue(error.getMessage().contains("FailureQueue"), error.getMessage());
    }

    @Test
    void bundledTemplateKeepsFailedEventsFourteenDaysEncrypted() {
        Map<QueueAttributeName, String> attributes = FailureQueueDefinition.fromClasspath().attributes();

        assertEquals("1209600", attributes.get(QueueAttributeName.MESSAGE_RETENTION_PERIOD));
        assertEquals("true", attributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED));
    }
}
