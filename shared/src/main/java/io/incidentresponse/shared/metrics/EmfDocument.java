package io.incidentresponse.shared.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Writes CloudWatch Embedded Metric Format documents: one JSON object per line, its
 * {@code _aws.CloudWatchMetrics} directive naming the namespace, one dimension set and the metrics
 * with their units, and every dimension and metric named there as a member at the root.
 *
 * <p>Our own writer, not a library's: see BENCHMARKS.md, "Metrics": powertools-metrics 2.9.0 and
 * aws-embedded-metrics 4.2.0 were measured in the cold-start harness against this class.
 */
final class EmfDocument {
    /** CloudWatch's limit: at most 100 metrics in one EMF document. */
    static final int MAX_METRICS = 100;
    /** CloudWatch's limit: at most 30 dimensions in a dimension set. */
    static final int MAX_DIMENSIONS = 30;
    private static final int MAX_DIMENSION_VALUE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmfDocument() {
    }

    /** One line: every metric there is fits in one document (MetricNameTest pins that). */
    static String line(String namespace, long timestamp, Map<String, String> dimensions, Map<MetricName, Double> values,
                       String requestId) {
        if (dimensions.size() > MAX_DIMENSIONS || values.size() > MAX_METRICS) {
            throw new IllegalArgumentException("an EMF document holds at most " + MAX_DIMENSIONS + " dimensions and "
                    + MAX_METRICS + " metrics");
        }
        return write(namespace, timestamp, dimensions, List.copyOf(values.entrySet()), requestId);
    }

    private static String write(String namespace, long timestamp, Map<String, String> dimensions,
                               List<Map.Entry<MetricName, Double>> metrics, String requestId) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", timestamp);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode set = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(set::add);
        ArrayNode definitions = directive.putArray("Metrics");
        dimensions.forEach(root::put);
        for (Map.Entry<MetricName, Double> metric : metrics) {
            definitions.addObject().put("Name", metric.getKey().name()).put("Unit", metric.getKey().unit().cloudWatchName());
            double value = metric.getValue();
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                root.put(metric.getKey().name(), (long) value);
            } else {
                root.put(metric.getKey().name(), value);
            }
        }
        if (requestId != null) {
            // A property, not a dimension: it lets a metric be traced to its invocation's log lines.
            root.put("requestId", requestId);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("EMF document could not be written", e);
        }
    }

    static String checkedNamespace(String namespace) {
        if (namespace == null || namespace.isBlank() || namespace.length() > 255 || !namespace.matches("[A-Za-z0-9._#:/ -]+")
                || namespace.startsWith("AWS/")) {
            throw new IllegalArgumentException("not a CloudWatch namespace for custom metrics: '" + namespace + "'");
        }
        return namespace;
    }

    /** A dimension value must be 1 to 1024 characters and not only blanks; a class name always is. */
    static String checkedDimensionValue(String value) {
        if (value == null || value.isBlank()) {
            return "Unknown";
        }
        return value.length() > MAX_DIMENSION_VALUE ? value.substring(0, MAX_DIMENSION_VALUE) : value;
    }
}
