package io.incidentresponse.benchmarks.coldstart.probe;

import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.Priming;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.MembershipTeam;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.tracking.Sleeper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;

/**
 * Where the GuardDuty function's cold start goes, phase by phase, in a JVM started like
 * {@link ColdStartProbe}'s (the function's class path, the template's options and environment):
 * the handler class, the settings, the client factory, each client's build, Jackson's first bind
 * of the event, each client's first call, then the first invocation (what is still cold after all
 * that: its other calls, the request marshalling, the log line) and warm ones. It composes the
 * function from the same public pieces as {@code SignalFunction}, one at a time.
 *
 * <p>With {@code --primed} after the events, SnapStart's priming runs after init, as before a
 * snapshot; the phases after it are what a restored container's first invocation still pays.
 *
 * <p>Each phase ends with a line {@code coldstart-phase <name>} on stdout; with
 * {@code -Xlog:class+load:stdout} the harness counts the classes loaded between two such lines.
 * Prints the same result line as {@link ColdStartProbe}, with the phases' times.
 */
public final class PhaseProbe {
    public static final String PHASE_MARKER = "coldstart-phase ";

    private final List<String> phases = new ArrayList<>();
    private long last = System.nanoTime();

    private PhaseProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAtEpochMillis = System.currentTimeMillis();
        PhaseProbe probe = new PhaseProbe();
        boolean primed = args.length > 6 && args[6].equals("--primed");
        probe.end("JVM start to main");
        String functionName = args[1];
        int memoryMb = Integer.parseInt(args[2]);
        long timeoutMillis = Long.parseLong(args[3]) * 1000;
        byte[] firstEvent = Files.readAllBytes(Path.of(args[4]));
        byte[] warmEvent = Files.readAllBytes(Path.of(args[5]));
        ColdStartProbe.ProbeContext firstContext = new ColdStartProbe.ProbeContext(functionName, memoryMb, timeoutMillis, 1);
        ColdStartProbe.ProbeContext warmContext = new ColdStartProbe.ProbeContext(functionName, memoryMb, timeoutMillis, 2);
        probe.end("probe's own set-up");
        long initStarted = System.nanoTime();

        probe.time("handler class loaded and initialized", () -> Class.forName(GuardDutyFindingHandler.class.getName()));
        Settings env = probe.time("settings read (environment, routing rules)", Settings::fromEnvironment);
        SignalSettings settings = probe.time("signal settings parsed", () -> SignalSettings.from(env));
        ClientFactory clients = probe.time("client factory (URL-connection HTTP client)", () -> new ClientFactory(env,
                software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider.create()));
        DynamoDbClient dynamo = probe.time("DynamoDB client built", clients::dynamoDb);
        SecurityIrClient securityIr = probe.time("Security IR client built", clients::securityIr);
        SsmIncidentsClient incidents = probe.time("Incident Manager client built", clients::ssmIncidents);
        JsonLog log = JsonLog.toStdout(functionName);
        Clock clock = Clock.systemUTC();
        MembershipTeam team = new MembershipTeam(securityIr, clients.securityIrRegion().id(), settings.membershipRefresh(), clock, log);
        GuardDutyFindingHandler handler = probe.time("pipeline and handler composed", () -> {
            Map<Target, CaseTarget> targets = new EnumMap<>(Target.class);
            targets.put(Target.SECURITY_IR, new SecurityIrCases(securityIr, team));
            targets.put(Target.INCIDENT_MANAGER, new IncidentManagerIncidents(incidents));
            return new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), settings,
                    new DynamoDbLedger(dynamo, settings.ledgerTable()), targets, clock, Sleeper.REAL, log));
        });
        long initMs = System.nanoTime() - initStarted;
        long firstStarted = System.nanoTime();
        if (primed) {
            // What SnapStart's hook does before the snapshot: after a restore, all of the above and
            // this are done; the phases below are then what the first invocation still pays.
            probe.time("SnapStart priming (before the snapshot; not in a restored start)", () -> Priming.findings(env).prime());
        }
        probe.time("Jackson: the ObjectMapper built (EventJson initialized)", () -> EventJson.MAPPER);
        probe.time("Jackson: the event's tree read", () -> EventJson.MAPPER.readTree(firstEvent));
        probe.time("envelope and finding read (tolerant reader over the tree)", () -> FindingSignals.fromEvent(
                EventJson.readEnvelope(new ByteArrayInputStream(firstEvent), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE)));
        probe.time("DynamoDB first call (Query)", () -> new DynamoDbLedger(dynamo, settings.ledgerTable()).latest("coldstart#phase-probe"));
        probe.time("Security IR first calls (ListMemberships, GetMembership)", team::current);
        byte[] firstOutput = probe.time("first invocation, the rest (PutItem, CreateCase, UpdateItem, log)",
                () -> ColdStartProbe.invoke(handler, firstEvent, firstContext));
        long firstMs = System.nanoTime() - firstStarted;
        long firstDoneAtEpochMillis = System.currentTimeMillis();
        byte[] warmOutput = probe.time("warm invocation", () -> ColdStartProbe.invoke(handler, warmEvent, warmContext));

        System.out.println(ColdStartProbe.MARKER
                + ",\"handler\":" + ColdStartProbe.quote(GuardDutyFindingHandler.class.getName())
                + ",\"java\":" + ColdStartProbe.quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                + ",\"mainAtEpochMillis\":" + mainAtEpochMillis
                + ",\"firstDoneAtEpochMillis\":" + firstDoneAtEpochMillis
                + ",\"initMs\":" + ColdStartProbe.millis(initMs)
                + ",\"firstInvokeMs\":" + ColdStartProbe.millis(firstMs)
                + ",\"peakRssKb\":" + ColdStartProbe.procStatusKb("VmHWM:")
                + ",\"isolatedClassPath\":true"
                + ",\"phases\":[" + String.join(",", probe.phases) + "]"
                + ",\"first\":" + ColdStartProbe.json(firstOutput)
                + ",\"warm\":[" + ColdStartProbe.json(warmOutput) + "]"
                + "}");
        System.out.flush();
        System.exit(0);
    }

    private <T> T time(String phase, Callable<T> work) throws Exception {
        last = System.nanoTime();
        T result = work.call();
        end(phase);
        return result;
    }

    private void end(String phase) {
        long now = System.nanoTime();
        phases.add("{\"name\":" + ColdStartProbe.quote(phase) + ",\"ms\":" + ColdStartProbe.millis(now - last) + "}");
        System.out.println(PHASE_MARKER + phase);
        last = System.nanoTime();
    }
}
