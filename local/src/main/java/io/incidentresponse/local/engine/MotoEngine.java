package io.incidentresponse.local.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * moto's AWS server (DynamoDB, SQS, EventBridge and the rest of what moto emulates) in a child
 * process on a free loopback port, for real AWS SDK clients to reach with endpoint overrides.
 *
 * <pre>{@code
 * try (MotoEngine engine = MotoEngine.start()) {
 *     URI endpoint = engine.endpoint();   // AWS_ENDPOINT_URL_DYNAMODB, _SQS, _EVENTBRIDGE
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} installs moto first if this machine does not have it yet
 * ({@link MotoInstallation}), starts {@code serve_moto.py} (bundled with this class: moto's server
 * with every request handled under one lock, so that conditional writes are atomic; see that
 * script), and returns once the engine has answered a first DynamoDB request. The state is in the
 * child's memory: every engine starts empty, and {@link #close()} ends it. The child also ends
 * when this JVM does, however it ends: a shutdown hook stops it, and it exits by itself when its
 * standard input (a pipe from this JVM) closes, which the operating system does when this JVM is
 * killed.
 *
 * <p>moto accepts any credentials and keeps separate data per region (and account): clients must
 * use the same region to see the same tables, queues and rules.
 */
public final class MotoEngine implements AutoCloseable {
    /** Region of {@link #dynamoDb()}. */
    public static final Region REGION = Region.US_EAST_1;
    /** moto checks that a request is signed, not by whom. */
    public static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("local", "local");

    static final String SCRIPT = "serve_moto.py";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final int OUTPUT_LINES_KEPT = 200;

    private final Process process;
    private final URI endpoint;
    private final Deque<String> output;
    private volatile Duration startupTime = Duration.ZERO;
    private final DynamoDbClient dynamoDb;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MotoEngine(Process process, URI endpoint, Deque<String> output) {
        this.process = process;
        this.endpoint = endpoint;
        this.output = output;
        this.dynamoDb = client(DynamoDbClient.builder(), endpoint);
        this.shutdownHook = new Thread(this::stopProcess, "moto-engine-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Installs moto if needed (saying so on stderr), then starts an engine. */
    public static MotoEngine start() {
        return start(MotoInstallation.fromEnvironment(System.getenv()), System.err);
    }

    /**
     * Starts an engine from this installation, creating it first if it is incomplete.
     *
     * @param progress where the installation says what it installs, on first use only
     * @throws EngineUnavailableException if Python or moto cannot be installed, or the engine does
     *     not start or answer; the message names the prerequisite or carries the engine's output
     */
    public static MotoEngine start(MotoInstallation installation, PrintStream progress) {
        long started = System.nanoTime();
        Path python = installation.ensureInstalled(progress);
        Path script = writeScript(installation.directory());
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(python.toString(), "-u", script.toString()).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            // The engine is for this toolkit alone: nothing from the user's AWS set-up leaks in.
            env.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MOTO_"));
            env.put("PYTHONUNBUFFERED", "1");
            process = builder.start();
        } catch (IOException e) {
            throw new EngineUnavailableException("Cannot start the local AWS engine (" + python + " " + script + "): "
                    + e.getMessage(), e);
        }
        Deque<String> output = new ArrayDeque<>();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process.getInputStream(), output, listening), "moto-engine-output");
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(() -> listening.completeExceptionally(
                new EngineUnavailableException("exited with status " + process.exitValue())));

        URI endpoint;
        try {
            endpoint = listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException ? "did not report a port within " + START_TIMEOUT.toSeconds() + " s"
                    : e.getCause().getMessage();
            stop(process);
            awaitOutput(reader);
            throw new EngineUnavailableException("The local AWS engine (" + python + " " + script + ") " + why
                    + describeOutput(output), e);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("Interrupted while starting the local AWS engine", e);
        }
        MotoEngine engine = new MotoEngine(process, endpoint, output);
        try {
            engine.dynamoDb.listTables(request -> request.limit(1));
        } catch (RuntimeException e) {
            engine.close();
            throw new EngineUnavailableException("The local AWS engine listens on " + endpoint + " but does not answer: "
                    + e.getMessage() + describeOutput(output), e);
        }
        engine.startupTime = Duration.ofNanos(System.nanoTime() - started);
        return engine;
    }

    /** The bundled script, written beside the installation (rewritten only when it differs). */
    private static Path writeScript(Path directory) {
        Path target = directory.resolve(SCRIPT);
        try (InputStream in = MotoEngine.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new EngineUnavailableException("No " + SCRIPT + " beside " + MotoEngine.class.getName() + " on the class path");
            }
            byte[] content = in.readAllBytes();
            if (Files.isRegularFile(target) && java.util.Arrays.equals(Files.readAllBytes(target), content)) {
                return target;
            }
            // Several JVMs may start engines at once: each writes its own file and moves it into place.
            Path temporary = Files.createTempFile(directory, SCRIPT, ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new EngineUnavailableException("Cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** The last lines of a process that has ended, for the error message. */
    private static void awaitOutput(Thread reader) {
        try {
            reader.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readOutput(InputStream stream, Deque<String> output, CompletableFuture<URI> listening) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > OUTPUT_LINES_KEPT) {
                        output.removeFirst();
                    }
                }
                Matcher matcher = LISTENING.matcher(line);
                if (!listening.isDone() && matcher.find()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            // The process ended; its exit is reported by onExit.
        }
    }

    private static String describeOutput(Deque<String> output) {
        synchronized (output) {
            return output.isEmpty() ? " (it printed nothing)" : "; its output:\n  " + String.join("\n  ", output);
        }
    }

    /** Base URL for {@code endpointOverride} of every service, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * A DynamoDB client for this engine in {@link #REGION}, with dummy credentials. It belongs to this
     * instance and is closed by {@link #close()}.
     */
    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /**
     * Any service's client for this engine, as {@link #dynamoDb()} is (region, dummy credentials,
     * the URL-connection client); the caller closes it.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder) {
        return client(builder, endpoint);
    }

    /** The same for any endpoint that, like this engine, takes any credentials (LocalStack, dynalite). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** From {@link #start()} to the first answer, the installation (if any) included. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The engine's process id (for tests and diagnostics). */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** The last lines the engine printed. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Stops the engine; its data is gone. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            dynamoDb.close();
        } finally {
            stopProcess();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // Called from another shutdown hook: ours runs too, and finds the process gone.
            }
        }
    }

    private void stopProcess() {
        stop(process);
    }

    /** Closing its standard input asks the script to exit; a process that does not is ended. */
    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Already closed: the process is going anyway.
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MotoEngine[" + endpoint + ", pid " + process.pid() + "]";
    }
}
