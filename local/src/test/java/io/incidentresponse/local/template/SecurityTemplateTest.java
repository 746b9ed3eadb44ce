package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a security team asks of the templates: the customer managed key (KmsKeyArn) on everything
 * that stores data when it is given, topics CloudWatch and EventBridge can actually publish to,
 * reserved concurrency per function, and a reason for every checkov check a template skips.
 */
class SecurityTemplateTest {
    /** An optional key: !If [HasKmsKey, !Ref KmsKeyArn, <the default>]. */
    private static final String WITH_KEY = "[\"HasKmsKey\",\"KmsKeyArn\",";

    private final SamTemplate template = SamTemplate.bundled();

    private static void assertUsesTheKey(String what, JsonNode value) {
        assertTrue(value.toString().startsWith(WITH_KEY), what + " takes KmsKeyArn when given: " + value);
    }

    @Test
    void everythingThatStoresDataUsesTheCustomerManagedKeyWhenGiven() {
        assertUsesTheKey("LedgerTable", template.resource("LedgerTable", "AWS::DynamoDB::Table").at("/Properties/SSESpecification/KMSMasterKeyId"));
        for (Map.Entry<String, JsonNode> queue : template.resources("AWS::SQS::Queue").entrySet()) {
            assertUsesTheKey(queue.getKey(), queue.getValue().at("/Properties/KmsMasterKeyId"));
            // SQS-managed encryption otherwise: the two properties are exclusive.
            assertEquals("[\"HasKmsKey\",\"AWS::NoValue\",true]", queue.getValue().at("/Properties/SqsManagedSseEnabled").toString());
        }
        Map<String, JsonNode> logGroups = template.resources("AWS::Logs::LogGroup");
        assertEquals(3, logGroups.size());
        logGroups.forEach((id, group) -> assertUsesTheKey(id, group.at("/Properties/KmsKeyId")));
        assertUsesTheKey("the functions' environment", template.globals("Function").path("KmsKeyArn"));
        Map<String, JsonNode> topics = template.resources("AWS::SNS::Topic");
        assertEquals(2, topics.size());
        topics.forEach((id, topic) -> assertEquals(WITH_KEY + "\"TopicKey.Arn\"]", topic.at("/Properties/KmsMasterKeyId").toString(), id));
    }

    @Test
    void theTopicKeyLetsAlarmsAndRulesPublishWhichSnssManagedKeyCannot() {
        // given
        JsonNode key = template.resource("TopicKey", "AWS::KMS::Key");
        JsonNode statements = key.at("/Properties/KeyPolicy/Statement");

        // then
        assertEquals("CreateTopicKey", key.path("Condition").asText());
        assertTrue(key.at("/Properties/EnableKeyRotation").asBoolean());
        assertFalse(template.root().toString().contains("alias/aws/sns"), "SNS's AWS managed key drops alarms and rules' messages");
        List<String> services = new java.util.ArrayList<>();
        for (JsonNode statement : statements) {
            JsonNode service = statement.at("/Principal/Service");
            if (!service.isMissingNode()) {
                services.add(service.asText());
                assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey*\"]", statement.path("Action").toString());
            }
        }
        assertEquals(List.of("cloudwatch.amazonaws.com", "events.amazonaws.com"), services);
    }

    @Test
    void theFunctionsMayUseTheCustomerManagedKeyOnlyWhenItIsGiven() {
        for (String policy : List.of("FunctionPermissions", "CasePollerPermissions")) {
            boolean found = false;
            for (JsonNode statement : template.resource(policy, "AWS::IAM::ManagedPolicy").at("/Properties/PolicyDocument/Statement")) {
                if (statement.isArray() && statement.get(1).path("Sid").asText().equals("CustomerManagedKey")) {
                    found = true;
                    assertEquals("HasKmsKey", statement.get(0).asText());
                    assertEquals("KmsKeyArn", statement.get(1).path("Resource").asText());
                    assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey\"]", statement.get(1).path("Action").toString());
                }
            }
            assertTrue(found, policy);
        }
    }

    @Test
    void everyFunctionHasAReservedConcurrencyParameterThatDeploysInAFreshAccount() {
        template.resources("AWS::Serverless::Function").forEach((id, function) -> {
            String name = id.replaceFirst("Function$", "");
            String parameter = name + "ReservedConcurrency";
            JsonNode reserved = function.at("/Properties/ReservedConcurrentExecutions");
            assertEquals("[\"" + name + "Unreserved\",\"AWS::NoValue\",\"" + parameter + "\"]", reserved.toString(), id);
            // -1 leaves the property out: a new account's 10 concurrent executions leave nothing to reserve.
            assertEquals("-1", template.parameterDefault(parameter).orElseThrow(), parameter);
            assertEquals("[\"" + parameter + "\",\"-1\"]", template.root().at("/Conditions/" + name + "Unreserved").toString());
            java.util.regex.Pattern allowed = java.util.regex.Pattern.compile(
                    template.root().at("/Parameters/" + parameter + "/AllowedPattern").asText());
            for (String good : List.of("-1", "0", "1", "10", "9999")) {
                assertTrue(allowed.matcher(good).matches(), parameter + " takes " + good);
            }
            for (String bad : List.of("2.5", "-2", "01", "10000", "", "ten")) {
                assertFalse(allowed.matcher(bad).matches(), parameter + " refuses " + bad + " before anything is deployed");
            }
        });
    }

    @Test
    void everyCheckovSkipSaysWhy() {
        int skips = 0;
        for (SamTemplate scanned : List.of(template, SamTemplate.fromClasspath(SamTemplate.FORWARDER))) {
            for (Map.Entry<String, JsonNode> resource : scanned.root().path("Resources").properties()) {
                for (JsonNode skip : resource.getValue().at("/Metadata/checkov/skip")) {
                    skips++;
                    assertTrue(skip.path("id").asText().matches("CKV_AWS_[0-9]+"), resource.getKey() + ": " + skip);
                    String comment = skip.path("comment").asText();
                    assertTrue(comment.length() >= 30 && comment.contains(" - "),
                            resource.getKey() + " skips " + skip.path("id").asText() + " without a reason (\"What - why\"): " + comment);
                }
            }
        }
        assertEquals(7, skips, "a new skip is a decision: add it here too");
    }
}
