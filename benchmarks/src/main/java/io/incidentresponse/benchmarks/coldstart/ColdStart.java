package io.incidentresponse.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.benchmarks.coldstart.probe.ColdStartProbe;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
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
    private static final String USAGE = """
            usage: ColdStart [options]
              --runs N            measured launches per function (default 5)
              --warmup N          unmeasured launches per function before them (default 1): they warm
                                  up the local engine and the emulator
              --functions A,B     among guardduty-finding, alarm-incident, case-poller (default: all)
              --java PATH         the java that runs the functions (default: this JVM's)
              --jvm-opt OPTION    appended to the template's JAVA_TOOL_OPTIONS (repeatable)
              --root DIR          the repository root (default: the current directory)
              --verbose           print every launch's probe line
            The functions and benchmarks must be packaged first (./dev coldstart does it).""";

    /** Longest a launch may take before it counts as hung. */
    private static final long LAUNCH_TIMEOUT_SECONDS = 120;
    private static final String REGION = "us-east-1";

    record Options(int runs, int warmup, List<LambdaFunction> functions, Path java, List<String> jvmOptions, Path root,
                   boolean verbose) {
        static Options parse(String[] args) {
            int runs = 5;
            int warmup = 1;
            List<LambdaFunction> functions = List.of(LambdaFunction.values());
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> jvmOptions = new ArrayList<>();
            Path root = Path.of("");
            boolean verbose = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--runs" -> runs = positive(arg, value(args, ++i, arg), 1);
                    case "--warmup" -> warmup = positive(arg, value(args, ++i, arg), 0);
                    case "--functions" -> functions = Arrays.stream(value(args, ++i, arg).split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).map(LambdaFunction::named).distinct().toList();
                    case "--java" -> java = Path.of(value(args, ++i, arg));
                    case "--jvm-opt" -> jvmOptions.add(value(args, ++i, arg));
                    case "--root" -> root = Path.of(value(args, ++i, arg));
                    case "--verbose" -> verbose = true;
                    case "--help", "-h" -> throw new UsageException(null);
                    default -> throw new UsageException("unknown argument " + arg);
                }
            }
            if (functions.isEmpty()) {
                throw new UsageException("--functions names none");
            }
            return new Options(runs, warmup, functions, java, List.copyOf(jvmOptions), root.toAbsolutePath().normalize(), verbose);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new UsageException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String option, String value, int min) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new UsageException(option + " must be a whole number of at least " + min + ", got " + value);
        }
    }

    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** One measured launch. Times in milliseconds, memory in MB (2^20 bytes). */
    record Launch(double loadMs, double constructMs, double initMs, double firstInvokeMs, double warmInvokeMs,
                  double heapAfterFirstMb, double peakRssMb, double jvmToMainMs, double wallMs, String java) {
    }

    private final Options options;
    private final Path probeJar;
    private final Path work;
    private final LedgerTableDefinition ledger = LedgerTableDefinition.fromClasspath();
    private int launches;

    private ColdStart(Options options, Path work) {
        this.options = options;
        this.probeJar = options.root().resolve("benchmarks/target/benchmarks-coldstart-probe.jar");
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println(e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        Path work = Files.createTempDirectory("coldstart-");
        boolean ok = false;
        try {
            Map<LambdaFunction, List<Launch>> results = new ColdStart(options, work).run();
            System.out.println();
            System.out.print(table(results));
            ok = true;
        } catch (LaunchFailed e) {
            System.err.println();
            System.err.println("cold start FAILED: " + e.getMessage());
            System.err.println("(launch output kept in " + work + ")");
            System.exit(1);
        } finally {
            if (ok) {
                deleteRecursively(work);
            }
        }
    }

    private Map<LambdaFunction, List<Launch>> run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(probeJar)) {
            throw new LaunchFailed(probeJar + " is missing: package the benchmarks module first"
                    + " (./mvnw -B -q -pl benchmarks -am package -DskipTests; ./dev coldstart does)");
        }
        Map<LambdaFunction, List<Path>> classPaths = new LinkedHashMap<>();
        for (LambdaFunction function : options.functions()) {
            try {
                classPaths.put(function, function.classPath(options.root()));
            } catch (IllegalStateException e) {
                throw new LaunchFailed(e.getMessage());
            }
        }
        FunctionTemplate sample = FunctionTemplate.read(options.functions().getFirst().logicalId, Map.of("LedgerTable", "-"));
        PrintStream log = System.err;
        log.printf("cold start: %d launches per function (+%d warm-up), java %s, JAVA_TOOL_OPTIONS=%s%n", options.runs(),
                options.warmup(), options.java(), javaToolOptions(sample));
        Map<LambdaFunction, List<Launch>> results = new LinkedHashMap<>();
        Map<LambdaFunction, Path[]> events = new LinkedHashMap<>();
        for (LambdaFunction function : options.functions()) {
            JsonNode first = EventJson.MAPPER.readTree(options.root().resolve(function.sampleEvent).toFile());
            Path firstEvent = work.resolve(function.name + "-first.json");
            Path secondEvent = work.resolve(function.name + "-second.json");
            Files.write(firstEvent, EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(first));
            Files.write(secondEvent, EventJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(function.secondEvent(first)));
            events.put(function, new Path[] {firstEvent, secondEvent});
            results.put(function, new ArrayList<>());
        }
        try (MotoEngine engine = MotoEngine.start(); Emulator emulator = Emulator.start()) {
            // Round robin, one launch of each function in turn, so that a burst of load from
            // elsewhere on the machine spreads over the functions instead of landing on one.
            for (int round = 0; round < options.warmup() + options.runs(); round++) {
                boolean warmup = round < options.warmup();
                for (LambdaFunction function : options.functions()) {
                    Path[] event = events.get(function);
                    Launch launch = launch(function, classPaths.get(function), event[0], event[1], engine, emulator);
                    log.printf(Locale.ROOT, "  %-17s %-8s init %7.1f ms, first invoke %7.1f ms, warm invoke %6.1f ms, heap %5.1f MB,"
                                    + " peak RSS %5.0f MB, wall %6.0f ms%n", function.name,
                            warmup ? "warm-up" : "run " + (round - options.warmup() + 1),
                            launch.initMs(), launch.firstInvokeMs(), launch.warmInvokeMs(), launch.heapAfterFirstMb(), launch.peakRssMb(),
                            launch.wallMs());
                    if (!warmup) {
                        results.get(function).add(launch);
                    }
                }
            }
        }
        String java = results.values().iterator().next().getFirst().java();
        System.out.printf("%nFunctions' JVM: %s (%s); JAVA_TOOL_OPTIONS=%s; %d CPUs%n", java, options.java(), javaToolOptions(sample),
                Runtime.getRuntime().availableProcessors());
        return results;
    }

    private String javaToolOptions(FunctionTemplate template) {
        String fromTemplate = template.environment().getOrDefault(FunctionTemplate.JAVA_TOOL_OPTIONS, "");
        return Stream.concat(Stream.of(fromTemplate), options.jvmOptions().stream())
                .filter(s -> !s.isBlank()).collect(Collectors.joining(" "));
    }

    private Launch launch(LambdaFunction function, List<Path> classPath, Path firstEvent, Path secondEvent, MotoEngine engine,
                          Emulator emulator) throws IOException, InterruptedException {
        int number = ++launches;
        String table = "coldstart-" + function.name + "-" + number;
        emulator.reset();
        ledger.createTable(engine.dynamoDb(), table);
        // What the poller publishes, delivered by a rule on the default bus to a queue of its own.
        try (EventBridgeClient events = engine.client(EventBridgeClient.builder());
             SqsClient sqs = engine.client(SqsClient.builder());
             EventRuleQueue statusEvents = EventRuleQueue.create(events, sqs, "default", table,
                     EventRuleQueue.pattern(StatusChange.SOURCE, StatusChange.DETAIL_TYPE), Duration.ZERO)) {
            FunctionTemplate template = FunctionTemplate.read(function.logicalId, Map.of("LedgerTable", table));
            Map<String, String> environment = environment(function, template, engine, emulator);
            function.prepare(environment, emulator, options.root());
            Map<String, Integer> before = successfulCalls(emulator.log());

            List<String> command = List.of(options.java().toString(), "-cp",
                    Stream.concat(classPath.stream(), Stream.of(probeJar)).map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                    ColdStartProbe.class.getName(), template.handlerClass(), firstEvent.toString(), secondEvent.toString(),
                    function.name, Integer.toString(template.memoryMb()), Integer.toString(template.timeoutSeconds()));
            Path stdout = work.resolve(function.name + "-" + number + ".out");
            Path stderr = work.resolve(function.name + "-" + number + ".err");
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
                throw new LaunchFailed(function.name + " launch " + number + " did not end within " + LAUNCH_TIMEOUT_SECONDS + " s; "
                        + tail(stderr));
            }
            if (process.exitValue() != 0) {
                throw new LaunchFailed(function.name + " launch " + number + " exited with " + process.exitValue() + ": " + tail(stderr)
                        + "\n" + tail(stdout));
            }
            String line = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(ColdStartProbe.MARKER)).reduce((a, b) -> b)
                    .orElseThrow(() -> new LaunchFailed(function.name + " launch " + number + " printed no probe line: " + tail(stdout)));
            if (options.verbose()) {
                System.err.println(line);
            }
            JsonNode probe = EventJson.MAPPER.readTree(line);
            Map<String, Integer> calls = new TreeMap<>(difference(successfulCalls(emulator.log()), before));
            calls.put(LambdaFunction.STATUS_EVENTS_DELIVERED, statusEvents.received().size());
            List<String> problems = new ArrayList<>(function.check(probe.path("first"), probe.path("second"), calls));
            if (!probe.path("isolatedClassPath").asBoolean(false)) {
                problems.add("the probe's class path reaches classes outside the function's artifact (benchmarks, local or JMH)");
            }
            if (!problems.isEmpty()) {
                throw new LaunchFailed(function.name + " launch " + number + ": " + String.join("; ", problems)
                        + " (emulator calls: " + calls + ")");
            }
            return new Launch(probe.path("loadMs").asDouble(), probe.path("constructMs").asDouble(), probe.path("initMs").asDouble(),
                    probe.path("firstInvokeMs").asDouble(), probe.path("warmInvokeMs").asDouble(),
                    probe.path("heapAfterFirstBytes").asDouble() / (1 << 20), probe.path("peakRssKb").asDouble() / 1024,
                    probe.path("mainAtEpochMillis").asLong() - launchedAtEpochMillis, wallNanos / 1e6, probe.path("java").asText());
        } finally {
            engine.dynamoDb().deleteTable(r -> r.tableName(table));
        }
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

    static String table(Map<LambdaFunction, List<Launch>> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-17s | %4s | %15s | %19s | %11s | %7s | %8s | %8s | %8s%n", "function", "runs", "init ms",
                "first invoke ms", "warm invoke", "heap MB", "peak RSS", "JVM to", "JVM wall"));
        out.append(String.format("%-17s | %4s | %15s | %19s | %11s | %7s | %8s | %8s | %8s%n", "", "", "median / max",
                "median / max", "ms, median", "", "MB", "main ms", "ms"));
        out.append("-".repeat(18)).append('|').append("-".repeat(6)).append('|').append("-".repeat(17)).append('|')
                .append("-".repeat(21)).append('|').append("-".repeat(13)).append('|').append("-".repeat(9)).append('|')
                .append("-".repeat(10)).append('|').append("-".repeat(10)).append('|').append("-".repeat(9)).append('\n');
        results.forEach((function, launches) -> out.append(String.format(Locale.ROOT,
                "%-17s | %4d | %6.0f / %6.0f | %8.0f / %8.0f | %11.1f | %7.1f | %8.0f | %8.0f | %8.0f%n",
                function.name, launches.size(),
                median(launches, Launch::initMs), max(launches, Launch::initMs),
                median(launches, Launch::firstInvokeMs), max(launches, Launch::firstInvokeMs),
                median(launches, Launch::warmInvokeMs),
                median(launches, Launch::heapAfterFirstMb), median(launches, Launch::peakRssMb),
                median(launches, Launch::jvmToMainMs), median(launches, Launch::wallMs))));
        out.append("(heap: in use after the first invocation and a System.gc(); peak RSS: VmHWM; heap, RSS, JVM to main"
                + " and wall: medians)\n");
        return out.toString();
    }

    static double median(List<Launch> launches, ToDoubleFunction<Launch> figure) {
        double[] values = launches.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static double max(List<Launch> launches, ToDoubleFunction<Launch> figure) {
        return launches.stream().mapToDouble(figure).max().orElse(Double.NaN);
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
