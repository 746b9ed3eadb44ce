package io.incidentresponse.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The engine's own guarantees that the ledger's exactly-once rests on, hammered: many clients at
 * once doing the same conditional PutItem ({@code attribute_not_exists}) see exactly one succeed;
 * many clients at once adding to one counter ({@code ADD}) lose no increment. Each round uses new
 * items. {@value #ROUNDS_PROPERTY} sets the number of rounds (default {@value #DEFAULT_ROUNDS});
 * BENCHMARKS.md reports a run of several hundred.
 */
class EngineAtomicityIT {
    static final String ROUNDS_PROPERTY = "engine.atomicity.rounds";
    static final int DEFAULT_ROUNDS = 5;
    private static final int THREADS = 24;
    private static final int INCREMENTS_PER_THREAD = 5;
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static String table;
    private static ExecutorService pool;
    /** One client per thread, each with its own connections, as separate Lambda containers have. */
    private static final List<DynamoDbClient> CLIENTS = new ArrayList<>();

    @BeforeAll
    static void createTableAndClients() {
        table = "atomicity-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36) + "-" + TABLES.incrementAndGet();
        TestEngines.dynamoDb().createTable(r -> r.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        for (int i = 0; i < THREADS; i++) {
            CLIENTS.add(MotoEngine.client(DynamoDbClient.builder(), TestEngines.dynamoDbEndpoint()));
        }
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    static void closeClients() throws InterruptedException {
        if (pool == null) {
            return; // skipped: no engine
        }
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        CLIENTS.forEach(DynamoDbClient::close);
        TestEngines.dynamoDb().deleteTable(r -> r.tableName(table));
    }

    private static int rounds() {
        return Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
    }

    @Test
    void sameConditionalPutFromManyClientsAtOnceSucceedsExactlyOnceEveryRound() throws Exception {
        int rounds = rounds();
        List<String> wrongRounds = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // given a key no one has written, and every client ready to claim it at the same moment
            String key = "claim-" + round;
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<Boolean>> claims = new ArrayList<>();

            // when
            for (int i = 0; i < THREADS; i++) {
                DynamoDbClient client = CLIENTS.get(i);
                String owner = "owner-" + i;
                claims.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        client.putItem(r -> r.tableName(table)
                                .item(Map.of("pk", AttributeValue.fromS(key), "owner", AttributeValue.fromS(owner)))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return true;
                    } catch (ConditionalCheckFailedException lost) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }

            // then
            if (won != 1) {
                wrongRounds.add("round " + round + ": " + won + " successes");
            }
        }
        assertEquals(List.of(), wrongRounds, "of " + rounds + " rounds of " + THREADS + " concurrent conditional puts");
    }

    @Test
    void concurrentAddsToOneCounterLoseNoIncrementEveryRound() throws Exception {
        int rounds = rounds();
        List<String> wrongRounds = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // given a counter item, as a claim creates it
            String key = "counter-" + round;
            TestEngines.dynamoDb().putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(key),
                    "occurrences", AttributeValue.fromN("1"))));
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> adds = new ArrayList<>();

            // when every client adds to it at once, as repeated deliveries do (SET and ADD, conditional, as the ledger does)
            for (int i = 0; i < THREADS; i++) {
                DynamoDbClient client = CLIENTS.get(i);
                adds.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int n = 0; n < INCREMENTS_PER_THREAD; n++) {
                        String now = "t" + n;
                        client.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                                .updateExpression("SET updatedAt = :now ADD occurrences :one")
                                .conditionExpression("attribute_exists(pk)")
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                                        ":now", AttributeValue.fromS(now))));
                    }
                    return null;
                }));
            }
            for (Future<?> add : adds) {
                add.get(60, TimeUnit.SECONDS);
            }

            // then
            String stored = TestEngines.dynamoDb().getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                    .consistentRead(true)).item().get("occurrences").n();
            int expected = 1 + THREADS * INCREMENTS_PER_THREAD;
            if (Integer.parseInt(stored) != expected) {
                wrongRounds.add("round " + round + ": " + stored + " instead of " + expected);
            }
        }
        assertEquals(List.of(), wrongRounds, "of " + rounds + " rounds of " + THREADS + " x " + INCREMENTS_PER_THREAD
                + " concurrent ADDs");
    }
}
