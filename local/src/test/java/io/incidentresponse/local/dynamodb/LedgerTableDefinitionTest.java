package io.incidentresponse.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentresponse.local.template.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

class LedgerTableDefinitionTest {

    static final String TABLE = "incident-response-ledger";
    static final String FLOW_STYLE = "/templates/ledger-flow-style.yaml";
    static final String BLOCK_STYLE_WITH_TAGS = "/templates/ledger-block-style-with-tags.yaml";
    static final String NO_LEDGER_TABLE = "/templates/no-ledger-table.yaml";

    static LedgerTableDefinition testTemplate(String resource) {
        try (InputStream in = LedgerTableDefinitionTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, "test resource " + resource);
            return LedgerTableDefinition.parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LedgerTableDefinition yaml(String template) {
        return LedgerTableDefinition.parse(
                new ByteArrayInputStream(template.getBytes(StandardCharsets.UTF_8)), "inline template");
    }

    /** The ledger table the template defines, as the rest of the project relies on it. */
    static void assertIsLedgerShape(CreateTableRequest request) {
        assertEquals(TABLE, request.tableName());
        assertEquals(Set.of(
                attribute("pk", ScalarAttributeType.S),
                attribute("episode", ScalarAttributeType.N),
                attribute("pollShard", ScalarAttributeType.S),
                attribute("nextPollAt", ScalarAttributeType.N),
                attribute("externalId", ScalarAttributeType.S)), Set.copyOf(request.attributeDefinitions()));
        assertEquals(List.of(key("pk", KeyType.HASH), key("episode", KeyType.RANGE)), request.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, request.billingMode());
        assertEquals(2, request.globalSecondaryIndexes().size());
        GlobalSecondaryIndex gsi = request.globalSecondaryIndexes().getFirst();
        assertEquals("open-by-due", gsi.indexName());
        assertEquals(List.of(key("pollShard", KeyType.HASH), key("nextPollAt", KeyType.RANGE)), gsi.keySchema());
        assertEquals(ProjectionType.ALL, gsi.projection().projectionType());
        assertEquals(null, gsi.provisionedThroughput());
        GlobalSecondaryIndex byExternalId = request.globalSecondaryIndexes().get(1);
        assertEquals("by-external-id", byExternalId.indexName());
        assertEquals(List.of(key("externalId", KeyType.HASH)), byExternalId.keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, byExternalId.projection().projectionType());
        assertEquals(null, request.provisionedThroughput());
        assertTrue(!request.hasLocalSecondaryIndexes(), "no LSI in the template");
    }

    static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    @Test
    void givenFlowStyleTemplate_whenBuildingCreateTableRequest_thenItHasTheTemplatesKeysAttributesAndIndex() {
        LedgerTableDefinition definition = testTemplate(FLOW_STYLE);

        CreateTableRequest request = definition.createTableRequest(TABLE);

        assertIsLedgerShape(request);
    }

    @Test
    void givenBlockStyleTemplateWithRefSubGetAttAndMultiLineSub_whenParsed_thenTagsDoNotBreakParsing() {
        LedgerTableDefinition definition = testTemplate(BLOCK_STYLE_WITH_TAGS);

        CreateTableRequest request = definition.createTableRequest(TABLE);

        assertIsLedgerShape(request);
        assertEquals(testTemplate(FLOW_STYLE).createTableRequest(TABLE), request,
                "block style and flow style define the same table");
    }

    @Test
    void givenTimeToLiveSpecification_whenBuildingUpdateTimeToLive_thenItEnablesExpiresAt() {
        LedgerTableDefinition definition = testTemplate(BLOCK_STYLE_WITH_TAGS);

        UpdateTimeToLiveRequest request = definition.updateTimeToLiveRequest(TABLE).orElseThrow();

        assertEquals(TABLE, request.tableName());
        assertEquals("expiresAt", request.timeToLiveSpecification().attributeName());
        assertEquals(Boolean.TRUE, request.timeToLiveSpecification().enabled());
    }

    @Test
    void givenTemplateWithoutLedgerTable_whenParsed_thenFailsNamingTheMissingResourceAndThoseFound() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> testTemplate(NO_LEDGER_TABLE));

        assertEquals(NO_LEDGER_TABLE + " has no resource LedgerTable under Resources"
                + " (resources found: [CasesTable, Queue, DeadLetters])", error.getMessage());
    }

    @Test
    void givenLedgerTableThatIsNotADynamoDbTable_whenParsed_thenFailsNamingTheType() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> yaml("""
                Resources:
                  LedgerTable:
                    Type: AWS::S3::Bucket
                """));

        assertEquals("inline template: resource LedgerTable has Type 'AWS::S3::Bucket', expected AWS::DynamoDB::Table",
                error.getMessage());
    }

    @Test
    void givenIndexWithUnknownKeyType_whenParsed_thenFailsWithThePathOfTheBadProperty() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> yaml("""
                Resources:
                  LedgerTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                      GlobalSecondaryIndexes:
                        - IndexName: by-x
                          KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: x, KeyType: SORT}]
                          Projection: {ProjectionType: ALL}
                """));

        assertEquals("inline template: LedgerTable.Properties.GlobalSecondaryIndexes[0].KeySchema[1].KeyType"
                + " has unknown value 'SORT'", error.getMessage());
    }

    @Test
    void givenIntrinsicFunctionInAPropertyThatIsRead_whenParsed_thenFailsSayingItIsNotResolved() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> yaml("""
                Resources:
                  LedgerTable:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: !If [IsProd, PROVISIONED, PAY_PER_REQUEST]
                      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """));

        assertTrue(error.getMessage().startsWith("inline template: LedgerTable.Properties.BillingMode must be a"
                + " plain value"), error.getMessage());
    }

    @Test
    void givenTemplateThatIsNotYaml_whenParsed_thenFailsSayingSo() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> yaml("Resources: [unclosed"));

        assertTrue(error.getMessage().startsWith("inline template is not valid YAML"), error.getMessage());
    }

    @Test
    void givenTemplateBundledFromRepositoryRoot_whenReadFromClasspath_thenItDefinesTheLedgerTable() {
        assumeTrue(LedgerTableDefinition.class.getResource(SamTemplate.BUNDLED) != null,
                "template.yaml is not at the repository root yet");

        LedgerTableDefinition definition = LedgerTableDefinition.fromClasspath();

        assertIsLedgerShape(definition.createTableRequest(TABLE));
        assertEquals("expiresAt", definition.timeToLive().orElseThrow().attributeName());
    }
}
