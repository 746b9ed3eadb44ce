package io.incidentresponse.shared.function;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.clients.PrimingHttpClient;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.pipeline.SignalSource;
import io.incidentresponse.shared.signal.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * SnapStart's priming hook (template parameter {@code SnapStart}): before
 * Lambda takes the snapshot of an initialized container, one whole invocation runs on a bundled
 * sample event through the function's own pipeline, settings and routing, so that the event
 * reading, routing, tracking, request marshalling, signing and response code is loaded and has run
 * once; after a restore the first real invocation finds it warm.
 *
 * <p>Uniqueness (what a snapshot must not carry into every restored container): the priming
 * invocation runs on clients of its own over {@link PrimingHttpClient}, which answers every
 * request in memory, with fixed dummy credentials; it is thrown away afterwards. So no connection,
 * TLS session, credential or service-side effect exists before the snapshot, the function's own
 * clients have made no call yet (the targets' clients are not even built, {@link FirstUse}), and
 * no case, ledger item or log line of the invocation comes of it (one line says it was primed).
 * The claim owner a priming run draws comes from {@link java.util.UUID#randomUUID()}, i.e. {@code
 * SecureRandom}, which reads the kernel's random source on every call and so stays unique after a
 * restore. On a JVM without CRaC (tests, local runs, Lambda without SnapStart) {@link #register()}
 * is a no-op and nothing is primed.
 */
public final class Priming implements Resource {
    private final Supplier<?> prime;
    private final JsonLog log;
    private volatile Object primed;

    Priming(Supplier<?> prime, JsonLog log) {
        this.prime = prime;
        this.log = log;
    }

    /** The GuardDuty finding function's: a sample finding (severity 8) through its pipeline. */
    public static Priming findings(Settings env) {
        return new Priming(() -> invoke(new FindingSource(), env, "priming-finding.json"),
                JsonLog.toStdout(Metrics.functionName(env, SignalFunction.FINDINGS)));
    }

    /** The alarm function's: a sample alarm in ALARM through its pipeline. */
    public static Priming alarms(Settings env) {
        return new Priming(() -> invoke(SignalFunction.alarmSource(SignalSettings.from(env)), env, "priming-alarm.json"),
                JsonLog.toStdout(Metrics.functionName(env, SignalFunction.ALARMS)));
    }

    /**
     * The case poller's: a scheduled run over a ledger that answers "nothing due" (its queries, the
     * run's bookkeeping and its report; no status is fetched, so the status and EventBridge clients
     * stay unprimed).
     */
    public static Priming poller(Settings env) {
        return new Priming(() -> poll(env, new PrimingHttpClient()), JsonLog.toStdout(Metrics.functionName(env, PollerFunction.NAME)));
    }

    /**
     * Registers with the JVM's checkpoint context. The context holds resources weakly: the caller
     * keeps the returned object for as long as the function lives.
     */
    public Priming register() {
        Core.getGlobalContext().register(this);
        return this;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        log.info("restored from a SnapStart snapshot", "primed", primed != null);
    }

    /**
     * Runs the priming invocation. It never fails the snapshot: whatever goes wrong is logged, and
     * the snapshot is taken unprimed (its first invocation is then as cold as without SnapStart's
     * priming, no worse). Returns the priming invocation's result (an outcome, a poll report), null
     * if it failed. (Public for the cold-start harness, which measures a primed first invocation.)
     */
    public Object prime() {
        try {
            primed = prime.get();
            log.info("primed for the SnapStart snapshot", "result", primed instanceof Outcome outcome ? outcome.status() : "poll run");
        } catch (RuntimeException | LinkageError e) {
            log.warn("priming failed; the snapshot is taken without it", "error", e.toString());
        }
        return primed;
    }

    /** One invocation of the function's pipeline on priming clients; the outcome is discarded by the caller. */
    static Outcome invoke(SignalSource source, Settings env, String event) {
        return invoke(source, env, event, new PrimingHttpClient());
    }

    static Outcome invoke(SignalSource source, Settings env, String event, PrimingHttpClient http) {
        SignalSettings settings = SignalSettings.from(env);
        try (ClientFactory clients = primingClients(env, http);
             InputStream input = Priming.class.getResourceAsStream(event)) {
            if (input == null) {
                throw new IllegalStateException("the priming event " + event + " is not on the class path");
            }
            // The function's own composition, on these clients, logging nothing.
            SignalPipeline pipeline = SignalFunction.pipeline(source, settings, clients, SignalFunction.Output.discard(), Clock.systemUTC());
            Outcome outcome = pipeline.handle(input);
            EventJson.write(outcome);   // as the handler writes it: the serializer is primed too
            return outcome;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One scheduled run of the poller on priming clients; returns what it wrote. */
    static String poll(Settings env, PrimingHttpClient http) {
        try (ClientFactory clients = primingClients(env, http);
             InputStream input = Priming.class.getResourceAsStream("priming-poll.json")) {
            var requests = PollerFunction.create(env, clients, Clock.systemUTC(), JsonLog.discard());
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            requests.handle(input, output, () -> 30_000);
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function's client settings (region, endpoints, retries) over the in-memory HTTP client, with dummy credentials. */
    private static ClientFactory primingClients(Settings env, PrimingHttpClient http) {
        return new ClientFactory(env, StaticCredentialsProvider.create(AwsBasicCredentials.create("SNAPSTARTPRIMING", "never-sent")), http);
    }
}
