package io.incidentresponse.local.replay;

import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.EmulatorSettings;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.engine.MotoEngine;
import io.incidentresponse.local.engine.MotoInstallation;
import io.incidentresponse.local.sqs.FailureQueueDefinition;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.signal.StatusChange;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The services a replay talks to: whatever the standard endpoint variables name, and for each one
 * not named, the embedded default: the emulator for Security IR and Incident Manager, and the local
 * AWS engine ({@link MotoEngine}, installed on first use) for DynamoDB, SQS and EventBridge, with
 * the template's ledger table and failure queue, and a rule that delivers the product's
 * {@code Case Status Changed} events to a queue, so they can be read back.
 */
public final class LocalServices implements AutoCloseable {
    public static final String DEFAULT_TABLE = "incident-response-ledger";
    /** The local failure queue's name (the deployed one's name is generated). */
    public static final String FAILURE_QUEUE = "incident-response-failures";
    /** The rule and queue that receive the status events on the local engine. */
    public static final String STATUS_EVENTS = "incident-response-status-events";
    /** Set to the local failure queue's URL (the stack's output FailureQueueUrl, deployed). */
    public static final String FAILURE_QUEUE_URL = "FAILURE_QUEUE_URL";
    /** The services the emulator serves, by the suffix of their endpoint variable. */
    static final List<String> EMULATED = List.of("SECURITY_IR", "SSM_INCIDENTS");
    /** The services the local engine serves. */
    static final List<String> ENGINE = List.of("DYNAMODB", "SQS", "EVENTBRIDGE");

    private final Map<String, String> environment;
    private final AwsCredentialsProvider credentials;
    private final Emulator emulator;
    private final MotoEngine engine;
    private final List<String> description;
    /** Clients of the status events' queue, open as long as these services are. */
    private ClientFactory ownClients;
    private SqsClient sqs;
    private EventRuleQueue statusEvents;

    private LocalServices(Map<String, String> environment, AwsCredentialsProvider credentials, Emulator emulator,
                          MotoEngine engine, List<String> description) {
        this.environment = new HashMap<>(environment);
        this.credentials = credentials;
        this.emulator = emulator;
        this.engine = engine;
        this.description = new ArrayList<>(description);
    }

