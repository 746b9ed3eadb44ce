package io.incidentresponse.local.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Offline emulator of the AWS Security Incident Response and Incident Manager APIs, which no
 * open-source engine emulates, served over HTTP on one port with the JDK's {@link HttpServer}.
 * (EventBridge, SQS and DynamoDB are the local AWS engine's: see {@code local.engine}.)
 * Requests are dispatched on the SigV4 credential-scope service ({@code security-ir},
 * {@code ssm-incidents}; signatures are not verified). Unsigned rest-json requests go to the
 * service whose model has the path. Point AWS SDK clients at {@link #endpoint()} with
 * {@code endpointOverride} and any static credentials.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.start()) {
 *   SecurityIrClient client = SecurityIrClient.builder().endpointOverride(emulator.endpoint())...;
 *   emulator.faults().throttle("CreateCase", 2);
 *   ...
 *   assertEquals(1, emulator.securityIr().cases().size());
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    /** The account id in every ARN the emulator makes. */
    public static final String ACCOUNT_ID = "000000000000";

    /** The region used when a request carries no SigV4 credential scope. */
    public static final String DEFAULT_REGION = "us-east-1";

    /** The principal recorded as creator of comments and incidents. */
    public static final String CALLER_ARN = "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/emulator/local";

    private static final int THREADS = 16;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Faults faults = new Faults();
    private final CallLog log = new CallLog();
    private final SecurityIrService securityIr;
    private final IncidentManagerService incidentManager;
    private final List<RestJsonEndpoint> restEndpoints = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Emulator(HttpServer server, Clock clock) {
        this.server = server;
        this.securityIr = new SecurityIrService(clock);
        this.incidentManager = new IncidentManagerService(clock);
        restEndpoints.add(new RestJsonEndpoint(ServiceModel.securityIr(), securityIr::invoke));
        restEndpoints.add(new RestJsonEndpoint(ServiceModel.incidentManager(), incidentManager::invoke));
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "emulator-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Starts on an ephemeral loopback port. */
    public static Emulator start() {
        return start(0);
    }

    /** Starts on {@code port} of the loopback interface; 0 picks an ephemeral port. */
    public static Emulator start(int port) {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), port);
    }

    /** Starts on {@code host:port}, such as {@code 0.0.0.0} to be reachable from containers. */
    public static Emulator start(String host, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            Emulator emulator = new Emulator(server, Clock.systemUTC());
            startAsDaemon(server);
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    /**
     * The JDK's server makes its dispatcher thread with the daemon status of the thread that calls
     * start(), and it is non-daemon from main: a command that failed before close() would then never
     * exit. Started from a daemon thread, the emulator can never keep a JVM alive.
     */
    private static void startAsDaemon(HttpServer server) {
        Thread starter = new Thread(server::start, "emulator-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IllegalStateException("interrupted while starting the emulator", e);
        }
    }

    /** The base URI for {@code endpointOverride}, such as {@code http://127.0.0.1:49152}. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress().getHostAddress()
                : address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Faults faults() {
        return faults;
    }

    /** Calls received, per-operation counts and rejected requests. */
    public CallLog log() {
        return log;
    }

    public SecurityIrService securityIr() {
        return securityIr;
    }

    public IncidentManagerService incidentManager() {
        return incidentManager;
    }

    /** Forgets all state, calls, faults and registered response plans, as if freshly started. */
    public void reset() {
        securityIr.clear();
        incidentManager.clear();
        log.clear();
        faults.clear();
    }

    /** Stops serving immediately and releases the port and threads; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            HttpCall call = new HttpCall(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    exchange.getRequestBody().readAllBytes());
            Reply reply = dispatch(call);
            sleep(faults.latencyFor(reply.service(), reply.operation()));
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            boolean empty = reply.body().length == 0;
            exchange.sendResponseHeaders(reply.status(), empty ? -1 : reply.body().length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            // The client went away; nothing left to answer.
        }
    }

    private Reply dispatch(HttpCall call) {
        String service = call.signingService();
        String region = call.signingRegion() != null ? call.signingRegion() : DEFAULT_REGION;
        CallContext context = new CallContext(region, ACCOUNT_ID, CALLER_ARN);
        for (RestJsonEndpoint endpoint : restEndpoints) {
            if (service != null ? endpoint.service().equals(service) : endpoint.routes(call)) {
                return safely(endpoint.service(), call.signingRegion(), () -> endpoint.handle(call, context, faults, log));
            }
        }
        ApiException e = new ApiException(404, "UnknownOperationException",
                "The emulator serves no service "
                        + (service == null ? "for " + call.method() + " " + call.rawPath() : service));
        log.rejected(service == null ? "unknown" : service, RestJsonEndpoint.UNKNOWN_OPERATION, call.signingRegion(), e);
        return plainError(service, RestJsonEndpoint.UNKNOWN_OPERATION, e);
    }

    /** Answers 500 InternalServerException if the emulator itself fails, instead of dropping the call. */
    private Reply safely(String service, String region, Supplier<Reply> work) {
        try {
            return work.get();
        } catch (RuntimeException bug) {
            ApiException e = new ApiException(500, "InternalServerException", "Emulator failure: " + bug);
            log.failed(service, "InternalError", region, e);
            return plainError(service, "InternalError", e);
        }
    }

    private static Reply plainError(String service, String operation, ApiException e) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", e.errorType());
        return new Reply(service, operation, e.status(), headers,
                Json.bytes(Json.object().put("__type", e.errorType()).put("message", e.getMessage())));
    }

    private static void sleep(Duration delay) {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
