package io.incidentresponse.benchmarks.coldstart.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a Lambda cold start of one function costs, measured inside a fresh JVM whose class path is
 * the function's deployment artifact plus this class: the harness ({@code ColdStart}) starts it
 * with the template's JAVA_TOOL_OPTIONS and the function's environment, and reads the one JSON line
 * it prints.
 *
 * <ol>
 *   <li>init: load and initialize the handler class, run its no-argument constructor (Lambda's
 *       init phase: the handler reads its environment and builds its AWS SDK clients);</li>
 *   <li>the first invocation, with the first event;</li>
 *   <li>heap in use after it (after a {@code System.gc()}), outside the timed sections;</li>
 *   <li>warm invocations, one per further event, each timed, with the calling thread's CPU time
 *       (what the function itself spends beyond waiting for its calls);</li>
 *   <li>the process's peak resident set ({@code VmHWM} of {@code /proc/self/status}).</li>
 * </ol>
 *
 * <p>Only the JDK and the function's own class path may be used here (this class is packaged alone
 * in {@code benchmarks-coldstart-probe.jar}): anything else would load classes before the measurement or
 * put classes the function does not ship on its class path. The Lambda interfaces it uses come
 * from the function's {@code aws-lambda-java-core}. Nothing that opens the class path's jars runs
 * before the timed sections.
 *
 * <pre>{@code
 * java -cp <function jar>:<lib/*.jar>:benchmarks-coldstart-probe.jar \
 *     io.incidentresponse.benchmarks.coldstart.probe.ColdStartProbe \
 *     <handler class> <function name> <memory MB> <timeout s> <first event> <warm event>...
 * }</pre>
 *
 * <p>The hello-world contender is {@link EchoHandler}, run by this same probe.
 */
public final class ColdStartProbe {
    /** The result line starts with this, among the handler's own log lines on stdout. */
    public static final String MARKER = "{\"probe\":\"coldstart\"";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long mainAtEpochMillis = System.currentTimeMillis();
        if (args.length < 6) {
            System.err.println("usage: ColdStartProbe <handler class> <function name> <memory MB> <timeout s> <first event> <warm event>...");
            System.exit(2);
        }
        String handlerClass = args[0];
        String functionName = args[1];
        int memoryMb = Integer.parseInt(args[2]);
        long timeoutMillis = Long.parseLong(args[3]) * 1000;
        byte[] firstEvent = Files.readAllBytes(Path.of(args[4]));
        List<byte[]> warmEvents = new ArrayList<>();
        for (int i = 5; i < args.length; i++) {
            warmEvents.add(Files.readAllBytes(Path.of(args[i])));
        }
        // Made before the clock starts; each one's deadline starts with its invocation.
        ProbeContext firstContext = new ProbeContext(functionName, memoryMb, timeoutMillis, 1);
        List<ProbeContext> warmContexts = new ArrayList<>();
        for (int i = 0; i < warmEvents.size(); i++) {
            warmContexts.add(new ProbeContext(functionName, memoryMb, timeoutMillis, i + 2));
        }

        // (1) Lambda's init phase: load the handler class (static initializers included), then its
        // no-argument constructor.
        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handlerClass, true, ClassLoader.getSystemClassLoader());
        long t1 = System.nanoTime();
        RequestStreamHandler handler = (RequestStreamHandler) type.getDeclaredConstructor().newInstance();
        long t2 = System.nanoTime();

        // (2) The first invocation.
        byte[] firstOutput = invoke(handler, firstEvent, firstContext);
        long t3 = System.nanoTime();
        long firstDoneAtEpochMillis = System.currentTimeMillis();

        // (3) Heap after the first invocation: what is still reachable once it is over.
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heapUsed = runtime.totalMemory() - runtime.freeMemory();

        // (4) Warm invocations, on the warm container. (java.management is loaded only now, after
        // everything cold was timed.)
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<byte[]> warmOutputs = new ArrayList<>();
        double[] warmMs = new double[warmEvents.size()];
        double[] warmCpuMs = new double[warmEvents.size()];
        for (int i = 0; i < warmEvents.size(); i++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long t4 = System.nanoTime();
            warmOutputs.add(invoke(handler, warmEvents.get(i), warmContexts.get(i)));
            warmMs[i] = (System.nanoTime() - t4) / 1e6;
            warmCpuMs[i] = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
        }

        long peakRssKb = procStatusKb("VmHWM:");
        long rssKb = procStatusKb("VmRSS:");
        // After everything timed: is the class path the function's alone? (Looking a resource up
        // opens every jar on the class path, which is part of what init pays.)
        boolean isolated = ClassLoader.getSystemResource("io/incidentresponse/benchmarks/coldstart/ColdStart.class") == null
                && ClassLoader.getSystemResource("io/incidentresponse/local/emulator/Emulator.class") == null
                && ClassLoader.getSystemResource("org/openjdk/jmh/Main.class") == null;

        String line = MARKER
                + ",\"handler\":" + quote(handlerClass)
                + ",\"java\":" + quote(System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                + ",\"mainAtEpochMillis\":" + mainAtEpochMillis
                + ",\"firstDoneAtEpochMillis\":" + firstDoneAtEpochMillis
                + ",\"loadMs\":" + millis(t1 - t0)
                + ",\"constructMs\":" + millis(t2 - t1)
                + ",\"initMs\":" + millis(t2 - t0)
                + ",\"firstInvokeMs\":" + millis(t3 - t2)
                + ",\"warmInvokeMs\":" + number(median(warmMs))
                + ",\"warmInvokesMs\":" + array(warmMs)
                + ",\"warmCpuMs\":" + number(median(warmCpuMs))
                + ",\"heapAfterFirstBytes\":" + heapUsed
                + ",\"peakRssKb\":" + peakRssKb
                + ",\"rssKb\":" + rssKb
                + ",\"isolatedClassPath\":" + isolated
                + ",\"first\":" + json(firstOutput)
                + ",\"second\":" + (warmOutputs.isEmpty() ? "{}" : json(warmOutputs.getFirst()))
                + ",\"warm\":[" + String.join(",", warmOutputs.stream().map(ColdStartProbe::json).toList()) + "]"
                + "}";
        System.out.println(line);
        System.out.flush();
        // As the runtime would end it: a JVM whose main returned may still wait for non-daemon threads.
        System.exit(0);
    }

    static byte[] invoke(RequestStreamHandler handler, byte[] event, ProbeContext context) throws IOException {
        context.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), output, context);
        return output.toByteArray();
    }

    /** A field of /proc/self/status in kB, or -1 where there is none (not Linux). */
    static long procStatusKb(String field) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static String millis(long nanos) {
        return number(nanos / 1e6);
    }

    private static String number(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    private static String array(double[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(number(values[i]));
        }
        return out.append(']').toString();
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The handler's output as a JSON value: it writes JSON; anything else becomes a string. */
    static String json(byte[] output) {
        String text = new String(output, StandardCharsets.UTF_8).trim();
        return text.startsWith("{") && text.endsWith("}") ? text : quote(text);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * The context Lambda passes: a request id, the function's name, memory and remaining time. The
     * request id is not random: Lambda's runtime receives it from the Runtime API, so the function's
     * JVM pays no SecureRandom for it, and neither may the probe.
     */
    static final class ProbeContext implements Context {
        private final String requestId;
        private final String functionName;
        private final int memoryMb;
        private final long timeoutMillis;
        private long deadline;

        ProbeContext(String functionName, int memoryMb, long timeoutMillis, int invocation) {
            this.requestId = new UUID(System.nanoTime(), invocation).toString();
            this.functionName = functionName;
            this.memoryMb = memoryMb;
            this.timeoutMillis = timeoutMillis;
        }

        void start() {
            deadline = System.currentTimeMillis() + timeoutMillis;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
