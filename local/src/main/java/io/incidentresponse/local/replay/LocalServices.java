package io.incidentresponse.local.replay;

import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.dynamodb.LocalDynamoDb;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.EmulatorSettings;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The services a replay talks to: whatever the standard endpoint variables name, and for each one
 * not named, the embedded default (the emulator, DynamoDB Local with the template's table).
 */
public final class LocalServices implements AutoCloseable {
    public static final String DEFAULT_TABLE = "incident-response-ledger";
    /** The services the emulator serves, by the suffix of their endpoint variable. */
    static final List<String> EMULATED = List.of("SECURITY_IR", "SSM_INCIDENTS", "EVENTBRIDGE");

    private final Map<String, String> environment;
    private final AwsCredentialsProvider credentials;
    private final Emulator emulator;
    private final LocalDynamoDb dynamoDb;
    private final List<String> description;

    private LocalServices(Map<String, String> environment, AwsCredentialsProvider credentials, Emulator emulator,
                          LocalDynamoDb dynamoDb, List<String> description) {
        this.environment = Map.copyOf(environment);
        this.credentials = credentials;
        this.emulator = emulator;
        this.dynamoDb = dynamoDb;
        this.description = List.copyOf(description);
    }

    /**
     * Starts what the environment does not override. If anything fails on the way, what was started
     * is stopped again before the error is thrown, so nothing is left running.
     */
    public static LocalServices start(Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(env);
        List<String> description = new ArrayList<>();
        environment.putIfAbsent(Variables.AWS_REGION, env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        environment.putIfAbsent("LEDGER_TABLE", DEFAULT_TABLE);
        boolean anyLocal = false;

        Emulator emulator = null;
        LocalDynamoDb dynamoDb = null;
        try {
            if (EMULATED.stream().anyMatch(service -> !overridden(env, service))) {
                emulator = EmulatorSettings.from(env, System.getProperties()).start();
                anyLocal = true;
                for (String service : EMULATED) {
                    if (!overridden(env, service)) {
                        environment.put("AWS_ENDPOINT_URL_" + service, emulator.endpoint().toString());
                        description.add(service + ": emulator at " + emulator.endpoint());
                    } else {
                        description.add(service + ": " + endpoint(env, service));
                    }
                }
            } else {
                EMULATED.forEach(service -> description.add(service + ": " + endpoint(env, service)));
            }

            if (emulator != null && !overridden(env, "SSM_INCIDENTS")) {
                // The emulator knows one response plan; alarms open incidents under it unless told otherwise.
                environment.putIfAbsent("DEFAULT_RESPONSE_PLAN_ARN", IncidentManagerService.DEMO_RESPONSE_PLAN_ARN);
            }
            if (!overridden(env, "DYNAMODB")) {
                dynamoDb = LocalDynamoDb.start();
                anyLocal = true;
                environment.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
                LedgerTableDefinition.fromClasspath().createTable(dynamoDb.client(), environment.get("LEDGER_TABLE"));
                description.add("DYNAMODB: DynamoDB Local at " + dynamoDb.endpoint() + ", table " + environment.get("LEDGER_TABLE"));
            } else {
                description.add("DYNAMODB: " + endpoint(env, "DYNAMODB") + ", table " + environment.get("LEDGER_TABLE"));
            }

            AwsCredentialsProvider credentials = credentials(env, anyLocal);
            LocalServices services = new LocalServices(environment, credentials, emulator, dynamoDb, description);
            if (dynamoDb == null && overridden(env, "DYNAMODB")) {
                services.ensureLedgerTable();
            }
            return services;
        } catch (RuntimeException | Error e) {
            stopQuietly(emulator, dynamoDb, e);
            throw e;
        }
    }

    private static void stopQuietly(Emulator emulator, LocalDynamoDb dynamoDb, Throwable failure) {
        for (AutoCloseable started : new AutoCloseable[] {emulator, dynamoDb}) {
            if (started != null) {
                try {
                    started.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /** Credentials from the environment when it has them; the emulators accept any. */
    private static AwsCredentialsProvider credentials(Map<String, String> env, boolean anyLocal) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
        }
        if (!anyLocal && !env.containsKey("AWS_ENDPOINT_URL_SECURITY_IR")) {
            throw new IllegalStateException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required to replay against AWS");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("replay", "replay"));
    }

    /** A LocalStack (or other) DynamoDB endpoint starts empty: give it the template's table. */
    private void ensureLedgerTable() {
        String table = environment.get("LEDGER_TABLE");
        try (ClientFactory clients = clients(); DynamoDbClient dynamo = clients.dynamoDb()) {
            ensureTable(dynamo, LedgerTableDefinition.fromClasspath(), table, Duration.ofMillis(250), Duration.ofSeconds(60));
        } catch (SdkException e) {
            throw new IllegalStateException("cannot find or create the ledger table " + table + " at DynamoDB "
                    + endpoint(environment, "DYNAMODB") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes sure the table exists and is ACTIVE, safely when several replays start at once against
     * one endpoint: a table that exists (or is being created by another) is waited for, and a
     * CreateTable that loses the race (ResourceInUseException) is fine. Only the creator turns on
     * the time to live, which DynamoDB refuses to turn on twice.
     */
    static void ensureTable(DynamoDbClient dynamo, LedgerTableDefinition definition, String table, Duration poll, Duration timeout) {
        boolean created = false;
        try {
            dynamo.describeTable(r -> r.tableName(table));
        } catch (ResourceNotFoundException missing) {
            try {
                dynamo.createTable(definition.createTableRequest(table));
                created = true;
            } catch (ResourceInUseException raced) {
                // Another replay created it first: wait for it like for any existing table.
            }
        }
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo)
                .overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll)).waitTimeout(timeout)
                        .maxAttempts(Math.max(1, (int) (timeout.toMillis() / Math.max(1, poll.toMillis())))))
                .build()) {
            waiter.waitUntilTableExists(r -> r.tableName(table)).matched().exception().ifPresent(e -> {
                throw e instanceof SdkException sdk ? sdk : new IllegalStateException(e);
            });
        }
        if (created) {
            definition.updateTimeToLiveRequest(table)
                    .filter(request -> Boolean.TRUE.equals(request.timeToLiveSpecification().enabled()))
                    .ifPresent(dynamo::updateTimeToLive);
        }
    }

    private static boolean overridden(Map<String, String> env, String service) {
        return env.containsKey("AWS_ENDPOINT_URL_" + service) || env.containsKey("AWS_ENDPOINT_URL");
    }

    private static String endpoint(Map<String, String> env, String service) {
        return env.getOrDefault("AWS_ENDPOINT_URL_" + service, env.get("AWS_ENDPOINT_URL"));
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Settings settings() {
        return new Settings(environment);
    }

    public ClientFactory clients() {
        return new ClientFactory(settings(), credentials);
    }

    /** The embedded emulator, or null when every emulated service has an endpoint override. */
    public Emulator emulator() {
        return emulator;
    }

    public void describe(PrintStream out) {
        description.forEach(line -> out.println("  " + line));
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
    }
}
