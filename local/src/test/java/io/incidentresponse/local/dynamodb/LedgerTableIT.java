package io.incidentresponse.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.local.template.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The ledger table created from the template in the local engine (moto; LocalStack under
 * {@code -Plocalstack}) behaves as the ledger needs: keys, both indexes (the sparse one holds only
 * the items that carry its key), TTL, conditional puts, queries in pages.
 */
class LedgerTableIT {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private DynamoDbClient client;
    private String table;

    @BeforeEach
    void createLedgerTableFromTemplate() {
        client = TestEngines.dynamoDb();
        table = "incident-response-ledger-" + RUN + "-" + TABLES.incrementAndGet();
        LedgerTableDefinitionTest.testTemplate(LedgerTableDefinitionTest.BLOCK_STYLE_WITH_TAGS)
                .createTable(client, table);
    }

    @Test
    void givenTemplate_whenTableIsCreated_thenItHasTheTemplatesKeysIndexBillingModeAndTimeToLive() {
        TableDescription description = client.describeTable(r -> r.tableName(table)).table();

        assertEquals(TableStatus.ACTIVE, description.tableStatus());
        assertEquals(List.of(key("pk", KeyType.HASH), key("episode", KeyType.RANGE)), description.keySchema());
        assertEquals(Set.of("pk:S", "episode:N", "pollShard:S", "nextPollAt:N", "externalId:S"), description.attributeDefinitions()
                .stream().map(a -> a.attributeName() + ":" + a.attributeTypeAsString()).collect(Collectors.toSet()));
        assertEquals(BillingMode.PAY_PER_REQUEST, description.billingModeSummary().billingMode());
        Map<String, GlobalSecondaryIndexDescription> indexes = description.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndexDescription::indexName, index -> index));
        assertEquals(Set.of("open-by-due", "by-external-id"), indexes.keySet());
        GlobalSecondaryIndexDescription gsi = indexes.get("open-by-due");
        assertEquals(List.of(key("pollShard", KeyType.HASH), key("nextPollAt", KeyType.RANGE)), gsi.keySchema());
        assertEquals(ProjectionType.ALL, gsi.projection().projectionType());
        assertEquals(IndexStatus.ACTIVE, gsi.indexStatus());
        GlobalSecondaryIndexDescription byExternalId = indexes.get("by-external-id");
        assertEquals(List.of(key("externalId", KeyType.HASH)), byExternalId.keySchema());
        assertEquals(ProjectionType.KEYS_ONLY, byExternalId.projection().projectionType());
        assertEquals(IndexStatus.ACTIVE, byExternalId.indexStatus());
        TimeToLiveDescription ttl = client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        assertEquals("expiresAt", ttl.attributeName());
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
    }

    @Test
    void givenStoredEpisode_whenPuttingItAgainOnlyIfAbsent_thenTheConditionFailsAndTheFirstCaseIdStays() {
        client.putItem(r -> r.tableName(table)
                .item(episode("finding-1", 1, Map.of("caseId", s("case-A"))))
                .conditionExpression("attribute_not_exists(pk)"));

        assertThrows(ConditionalCheckFailedException.class, () -> client.putItem(r -> r.tableName(table)
                .item(episode("finding-1", 1, Map.of("caseId", s("case-B"))))
                .conditionExpression("attribute_not_exists(pk)")));

        Map<String, AttributeValue> stored = client.getItem(r -> r.tableName(table)
                .key(episode("finding-1", 1, Map.of())).consistentRead(true)).item();
        assertEquals("case-A", stored.get("caseId").s());
    }

    @Test
    void givenNewEpisodeOfStoredFinding_whenPuttingItOnlyIfAbsent_thenItIsStoredBesideTheFirst() {
        client.putItem(r -> r.tableName(table)
                .item(episode("finding-1", 1, Map.of("caseId", s("case-A"))))
                .conditionExpression("attribute_not_exists(pk)"));

        client.putItem(r -> r.tableName(table)
                .item(episode("finding-1", 2, Map.of("caseId", s("case-B"))))
                .conditionExpression("attribute_not_exists(pk)"));

        QueryResponse episodes = client.query(r -> r.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("finding-1"))));
        assertEquals(List.of("case-A", "case-B"), episodes.items().stream().map(i -> i.get("caseId").s()).toList());
    }

    @Test
    void givenItemsWithAndWithoutPollShard_whenQueryingOpenByDue_thenOnlyItemsCarryingPollShardComeBack() {
        client.putItem(r -> r.tableName(table).item(episode("open-late", 1,
                Map.of("pollShard", s("shard-0"), "nextPollAt", n(300)))));
        client.putItem(r -> r.tableName(table).item(episode("open-early", 1,
                Map.of("pollShard", s("shard-0"), "nextPollAt", n(100)))));
        client.putItem(r -> r.tableName(table).item(episode("open-other-shard", 1,
                Map.of("pollShard", s("shard-1"), "nextPollAt", n(100)))));
        client.putItem(r -> r.tableName(table).item(episode("closed", 1, Map.of("nextPollAt", n(50)))));

        QueryResponse due = client.query(r -> r.tableName(table)
                .indexName("open-by-due")
                .keyConditionExpression("pollShard = :shard AND nextPollAt <= :now")
                .expressionAttributeValues(Map.of(":shard", s("shard-0"), ":now", n(1_000))));

        assertEquals(List.of("open-early", "open-late"), due.items().stream().map(i -> i.get("pk").s()).toList());
        assertEquals(3, client.scan(r -> r.tableName(table).indexName("open-by-due")).count(),
                "the index holds only the items with pollShard");
        assertEquals(4, client.scan(r -> r.tableName(table)).count());
    }

    @Test
    void givenMoreDueItemsThanAPage_whenQueryingOpenByDueInPages_thenExclusiveStartKeyResumesWhereThePageEnded() {
        for (int i = 0; i < 7; i++) {
            int due = 100 + i;
            client.putItem(r -> r.tableName(table).item(episode("open-" + due, 1,
                    Map.of("pollShard", s("shard-0"), "nextPollAt", n(due)))));
        }

        List<String> read = new java.util.ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(r -> r.tableName(table).indexName("open-by-due").limit(3)
                    .keyConditionExpression("pollShard = :shard AND nextPollAt <= :now")
                    .expressionAttributeValues(Map.of(":shard", s("shard-0"), ":now", n(1_000)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> read.add(item.get("pk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);

        assertEquals(List.of("open-100", "open-101", "open-102", "open-103", "open-104", "open-105", "open-106"), read);
        assertEquals(3, pages, "pages of 3, 3 and 1");
    }

    @Test
    void givenOpenItem_whenClosingItTwiceWithAConditionOnItsState_thenOnlyTheFirstSucceedsAndItLeavesTheIndex() {
        client.putItem(r -> r.tableName(table).item(episode("open-1", 1,
                Map.of("state", s("OPEN"), "version", n(1), "pollShard", s("shard-0"), "nextPollAt", n(100)))));
        java.util.function.Supplier<software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse> close = () ->
                client.updateItem(r -> r.tableName(table).key(episode("open-1", 1, Map.of()))
                        .updateExpression("SET #state = :closed, version = version + :one REMOVE pollShard, nextPollAt")
                        .conditionExpression("attribute_exists(pk) AND #state = :open")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":closed", s("CLOSED"), ":open", s("OPEN"), ":one", n(1))));

        close.get();

        assertThrows(ConditionalCheckFailedException.class, close::get);
        Map<String, AttributeValue> stored = client.getItem(r -> r.tableName(table)
                .key(episode("open-1", 1, Map.of())).consistentRead(true)).item();
        assertEquals("CLOSED", stored.get("state").s());
        assertEquals("2", stored.get("version").n());
        assertEquals(false, stored.containsKey("pollShard"));
        assertEquals(0, client.scan(r -> r.tableName(table).indexName("open-by-due")).count());
    }

    @Test
    void givenTemplateBundledFromRepositoryRoot_whenItsTableIsCreated_thenTheEngineAcceptsIt() {
        assumeTrue(LedgerTableDefinition.class.getResource(SamTemplate.BUNDLED) != null,
                "template.yaml is not at the repository root yet");
        String bundled = table + "-bundled";

        LedgerTableDefinition.fromClasspath().createTable(client, bundled);

        assertEquals(TableStatus.ACTIVE, client.describeTable(r -> r.tableName(bundled)).table().tableStatus());
    }

    private static Map<String, AttributeValue> episode(String pk, int episode, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(more);
        item.put("pk", s(pk));
        item.put("episode", n(episode));
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
