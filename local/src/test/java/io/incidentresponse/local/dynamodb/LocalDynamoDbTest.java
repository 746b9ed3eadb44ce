package io.incidentresponse.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class LocalDynamoDbTest {

    @Test
    void givenStartedServer_whenAClientCallsIt_thenItAnswersOnALoopbackEphemeralPort() {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
            assertEquals("http", dynamoDb.endpoint().getScheme());
            assertEquals("127.0.0.1", dynamoDb.endpoint().getHost());
            assertNotEquals(8000, dynamoDb.endpoint().getPort(), "not DynamoDB Local's fixed default port");

            assertEquals(List.of(), dynamoDb.client().listTables().tableNames());
        }
    }

    @Test
    void givenOwnClientBuiltFromEndpointWithOtherCredentialsAndRegion_whenListingTables_thenItSeesTheSameTables() {
        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start();
             DynamoDbClient other = DynamoDbClient.builder()
                     .endpointOverride(dynamoDb.endpoint())
                     .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                     .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                             software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("other", "other")))
                     .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                     .build()) {
            createTable(dynamoDb.client(), "shared");

            assertEquals(List.of("shared"), other.listTables().tableNames());
        }
    }

    @Test
    void givenTwoServers_whenATableIsCreatedInOne_thenTheOtherDoesNotSeeIt() {
        try (LocalDynamoDb first = LocalDynamoDb.start(); LocalDynamoDb second = LocalDynamoDb.start()) {
            createTable(first.client(), "only-in-first");

            assertNotEquals(first.endpoint(), second.endpoint());
            assertEquals(List.of("only-in-first"), first.client().listTables().tableNames());
            assertEquals(List.of(), second.client().listTables().tableNames());
        }
    }

    @Test
    void givenClosedServer_whenConnectingToItsPort_thenTheConnectionIsRefused() {
        LocalDynamoDb dynamoDb = LocalDynamoDb.start();
        int port = dynamoDb.endpoint().getPort();

        dynamoDb.close();

        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        });
    }

    @Test
    void givenClosedServer_whenLookingForItsThreads_thenNoneIsLeftToKeepTheJvmAlive() {
        LocalDynamoDb dynamoDb = LocalDynamoDb.start();
        createTable(dynamoDb.client(), "with-background-jobs");

        dynamoDb.close();

        // DynamoDB Local's own stop() leaves a non-daemon job thread sleeping for minutes.
        ThreadGroup group = dynamoDb.threadGroup();
        Thread[] inGroup = new Thread[group.activeCount() + 8];
        int count = group.enumerate(inGroup, true);
        assertEquals(List.of(), Arrays.stream(inGroup, 0, count).filter(Thread::isAlive).map(Thread::getName).toList());
        assertEquals(List.of(), Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> !thread.getKey().isDaemon() && Arrays.stream(thread.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith("com.amazonaws.services.dynamodbv2.local")))
                .map(thread -> thread.getKey().getName())
                .toList(), "non-daemon threads running DynamoDB Local code");
    }

    @Test
    void givenModuleBuiltByMaven_whenServerStarts_thenItLoadsMavensCopyOfTheNativeLibraryNotATemporaryOne()
            throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs Linux's /proc to see which library is loaded");
        assumeTrue(Sqlite4javaNatives.platform().matches("linux-(amd64|i386)"), "Maven has natives for this machine");

        try (LocalDynamoDb dynamoDb = LocalDynamoDb.start()) {
            List<String> loaded = Files.readAllLines(maps).stream()
                    .filter(line -> line.contains("sqlite4java"))
                    .map(line -> line.substring(line.indexOf('/')))
                    .distinct()
                    .toList();

            assertEquals(1, loaded.size(), "loaded " + loaded);
            Path library = Path.of(loaded.getFirst());
            assertEquals(Path.of(System.getProperty(Sqlite4javaNatives.DDB_LIB_PATH_PROPERTY),
                    System.getProperty(Sqlite4javaNatives.DDB_LIB_NAME_PROPERTY)), library);
            assertTrue(library.getParent().endsWith(Path.of("target", "native-libs"))
                    || library.getParent().endsWith(Path.of("target", "lib")), "loaded " + library);
            assertTrue(dynamoDb.startupTime().toMillis() < 30_000, "start-up took " + dynamoDb.startupTime());
        }
    }

    static void createTable(DynamoDbClient client, String name) {
        client.createTable(r -> r.tableName(name)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode("PAY_PER_REQUEST"));
    }
}
