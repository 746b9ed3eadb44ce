package io.incidentresponse.local.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Server;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local running inside this JVM: an HTTP server on an ephemeral port of 127.0.0.1 with an
 * in-memory database, for real AWS SDK v2 clients to reach with {@code endpointOverride}.
 *
 * <pre>{@code
 * try (LocalDynamoDb ddb = LocalDynamoDb.start()) {
 *     LedgerTableDefinition.fromClasspath().createTable(ddb.client(), "incident-response-ledger");
 *     ...
 * }
 * }</pre>
 *
 * <p>The database is shared ({@code -sharedDb}): every client sees the same tables whatever its
 * credentials and region. It lives as long as this instance; {@link #close()} stops the server
 * and drops it. Instances are independent of each other. Telemetry is off.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** Region of {@link #client()}; with {@code -sharedDb} any region reaches the same tables. */
    public static final Region REGION = Region.US_EAST_1;

    /** DynamoDB Local checks that requests are signed, not by whom. */
    public static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("local", "local");

    private static final String LOOPBACK = "127.0.0.1";

    // java.util.logging keeps loggers weakly: hold it, or its level is lost to the garbage collector
    // and sqlite4java prints its INFO lines again. DynamoDB Local sets the same level, weakly.
    private static final Logger SQLITE4JAVA_LOG = Logger.getLogger("com.almworks.sqlite4java");

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final DynamoDBProxyServer server;
    private final ThreadGroup threads;
    private final URI endpoint;
    private final DynamoDbClient client;
    private volatile Duration startupTime = Duration.ZERO;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalDynamoDb(DynamoDBProxyServer server, ThreadGroup threads, URI endpoint) {
        this.server = server;
        this.threads = threads;
        this.endpoint = endpoint;
        this.client = newClient(endpoint);
    }

    /**
     * Starts DynamoDB Local in memory on a free loopback port; returns once it has answered a first
     * request (which is when it loads its native library and creates its database).
     *
     * @throws IllegalStateException if the server does not start or does not answer
     */
    public static LocalDynamoDb start() {
        long started = System.nanoTime();
        Sqlite4javaNatives.configure();
        SQLITE4JAVA_LOG.setLevel(Level.WARNING);
        // Log4j 2 (DynamoDB Local's logging) registers MBeans at start-up: ~0.1 s, unused here.
        if (System.getProperty("log4j2.disable.jmx") == null) {
            System.setProperty("log4j2.disable.jmx", "true");
        }
        String name = "dynamodb-local-" + INSTANCES.incrementAndGet();
        // Every thread the server makes (Jetty's, and DynamoDB Local's background job pool, which its
        // stop() leaves running) is made, directly or not, by this thread and so joins its group:
        // close() can then end them without touching another instance's threads.
        ThreadGroup threads = new ThreadGroup(name);
        FutureTask<Started> starting = new FutureTask<>(LocalDynamoDb::createAndStartServer);
        Thread starter = new Thread(threads, starting, name + "-start");
        starter.setDaemon(true);
        starter.start();
        Started server;
        try {
            server = starting.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("DynamoDB Local did not start: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting DynamoDB Local", e);
        }
        LocalDynamoDb dynamoDb = new LocalDynamoDb(server.proxy(), threads,
                URI.create("http://" + LOOPBACK + ":" + server.port()));
        try {
            dynamoDb.client.listTables(request -> request.limit(1));
        } catch (RuntimeException e) {
            try {
                dynamoDb.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("DynamoDB Local started on " + dynamoDb.endpoint
                    + " but does not answer: " + e.getMessage(), e);
        }
        dynamoDb.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return dynamoDb;
    }

    private record Started(DynamoDBProxyServer proxy, int port) {
    }

    private static Started createAndStartServer() {
        DynamoDBProxyServer server = createServer();
        AbstractNetworkConnector connector = bindToEphemeralLoopbackPort(server);
        try {
            // safeStart, not start: start() would report telemetry and swallow a bind failure
            // (printing it and leaving a stopped server behind); safeStart throws it.
            server.safeStart();
        } catch (Exception e) {
            stopQuietly(server, e);
            throw new IllegalStateException("DynamoDB Local did not start: " + e.getMessage(), e);
        }
        int port = connector.getLocalPort();
        if (port <= 0) {
            stopQuietly(server, null);
            throw new IllegalStateException("DynamoDB Local started without a bound port (" + port + ")");
        }
        return new Started(server, port);
    }

    /** Base URL for {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A client for this server: region us-east-1, static dummy credentials, the URL-connection HTTP
     * client. It belongs to this instance and is closed by {@link #close()}: don't close it yourself.
     */
    public DynamoDbClient client() {
        return client;
    }

    /** How long {@link #start()} took: server start, native library loading and a first request. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Closes the client, stops the server and ends the threads it leaves behind; the in-memory
     * tables are gone. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } finally {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not stop cleanly", e);
            } finally {
                endLeftoverThreads();
            }
        }
    }

    /**
     * DynamoDB Local's stop() shuts its job pool down without interrupting it: its shard rollover
     * scheduler (non-daemon) sleeps on for minutes and keeps a JVM whose main has returned alive.
     * Interrupting it ends it (its sleep turns the interrupt into an exception, caught by the pool).
     */
    private void endLeftoverThreads() {
        Thread[] alive = new Thread[threads.activeCount() + 8];
        int count = threads.enumerate(alive, true);
        for (int i = 0; i < count; i++) {
            if (alive[i] != Thread.currentThread()) {
                alive[i].interrupt();
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        for (int i = 0; i < count; i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                alive[i].join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The group of the server's threads (for tests). */
    ThreadGroup threadGroup() {
        return threads;
    }

    @Override
    public String toString() {
        return "LocalDynamoDb[" + endpoint + "]";
    }

    private static DynamoDbClient newClient(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                // Explicit: DynamoDB Local also drags Apache and Netty clients onto the class path,
                // and the SDK refuses to pick one of several by itself.
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }

    private static DynamoDBProxyServer createServer() {
        // -port must be 1..65535 for DynamoDB Local's parser; the connector is moved to an
        // ephemeral loopback port before start (see bindToEphemeralLoopbackPort).
        List<String> args = List.of("-inMemory", "-sharedDb", "-disableTelemetry", "-port", "8000");
        try {
            // What ServerRunner.createServerFromCommandLineArgs does, minus the configuration banner
            // it prints to System.out.
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalStateException("DynamoDB Local rejected its arguments " + args);
            }
            return ServerRunner.createServer(input);
        } catch (org.apache.commons.cli.ParseException e) {
            throw new IllegalStateException("DynamoDB Local rejected its arguments " + args, e);
        }
    }

    /**
     * DynamoDB Local accepts only a fixed port and binds all interfaces; its Jetty server is a
     * private field. Finds that field by type (not name, to survive a rename) and rebinds the
     * connector to 127.0.0.1, port 0, so that parallel builds never collide.
     */
    private static AbstractNetworkConnector bindToEphemeralLoopbackPort(DynamoDBProxyServer proxy) {
        Server jetty = jettyServerOf(proxy);
        List<AbstractNetworkConnector> connectors = Arrays.stream(jetty.getConnectors())
                .filter(AbstractNetworkConnector.class::isInstance)
                .map(AbstractNetworkConnector.class::cast)
                .toList();
        if (connectors.size() != 1) {
            throw new IllegalStateException("Expected one network connector in DynamoDB Local's Jetty server, found "
                    + Arrays.toString(jetty.getConnectors()) + "; has DynamoDB Local's server changed?");
        }
        AbstractNetworkConnector connector = connectors.getFirst();
        connector.setHost(LOOPBACK);
        connector.setPort(0);
        return connector;
    }

    private static Server jettyServerOf(DynamoDBProxyServer proxy) {
        List<Field> fields = Arrays.stream(DynamoDBProxyServer.class.getDeclaredFields())
                .filter(field -> Server.class.isAssignableFrom(field.getType()))
                .toList();
        if (fields.size() != 1) {
            throw new IllegalStateException("Expected one Jetty Server field in " + DynamoDBProxyServer.class.getName()
                    + ", found " + fields + "; has DynamoDB Local's server changed?");
        }
        try {
            Field field = fields.getFirst();
            field.setAccessible(true);
            return (Server) field.get(proxy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot reach DynamoDB Local's Jetty server to bind it to a free port", e);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server, Exception cause) {
        try {
            server.stop();
        } catch (Exception e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
