package io.incidentresponse.benchmarks.coldstart.probe;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.metrics.MetricName;
import io.incidentresponse.shared.metrics.Metrics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/**
 * What the metrics writer adds to a cold start, on its own: in a fresh JVM whose class path is a
 * function's artifact, Jackson is used first (as the function uses it before its first flush), then
 * the first invocation's metrics are counted and flushed (timed), then a second invocation's
 * (timed). Prints one JSON line: {@code {"firstFlushMs":..,"secondFlushMs":..}}. BENCHMARKS.md,
 * "Metrics and logs", compares the writer of {@code shared.metrics} with the libraries' this way.
 *
 * <pre>{@code
 * java -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \
 *     -cp 'functions/guardduty-finding/target/lambda/lib/*:benchmarks/target/benchmarks-coldstart-probe.jar' \
 *     io.incidentresponse.benchmarks.coldstart.probe.MetricsFlushProbe
 * }</pre>
 */
public final class MetricsFlushProbe {
    private MetricsFlushProbe() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        EventJson.MAPPER.writeValueAsString(Map.of("warm", 1));
        EventJson.MAPPER.readTree("{\"a\":[1,2,{\"b\":\"c\"}]}");
        // The EMF lines themselves are not the measurement: a writer that prints to System.out prints nowhere.
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        long start = System.nanoTime();
        Metrics metrics = new Metrics(System.out::println, Metrics.DEFAULT_NAMESPACE, "probe", Clock.systemUTC());
        invocation(metrics, "r-1", MetricName.CasesOpened, "Archived");
        long first = System.nanoTime();
        invocation(metrics, "r-2", MetricName.Repeats, "Sample");
        long second = System.nanoTime();
        System.setOut(out);
        System.out.printf("{\"firstFlushMs\":%.2f,\"secondFlushMs\":%.3f}%n", (first - start) / 1e6, (second - first) / 1e6);
    }

    private static void invocation(Metrics metrics, String requestId, MetricName outcome, String reason) {
        metrics.beginInvocation(requestId);
        metrics.count(MetricName.SignalsReceived);
        metrics.count(outcome);
        metrics.count(MetricName.Ignored, Metrics.REASON, reason);
        metrics.flush();
    }
}
