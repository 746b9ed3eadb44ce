package io.incidentresponse.local.engine;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the integration tests find DynamoDB, SQS and EventBridge: one {@link MotoEngine} for the
 * whole test JVM (started by the first test that asks, stopped when the JVM exits), or, with the
 * {@code -Plocalstack} profile, the LocalStack endpoint it passes in as {@value #LOCALSTACK_PROPERTY}.
 * The profile without an endpoint skips every test that needs these services, saying why.
 */
public final class TestEngines {
    /** Set by the {@code localstack} profile (pom.xml): true. */
    public static final String PROFILE_PROPERTY = "it.localstack";
    /** Set by the {@code localstack} profile from the LOCALSTACK_ENDPOINT environment variable. */
    public static final String LOCALSTACK_PROPERTY = "it.localstack.endpoint";
    /**
     * Points only DynamoDB elsewhere (any DynamoDB-compatible engine already running, e.g. dynalite):
     * how BENCHMARKS.md compares engines with the same tests.
     */
    public static final String DYNAMODB_PROPERTY = "it.dynamodb.endpoint";
    private static MotoEngine moto;
    private static DynamoDbClient dynamoDb;
    private static SqsClient sqs;
    private static EventBridgeClient eventBridge;

    private TestEngines() {
    }

    /** The endpoint of DynamoDB, SQS and EventBridge for this test run. */
    public static synchronized URI endpoint() {
        Optional<URI> localStack = localStack();
        if (localStack.isPresent()) {
            return localStack.get();
        }
        if (moto == null) {
            moto = MotoEngine.start();
        }
        return moto.endpoint();
    }

    /** The LocalStack endpoint under {@code -Plocalstack}; skips the calling test when the profile has none. */
    public static Optional<URI> localStack() {
        if (!Boolean.getBoolean(PROFILE_PROPERTY)) {
            return Optional.empty();
        }
        String endpoint = System.getProperty(LOCALSTACK_PROPERTY, "");
        assumeTrue(!endpoint.isBlank() && !endpoint.startsWith("${"),
                "-Plocalstack: LOCALSTACK_ENDPOINT is not set, so the DynamoDB, SQS and EventBridge integration tests"
                        + " are skipped; set it to your LocalStack's URL, e.g. LOCALSTACK_ENDPOINT=http://localhost:4566");
        return Optional.of(URI.create(endpoint));
    }

    /**
     * How long an event takes from PutEvents to a rule's queue: none on moto, which delivers inside
     * PutEvents; LocalStack delivers asynchronously.
     */
    public static Duration eventDelivery() {
        endpoint();
        return moto != null && localStack().isEmpty() ? Duration.ZERO : Duration.ofSeconds(2);
    }

    /** The endpoint of DynamoDB: {@link #endpoint()} unless {@value #DYNAMODB_PROPERTY} names another. */
    public static URI dynamoDbEndpoint() {
        String other = System.getProperty(DYNAMODB_PROPERTY, "");
        return other.isBlank() ? endpoint() : URI.create(other);
    }

    public static synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = MotoEngine.client(DynamoDbClient.builder(), dynamoDbEndpoint());
        }
        return dynamoDb;
    }

    public static synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = MotoEngine.client(SqsClient.builder(), endpoint());
        }
        return sqs;
    }

    public static synchronized EventBridgeClient eventBridge() {
        if (eventBridge == null) {
            eventBridge = MotoEngine.client(EventBridgeClient.builder(), endpoint());
        }
        return eventBridge;
    }
}