    /**
     * Starts what the environment does not override. If anything fails on the way, what was started
     * is stopped again before the error is thrown, so nothing is left running.
     */
    public static LocalServices start(Map<String, String> env) {
        Map<String, String> environment = new HashMap<>(env);
        List<String> description = new ArrayList<>();
        environment.putIfAbsent(Variables.AWS_REGION, env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
        environment.putIfAbsent(Variables.LEDGER_TABLE, DEFAULT_TABLE);
        boolean anyLocal = false;

        Emulator emulator = null;
        MotoEngine engine = null;
        try {
            if (EMULATED.stream().anyMatch(service -> !overridden(env, service))) {
                emulator = EmulatorSettings.from(env, System.getProperties()).start();
                anyLocal = true;
            }
            for (String service : EMULATED) {
                if (!overridden(env, service)) {
                    environment.put(Variables.endpointOf(service), emulator.endpoint().toString());
                    description.add(service + ": emulator at " + emulator.endpoint() + (service.equals("SECURITY_IR")
                            ? emulator.securityIr().membership().map(m -> ", membership " + m.membershipId() + " in " + m.region()
                                    + " (a team of " + m.team().size() + ")").orElse(", no membership") : ""));
                } else {
                    description.add(service + ": " + endpoint(env, service));
                }
            }
            if (emulator != null && !overridden(env, "SSM_INCIDENTS")) {
                // The emulator knows one response plan; alarms open incidents under it unless told otherwise.
                environment.putIfAbsent(Variables.DEFAULT_RESPONSE_PLAN_ARN, IncidentManagerService.DEMO_RESPONSE_PLAN_ARN);
            }

            if (ENGINE.stream().anyMatch(service -> !overridden(env, service))) {
                engine = MotoEngine.start();
                anyLocal = true;
            }
            for (String service : ENGINE) {
                if (!overridden(env, service)) {
                    environment.put(Variables.endpointOf(service), engine.endpoint().toString());
                    description.add(service + ": local engine (moto " + MotoInstallation.MOTO_VERSION + ") at " + engine.endpoint());
                } else {
                    description.add(service + ": " + endpoint(env, service));
                }
            }
            AwsCredentialsProvider credentials = credentials(env, anyLocal);
            LocalServices services = new LocalServices(environment, credentials, emulator, engine, description);
            try {
                services.prepare(env);
            } catch (RuntimeException | Error e) {
                services.closeClients(e);
                throw e;
            }
            return services;
        } catch (RuntimeException | Error e) {
            stopQuietly(emulator, engine, e);
            throw e;
        }
    }

    private static void stopQuietly(Emulator emulator, MotoEngine engine, Throwable failure) {
        for (AutoCloseable started : new AutoCloseable[] {emulator, engine}) {
            if (started != null) {
                try {
                    started.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
        }
    }

    /**
     * The ledger table (on the local engine, or on an endpoint the user named that lacks it), and on
     * the local engine the failure queue and the status events' rule and queue.
     */
    private void prepare(Map<String, String> env) {
        String table = environment.get(Variables.LEDGER_TABLE);
        ownClients = clients();
        try (DynamoDbClient dynamo = ownClients.dynamoDb()) {
            if (!overridden(env, "DYNAMODB")) {
                LedgerTableDefinition.fromClasspath().createTable(dynamo, table);
            } else {
                ensureLedgerTable(dynamo, table);
            }
        }
        describeTable(table);
        if (!overridden(env, "SQS")) {
            sqs = SqsClient.builder().region(ownClients.region()).credentialsProvider(credentials)
                    .endpointOverride(URI.create(environment.get(Variables.AWS_ENDPOINT_URL_SQS)))
                    .httpClient(UrlConnectionHttpClient.create()).build();
            String url = FailureQueueDefinition.fromClasspath().create(sqs, FAILURE_QUEUE);
            environment.putIfAbsent(FAILURE_QUEUE_URL, url);
            description.add("failure queue: " + url);
            if (!overridden(env, "EVENTBRIDGE")) {
                String bus = environment.getOrDefault(Variables.EVENT_BUS_NAME, "default");
                statusEvents = EventRuleQueue.create(ownClients.eventBridge(), sqs, bus, STATUS_EVENTS,
                        EventRuleQueue.pattern(StatusChange.SOURCE, StatusChange.DETAIL_TYPE), Duration.ZERO);
                description.add("status events: rule " + STATUS_EVENTS + " on bus " + bus + " -> " + statusEvents.queueUrl());
            }
        }
    }

    private void describeTable(String table) {
        int at = description.indexOf(description.stream().filter(line -> line.startsWith("DYNAMODB: ")).findFirst().orElseThrow());
        description.set(at, description.get(at) + ", table " + table);
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
        if (!anyLocal && !env.containsKey(Variables.AWS_ENDPOINT_URL_SECURITY_IR)) {
            throw new IllegalStateException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are required to replay against AWS");
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("replay", "replay"));
    }

    /** A LocalStack (or other) DynamoDB endpoint starts empty: give it the template's table. */
    private void ensureLedgerTable(DynamoDbClient dynamo, String table) {
        try {
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
        return env.containsKey(Variables.endpointOf(service)) || env.containsKey(Variables.AWS_ENDPOINT_URL);
    }

    private static String endpoint(Map<String, String> env, String service) {
        return env.getOrDefault(Variables.endpointOf(service), env.get(Variables.AWS_ENDPOINT_URL));
    }

    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    public Settings settings() {
        return new Settings(environment);
    }

    /** The credentials the clients sign with: the environment's access key, else any (the local stand-ins accept any). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public ClientFactory clients() {
        return new ClientFactory(settings(), credentials);
    }

    /** The embedded emulator, or null when every emulated service has an endpoint override. */
    public Emulator emulator() {
        return emulator;
    }

    /** The local engine, or null when DynamoDB, SQS and EventBridge all have endpoint overrides. */
    public MotoEngine engine() {
        return engine;
    }

    /** The queue the product's status events reach on the local engine; empty when EventBridge or SQS is elsewhere. */
    public Optional<EventRuleQueue> statusEvents() {
        return Optional.ofNullable(statusEvents);
    }

    public void describe(PrintStream out) {
        description.forEach(line -> out.println("  " + line));
    }

    @Override
    public void close() {
        try {
            closeClients(null);
            if (emulator != null) {
                emulator.close();
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
    }

    private void closeClients(Throwable failure) {
        for (AutoCloseable client : new AutoCloseable[] {sqs, ownClients}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
    }
}
