package io.incidentresponse.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.signal.StatusChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The integration tests' AWS: the emulator for Security IR and Incident Manager, and the local
 * engine (moto, or LocalStack under {@code -Plocalstack}; see {@link TestEngines}) for DynamoDB,
 * SQS and EventBridge, each started once per JVM; a fresh ledger table per test, and real SDK
 * clients pointed at them through the endpoint variables.
 */
final class TestStack {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private static Emulator emulator;

    private TestStack() {
    }

    static synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        }
        return emulator;
    }

    /** A name no other test of this run (or an earlier run on the same LocalStack) has used. */
    static String uniqueName(String prefix) {
        return prefix + "-" + RUN + "-" + NAMES.incrementAndGet();
    }

    /** The environment a function would see, with a new empty ledger table. */
    static Map<String, String> freshEnvironment(Map<String, String> extra) {
        emulator().reset();
        String table = uniqueName("ledger-it");
        LedgerTableDefinition.fromClasspath().createTable(dynamoDb(), table);
        String engine = TestEngines.endpoint().toString();
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "LEDGER_TABLE", table,
                "AWS_MAX_ATTEMPTS", "5",
                "AWS_ENDPOINT_URL_SECURITY_IR", emulator.endpoint().toString(),
                "AWS_ENDPOINT_URL_SSM_INCIDENTS", emulator.endpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", engine,
                "AWS_ENDPOINT_URL_SQS", engine,
                "AWS_ENDPOINT_URL_DYNAMODB", TestEngines.dynamoDbEndpoint().toString()));
        env.putAll(extra);
        return env;
    }

    static ClientFactory clients(Map<String, String> env) {
        return new ClientFactory(new Settings(env),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")));
    }

    /** A client of the tests' DynamoDB, for reading the ledger directly. */
    static DynamoDbClient dynamoDb() {
        return TestEngines.dynamoDb();
    }

    /** The table's items of signals, episodes and groups: all but the hourly new-case budget's counters. */
    static List<Map<String, AttributeValue>> ledgerItems(String table) {
        return withoutBudgets(dynamoDb().scan(r -> r.tableName(table).consistentRead(true)).items());
    }

    /** The items that are not the new-case budget's counters ({@code budget#<target>#<hour>}, one an hour a target opens in). */
    static List<Map<String, AttributeValue>> withoutBudgets(List<Map<String, AttributeValue>> items) {
        return items.stream().filter(item -> !item.get("pk").s().startsWith("budget#")).toList();
    }

    /**
     * A rule on the default bus that sends the product's Case Status Changed events to a new
     * queue, as a subscriber would; close it at the end of the test.
     */
    static EventRuleQueue statusEvents() {
        return EventRuleQueue.create(TestEngines.eventBridge(), TestEngines.sqs(), "default", uniqueName("status-events"),
                EventRuleQueue.pattern(StatusChange.SOURCE, StatusChange.DETAIL_TYPE), TestEngines.eventDelivery());
    }

    /** One event as the rule delivered it. */
    record Delivered(String source, String detailType, List<String> resources, JsonNode detail) {
        static List<Delivered> from(List<JsonNode> events) {
            List<Delivered> delivered = new ArrayList<>();
            for (JsonNode event : events) {
                List<String> resources = new ArrayList<>();
                event.path("resources").forEach(resource -> resources.add(resource.asText()));
                delivered.add(new Delivered(event.path("source").asText(), event.path("detail-type").asText(),
                        List.copyOf(resources), event.path("detail")));
            }
            return delivered;
        }
    }
}
