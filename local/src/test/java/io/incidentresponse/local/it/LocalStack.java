package io.incidentresponse.local.it;

import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.dynamodb.LocalDynamoDb;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The integration tests' AWS: the emulator and DynamoDB Local, started once per JVM, a fresh
 * ledger table per test, and real SDK clients pointed at both through the endpoint variables.
 */
final class LocalStack {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Emulator emulator;
    private static LocalDynamoDb dynamoDb;

    private LocalStack() {
    }

    static synchronized Emulator emulator() {
        if (emulator == null) {
            emulator = Emulator.start();
            dynamoDb = LocalDynamoDb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                emulator.close();
                dynamoDb.close();
            }));
        }
        return emulator;
    }

    static LocalDynamoDb dynamoDb() {
        emulator();
        return dynamoDb;
    }

    /** The environment a function would see, with a new empty ledger table. */
    static Map<String, String> freshEnvironment(Map<String, String> extra) {
        emulator().reset();
        String table = "ledger-it-" + TABLES.incrementAndGet();
        LedgerTableDefinition.fromClasspath().createTable(dynamoDb.client(), table);
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "LEDGER_TABLE", table,
                "AWS_MAX_ATTEMPTS", "5",
                "AWS_ENDPOINT_URL_SECURITY_IR", emulator.endpoint().toString(),
                "AWS_ENDPOINT_URL_SSM_INCIDENTS", emulator.endpoint().toString(),
                "AWS_ENDPOINT_URL_EVENTBRIDGE", emulator.endpoint().toString(),
                "AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString()));
        env.putAll(extra);
        return env;
    }

    static ClientFactory clients(Map<String, String> env) {
        return new ClientFactory(new Settings(env),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")));
    }

    static List<Map<String, AttributeValue>> ledgerItems(String table) {
        return dynamoDb.client().scan(r -> r.tableName(table).consistentRead(true)).items();
    }
}
