package io.incidentresponse.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.benchmarks.coldstart.probe.ColdStartProbe;
import io.incidentresponse.benchmarks.coldstart.probe.EchoHandler;
import io.incidentresponse.benchmarks.coldstart.probe.PhaseProbe;
import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.emulator.CallLog;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.engine.MotoEngine;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.StatusChange;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Cold starts of the three Lambda functions, measured locally: for each function, {@code runs}
 * fresh JVMs (after {@code warmup} unmeasured ones; the functions take turns, one launch each per
 * round), each started the way Lambda starts one (see BENCHMARKS.md, "Cold start"):
 *
 * <ul>
 *   <li>class path: the function's deployment artifact as {@code sam build} lays it out (its jar and
 *       {@code functions/<name>/target/lambda/lib/*.jar}) plus {@code benchmarks-coldstart-probe.jar}, which
 *       holds {@link ColdStartProbe} alone;</li>
 *   <li>JVM options: template.yaml's {@code JAVA_TOOL_OPTIONS}, through that variable;</li>
 *   <li>environment: cleared, then the function's variables from template.yaml (parameter
 *       defaults), the ones Lambda sets, dummy credentials, and endpoints of the local AWS engine
 *       (moto: DynamoDB and EventBridge) and the emulator (Security IR and Incident Manager) that
 *       this process runs: nothing leaves the machine.</li>
 * </ul>
 *
 * <p>Every launch gets an empty ledger table of its own and a reset emulator, so the first
 * invocation really opens a case or an incident; after it, the launch is checked (see
 * {@link LambdaFunction#check}) and its table deleted. Prints one line per function: init (handler
 * class loading and constructor), first and warm invocation, heap after the first invocation,
 * peak RSS, JVM start to main, and the JVM's wall time from launch to exit.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.incidentresponse.benchmarks.coldstart.ColdStart [--runs 5] ...
 * }</pre>
 */
public final class ColdStart {


    /** Longest a launch may take before it counts as hung. */
    private static final long LAUNCH_TIMEOUT_SECONDS = 120;
    private static final String REGION = "us-east-1";

    /**
     * One measured launch. Times in milliseconds, memory in MB (2^20 bytes); start to first response
     * is from launching the process to the end of the first invocation; warm figures are the
     * launch's median over its warm invocations.
     */
    record Launch(double loadMs, double constructMs, double initMs, double firstInvokeMs, double warmInvokeMs, double warmCpuMs,
                  double heapAfterFirstMb, double peakRssMb, double jvmToMainMs, double startToFirstMs, double wallMs, String runtime,
                  List<Phase> phases) {
    }

    /** A phase of PhaseProbe's breakdown: its time, and the classes loaded in it (all, and those from the CDS archive) where logged. */
    record Phase(String name, double ms, int classes, int sharedClasses) {
    }

    private final Options options;
    private final Path probeJar;
    private final Path peerScript;
    private final Path work;
    private final LedgerTableDefinition ledger = LedgerTableDefinition.fromClasspath();
    private int launches;

    private ColdStart(Options options, Path work) {
        this.options = options;
        this.probeJar = options.root().resolve("benchmarks/target/benchmarks-coldstart-probe.jar");
        this.peerScript = options.root().resolve("benchmarks/peer/signal_peer.py");
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.println(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        Path work = Files.createTempDirectory("coldstart-");
        boolean ok = false;
        try {
            Map<Contender, List<Launch>> results = new ColdStart(options, work).run();
            System.out.println();
            System.out.print(options.phases() ? ResultsTable.phases(results) : ResultsTable.table(results));
            ok = true;
        } catch (LaunchFailed e) {
            System.err.println();
            System.err.println("cold start FAILED: " + e.getMessage());
            System.err.println("(launch output kept in " + work + ")");
            System.exit(1);
        } finally {
            if (ok && !options.verbose()) {
                deleteRecursively(work);
            } else if (ok) {
                System.err.println("(--verbose: every launch's output kept in " + work + ")");
            }
        }
    }

    private Map<Contender, List<Launch>> run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(probeJar)) {
            throw new LaunchFailed(probeJar + " is missing: package the benchmarks module first"
                    + " (./mvnw -B -q -pl benchmarks -am package -DskipTests; ./dev coldstart does)");
        }
        if (options.python() != null && !Files.isRegularFile(peerScript)) {
            throw new LaunchFailed(peerScript + " is missing");
        }
        List<Contender> rows = options.phases() ? Contender.PHASE_ROWS
                : Contender.rows(options.functions(), options.python() != null, options.baseline() != null);
        Map<Contender, List<Path>> classPaths = new LinkedHashMap<>();
        for (Contender row : rows) {
            try {
                classPaths.put(row, row.function().classPath(row.baseline() ? options.baseline() : options.root()));
            } catch (IllegalStateException e) {
                throw new LaunchFailed(e.getMessage());
            }
        }
        List<Path> helloClassPath = helloClassPath(Contender.HELLO.function().classPath(options.root()));
        FunctionTemplate sample = FunctionTemplate.read(options.functions().getFirst().logicalId, Map.of("LedgerTable", "-"));
        PrintStream log = System.err;
        log.printf("cold start: %d launches of each of %s (+%d warm-up), %d warm invocations each, java %s, python %s,"
                        + " JAVA_TOOL_OPTIONS=%s%n", options.runs(), rows.stream().map(Contender::name).toList(), options.warmup(),
                options.warm(), options.java(), options.python() == null ? "none (no peer)" : options.python(), javaToolOptions(sample));
        Map<Contender, List<Launch>> results = new LinkedHashMap<>();
        Map<LambdaFunction, List<Path>> events = new LinkedHashMap<>();
        for (LambdaFunction function : LambdaFunction.values()) {
            JsonNode first = EventJson.MAPPER.readTree(options.root().resolve(function.sampleEvent).toFile());
            List<Path> files = new ArrayList<>();
            for (int i = 0; i <= (options.phases() ? 1 : options.warm()); i++) {
                Path file = work.resolve(function.name + "-" + i + ".json");
                // One line each: the hello handler echoes it into the probe's one-line result.
                Files.write(file, EventJson.MAPPER.writeValueAsBytes(i == 0 ? first : function.warmEvent(first, i)));
                files.add(file);
            }
            events.put(function, files);
        }
        rows.forEach(row -> results.put(row, new ArrayList<>()));
        try (MotoEngine engine = MotoEngine.start(); Emulator emulator = Emulator.start()) {
            // Round robin, one launch of each contender in turn, so that a burst of load from
            // elsewhere on the machine spreads over all of them instead of landing on one.
            for (int round = 0; round < options.warmup() + options.runs(); round++) {
                boolean warmup = round < options.warmup();
                for (Contender row : rows) {
                    List<Path> classPath = row.kind() == Contender.Kind.HELLO ? helloClassPath
                            : classPaths.get(row);
                    Launch launch = launch(row, classPath, events.get(row.function()), engine, emulator);
                    log.printf(Locale.ROOT, "  %-30s %-8s start to first response %7.1f ms (init %7.1f, first invoke %7.1f),"
                                    + " warm invoke %6.1f ms (CPU %5.1f), peak RSS %5.0f MB%n", row.name(),
                            warmup ? "warm-up" : "run " + (round - options.warmup() + 1), launch.startToFirstMs(),
                            launch.initMs(), launch.firstInvokeMs(), launch.warmInvokeMs(), launch.warmCpuMs(), launch.peakRssMb());
                    if (!warmup) {
                        results.get(row).add(launch);
                    }
                }
            }
        }
        String java = results.get(rows.getFirst()).getFirst().runtime();
        System.out.printf("%nFunctions' JVM: %s (%s); JAVA_TOOL_OPTIONS=%s; %d CPUs%n", java, options.java(), javaToolOptions(sample),
                Runtime.getRuntime().availableProcessors());
        if (!java.contains(" 21.")) {
            System.out.println("NOTE: not a JDK 21 (Lambda's java21 runtime is Corretto 21): these figures are for " + java);
        }
        results.entrySet().stream().filter(e -> e.getKey().kind() == Contender.Kind.PEER).findFirst()
                .ifPresent(e -> System.out.printf("Peer: %s (%s)%n", e.getValue().getFirst().runtime(), options.python()));
        System.out.printf("Load average at the end: %s%n", loadAverage());
        return results;
    }

    /** The hello handler's class path: the Lambda interfaces (the guardduty function's aws-lambda-java-core jar) and the probe. */
    private static List<Path> helloClassPath(List<Path> functionClassPath) {
        return functionClassPath.stream().filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-core-")).toList();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private String javaToolOptions(FunctionTemplate template) {
        return javaToolOptions(template, false);
    }

    /** The template's JAVA_TOOL_OPTIONS and --jvm-opt, or --baseline-jvm-opt for the baseline rows. */
    private String javaToolOptions(FunctionTemplate template, boolean baseline) {
        String fromTemplate = template.environment().getOrDefault(FunctionTemplate.JAVA_TOOL_OPTIONS, "");
        return Stream.concat(Stream.of(fromTemplate), (baseline ? options.baselineJvmOptions() : options.jvmOptions()).stream())
                .filter(s -> !s.isBlank()).collect(Collectors.joining(" "));
    }

    private Launch launch(Contender row, List<Path> classPath, List<Path> events, MotoEngine engine, Emulator emulator)
            throws IOException, InterruptedException {
        LambdaFunction function = row.function();
        int number = ++launches;
        String table = "coldstart-" + function.name + "-" + number;
        emulator.reset();
        if (row.callsServices()) {
            ledger.createTable(engine.dynamoDb(), table);
        }
        // What the poller publishes, delivered by a rule on the default bus to a queue of its own.
        try (EventBridgeClient eventBridge = engine.client(EventBridgeClient.builder());
             SqsClient sqs = engine.client(SqsClient.builder());
             EventRuleQueue statusEvents = function == LambdaFunction.CASE_POLLER
                     ? EventRuleQueue.create(eventBridge, sqs, "default", table,
                             EventRuleQueue.pattern(StatusChange.SOURCE, StatusChange.DETAIL_TYPE), Duration.ZERO)
                     : null) {
            FunctionTemplate template = FunctionTemplate.read(function.logicalId, Map.of("LedgerTable", table));
            Map<String, String> environment = environment(function, template, engine, emulator);
            environment.put(FunctionTemplate.JAVA_TOOL_OPTIONS, javaToolOptions(template, row.baseline()));
            if (row.callsServices()) {
                function.prepare(environment, emulator, options.root());
            }
            Map<String, Integer> before = successfulCalls(emulator.log());
            List<String> command = command(row, template, classPath, events);
            String label = row.name().replace(' ', '-') + "-" + number;
            Path stdout = work.resolve(label + ".out");
            Path stderr = work.resolve(label + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);

            long launchedAtEpochMillis = System.currentTimeMillis();
            long started = System.nanoTime();
            Process process = builder.start();
            boolean exited = process.waitFor(LAUNCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long wallNanos = System.nanoTime() - started;
            if (!exited) {
                process.destroyForcibly().waitFor();
                throw new LaunchFailed(row.name() + " launch " + number + " did not end within " + LAUNCH_TIMEOUT_SECONDS + " s; "
                        + tail(stderr));
            }
            if (process.exitValue() != 0) {
                throw new LaunchFailed(row.name() + " launch " + number + " exited with " + process.exitValue() + ": " + tail(stderr)
                        + "\n" + tail(stdout));
            }
            String line = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(ColdStartProbe.MARKER)).reduce((a, b) -> b)
                    .orElseThrow(() -> new LaunchFailed(row.name() + " launch " + number + " printed no probe line: " + tail(stdout)));
            if (options.verbose()) {
                System.err.println(line);
            }
            JsonNode probe = EventJson.MAPPER.readTree(line);
            Map<String, Integer> calls = new TreeMap<>(difference(successfulCalls(emulator.log()), before));
            if (statusEvents != null) {
                calls.put(LambdaFunction.STATUS_EVENTS_DELIVERED, statusEvents.received().size());
            }
            List<JsonNode> outputs = new ArrayList<>();
            outputs.add(probe.path("first"));
            probe.path("warm").forEach(outputs::add);
            List<String> problems = new ArrayList<>();
            if (outputs.size() != events.size()) {
                problems.add(events.size() + " invocations expected, " + outputs.size() + " reported");
            } else {
                problems.addAll(row.check(EventJson.MAPPER.readTree(events.getFirst().toFile()), outputs, calls));
            }
            if (!probe.path("isolatedClassPath").asBoolean(false)) {
                problems.add("the probe's class path reaches classes outside the function's artifact (benchmarks, local or JMH)");
            }
            if (!problems.isEmpty()) {
                throw new LaunchFailed(row.name() + " launch " + number + ": " + String.join("; ", problems)
                        + " (emulator calls: " + calls + ")");
            }
            return new Launch(probe.path("loadMs").asDouble(), probe.path("constructMs").asDouble(), probe.path("initMs").asDouble(),
                    probe.path("firstInvokeMs").asDouble(), probe.path("warmInvokeMs").asDouble(), probe.path("warmCpuMs").asDouble(),
                    probe.path("heapAfterFirstBytes").asDouble() / (1 << 20), probe.path("peakRssKb").asDouble() / 1024,
                    probe.path("mainAtEpochMillis").asLong() - launchedAtEpochMillis,
                    probe.path("firstDoneAtEpochMillis").asLong() - launchedAtEpochMillis, wallNanos / 1e6, probe.path("java").asText(),
                    phases(probe, Files.readAllLines(stdout, StandardCharsets.UTF_8)));
        } finally {
            if (row.callsServices()) {
                engine.dynamoDb().deleteTable(r -> r.tableName(table));
            }
        }
    }

    /**
     * PhaseProbe's phases with the classes loaded in each: the {@code [class,load]} lines of
     * {@code -Xlog:class+load} before each phase's end marker (none without the log).
     */
    static List<Phase> phases(JsonNode probe, List<String> stdout) {
        List<int[]> counts = new ArrayList<>();
        int classes = 0;
        int shared = 0;
        for (String line : stdout) {
            if (line.startsWith(PhaseProbe.PHASE_MARKER)) {
                counts.add(new int[] {classes, shared});
                classes = 0;
                shared = 0;
            } else if (line.contains("[class,load]")) {
                classes++;
                if (line.contains("shared objects file")) {
                    shared++;
                }
            }
        }
        List<Phase> phases = new ArrayList<>();
        JsonNode timed = probe.path("phases");
        for (int i = 0; i < timed.size(); i++) {
            int[] count = i < counts.size() ? counts.get(i) : new int[2];
            phases.add(new Phase(timed.get(i).path("name").asText(), timed.get(i).path("ms").asDouble(), count[0], count[1]));
        }
        return phases;
    }

    /** The contender's process: the probe in a JVM on the function's (or the hello handler's) class path, or the Python peer. */
    private List<String> command(Contender row, FunctionTemplate template, List<Path> classPath, List<Path> events) {
        List<String> command = new ArrayList<>();
        if (row.kind() == Contender.Kind.PEER) {
            command.add(options.python().toString());
            command.add(peerScript.toString());
            command.add(row.function().peerKind);
        } else {
            command.add(options.java().toString());
            if (row.kind() == Contender.Kind.PHASE_CLASSES) {
                command.add("-Xlog:class+load=info:stdout");
            }
            boolean phases = row.kind() == Contender.Kind.PHASES || row.kind() == Contender.Kind.PHASE_CLASSES
                    || row.kind() == Contender.Kind.PHASES_PRIMED;
            command.addAll(List.of("-cp",
                    Stream.concat(classPath.stream(), Stream.of(probeJar)).map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                    phases ? PhaseProbe.class.getName() : ColdStartProbe.class.getName(),
                    row.kind() == Contender.Kind.HELLO ? EchoHandler.class.getName() : template.handlerClass(),
                    row.function().name, Integer.toString(template.memoryMb()), Integer.toString(template.timeoutSeconds())));
        }
        events.forEach(e -> command.add(e.toString()));
        if (row.kind() == Contender.Kind.PHASES_PRIMED) {
            command.add("--primed");
        }
        return command;
    }

    /**
     * What the function's JVM sees: nothing inherited from this process (no AWS profile, endpoint
     * or credential variables of the shell), the function's variables from template.yaml, those
     * Lambda sets itself, and the local stand-ins for AWS.
     */
    private Map<String, String> environment(LambdaFunction function, FunctionTemplate template, MotoEngine engine, Emulator emulator) {
        Map<String, String> env = new TreeMap<>(template.environment());
        env.put(FunctionTemplate.JAVA_TOOL_OPTIONS, javaToolOptions(template));
        // Set by Lambda.
        env.put(Variables.AWS_REGION, REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", "coldstart");
        env.put("AWS_SECRET_ACCESS_KEY", "coldstart");
        env.put("AWS_SESSION_TOKEN", "coldstart");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.name);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(template.memoryMb()));
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // No shared config or credentials files, as on Lambda (not this machine's ~/.aws).
        env.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        // The local stand-ins.
        env.put(Variables.AWS_ENDPOINT_URL_SECURITY_IR, emulator.endpoint().toString());
        env.put(Variables.AWS_ENDPOINT_URL_SSM_INCIDENTS, emulator.endpoint().toString());
        env.put(Variables.AWS_ENDPOINT_URL_EVENTBRIDGE, engine.endpoint().toString());
        env.put(Variables.AWS_ENDPOINT_URL_DYNAMODB, engine.endpoint().toString());
        env.put(Variables.DEFAULT_RESPONSE_PLAN_ARN, IncidentManagerService.DEMO_RESPONSE_PLAN_ARN);
        return env;
    }

    private static Map<String, Integer> successfulCalls(CallLog log) {
        Map<String, Integer> counts = new TreeMap<>();
        log.calls().stream().filter(c -> c.status() < 300).forEach(c -> counts.merge(c.operation(), 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> difference(Map<String, Integer> after, Map<String, Integer> before) {
        Map<String, Integer> out = new TreeMap<>();
        after.forEach((operation, count) -> {
            int delta = count - before.getOrDefault(operation, 0);
            if (delta != 0) {
                out.put(operation, delta);
            }
        });
        return out;
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A launch that failed or did not do what it should; the run stops. */
    static final class LaunchFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LaunchFailed(String message) {
            super(message);
        }
    }
}
