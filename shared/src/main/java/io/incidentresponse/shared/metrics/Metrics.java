package io.incidentresponse.shared.metrics;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The metrics of one function, in CloudWatch Embedded Metric Format: what an invocation counted is
 * written to standard output as EMF lines when it ends ({@link #flush}, on every path, a failing
 * invocation included), and CloudWatch Logs turns them into metrics; nothing calls an API.
 *
 * <p>Every metric goes out with the dimension set [FunctionName]; a metric counted with a reason or
 * an operation ({@link #count(MetricName, String, String)}) also goes out, in a document of its own,
 * with [FunctionName, that dimension], so that its [FunctionName] total is not counted twice.
 * Dimension values are low-cardinality classes (a reason class, an operation name), never an
 * account, finding or case id.
 *
 * <p>A Lambda container runs one invocation at a time; the poller's worker threads may count
 * concurrently, hence the locking.
 */
public final class Metrics {
    public static final String FUNCTION_NAME = "FunctionName";
    public static final String REASON = "Reason";
    public static final String OPERATION = "Operation";
    public static final String DEFAULT_NAMESPACE = "IncidentResponse";

    private final Consumer<String> sink;
    private final String namespace;
    private final String functionName;
    private final Clock clock;
    private final Map<MetricName, Double> values = new EnumMap<>(MetricName.class);
    private final Map<List<String>, Map<MetricName, Double>> byDimension = new LinkedHashMap<>();
    private boolean coldStart = true;
    private String requestId;

    /**
     * @param sink where the EMF lines go: standard output in Lambda
     * @param namespace the CloudWatch namespace (METRICS_NAMESPACE)
     * @param functionName the value of the FunctionName dimension (AWS_LAMBDA_FUNCTION_NAME)
     */
    public Metrics(Consumer<String> sink, String namespace, String functionName, Clock clock) {
        this.sink = sink;
        this.namespace = EmfDocument.checkedNamespace(namespace);
        this.functionName = functionName;
        this.clock = clock;
    }

    /**
     * Lambda's: the namespace from METRICS_NAMESPACE (default {@value #DEFAULT_NAMESPACE}), the
     * function's name from AWS_LAMBDA_FUNCTION_NAME (outside Lambda: {@code fallbackName}), EMF lines
     * to standard output.
     */
    public static Metrics toStdout(Settings env, String fallbackName) {
        String namespace = env.string(Variables.METRICS_NAMESPACE, DEFAULT_NAMESPACE);
        try {
            EmfDocument.checkedNamespace(namespace);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(Variables.METRICS_NAMESPACE, "must be a CloudWatch namespace of 1 to 255 letters, digits"
                    + " or . - _ / # : and spaces, not starting with AWS/, got '" + namespace + "'");
        }
        return new Metrics(System.out::println, namespace, functionName(env, fallbackName), Clock.systemUTC());
    }

    /** The function's name as Lambda gives it, or {@code fallbackName} outside Lambda. */
    public static String functionName(Settings env, String fallbackName) {
        return env.string(Variables.AWS_LAMBDA_FUNCTION_NAME, fallbackName);
    }

    /** Counts nothing and writes nothing (tests and tools that do not look at metrics). */
    public static Metrics discard() {
        return new Metrics(line -> { }, DEFAULT_NAMESPACE, "none", Clock.systemUTC());
    }

    /** The same metrics, written elsewhere (replay --verbose prints what a deployed function would). */
    public Metrics to(Consumer<String> otherSink) {
        return new Metrics(otherSink, namespace, functionName, clock);
    }

    /** Starts an invocation: the first one of the container counts the cold start. */
    public synchronized void beginInvocation(String invocationRequestId) {
        this.requestId = invocationRequestId;
        if (coldStart) {
            coldStart = false;
            add(MetricName.ColdStart, 1);
        }
    }

    public void count(MetricName metric) {
        add(metric, 1);
    }

    public synchronized void add(MetricName metric, double amount) {
        values.merge(metric, amount, Double::sum);
    }

    /** Records a value that is measured, not counted (a lag, a number of open items): the last one wins. */
    public synchronized void set(MetricName metric, double value) {
        values.put(metric, value);
    }

    /** Counts one, under [FunctionName] and under [FunctionName, dimension] with this value. */
    public synchronized void count(MetricName metric, String dimension, String value) {
        add(metric, 1);
        byDimension.computeIfAbsent(List.of(dimension, EmfDocument.checkedDimensionValue(value)), k -> new EnumMap<>(MetricName.class))
                .merge(metric, 1.0, Double::sum);
    }

    /** Writes what was counted since the last flush as EMF lines, and starts afresh. */
    public synchronized void flush() {
        long timestamp = clock.millis();
        List<String> lines = new ArrayList<>();
        if (!values.isEmpty()) {
            lines.add(EmfDocument.line(namespace, timestamp, Map.of(FUNCTION_NAME, functionName), values, requestId));
        }
        byDimension.forEach((dimension, metrics) -> lines.add(EmfDocument.line(namespace, timestamp,
                orderedDimensions(dimension), metrics, requestId)));
        values.clear();
        byDimension.clear();
        requestId = null;
        lines.forEach(sink);
    }

    private Map<String, String> orderedDimensions(List<String> dimension) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put(FUNCTION_NAME, functionName);
        dimensions.put(dimension.get(0), dimension.get(1));
        return dimensions;
    }
}
