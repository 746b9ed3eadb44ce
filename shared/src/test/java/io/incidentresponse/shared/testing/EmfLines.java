package io.incidentresponse.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads EMF lines and checks each against the CloudWatch Embedded Metric Format specification: a
 * JSON object whose {@code _aws} has a millisecond {@code Timestamp} and a non-empty
 * {@code CloudWatchMetrics} array; each directive a {@code Namespace}, {@code Dimensions} (arrays of
 * at most 30 names) and {@code Metrics} (at most 100, each a {@code Name} and a CloudWatch
 * {@code Unit}); every dimension named there present at the root as a string, every metric as a
 * number (or an array of at most 100 numbers).
 */
public final class EmfLines {
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes",
            "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second",
            "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second",
            "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second", "None");

    /** One metric value as CloudWatch would extract it. */
    public record Datum(String namespace, Map<String, String> dimensions, String name, String unit, double value, long timestamp) {
    }

    private EmfLines() {
    }

    /** Whether the line looks like an EMF document (it has {@code _aws}); log lines do not. */
    public static boolean isEmf(String line) {
        try {
            return EventJson.MAPPER.readTree(line).has("_aws");
        } catch (IOException e) {
            return false;
        }
    }

    /** Every datum of every EMF line among {@code lines}, each line checked against the specification. */
    public static List<Datum> parse(List<String> lines) {
        List<Datum> data = new ArrayList<>();
        for (String line : lines) {
            if (isEmf(line)) {
                data.addAll(parse(line));
            }
        }
        return data;
    }

    public static List<Datum> parse(String line) {
        JsonNode root;
        try {
            root = EventJson.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("EMF line is not JSON: " + line, e);
        }
        assertTrue(root.isObject(), "an EMF document is a JSON object: " + line);
        JsonNode aws = root.path("_aws");
        assertTrue(aws.isObject(), "_aws is an object: " + line);
        assertTrue(aws.path("Timestamp").isIntegralNumber() && aws.get("Timestamp").asLong() > 1_000_000_000_000L,
                "_aws.Timestamp is epoch milliseconds: " + line);
        JsonNode directives = aws.path("CloudWatchMetrics");
        assertTrue(directives.isArray() && !directives.isEmpty(), "_aws.CloudWatchMetrics is a non-empty array: " + line);
        List<Datum> data = new ArrayList<>();
        for (JsonNode directive : directives) {
            String namespace = directive.path("Namespace").asText("");
            assertTrue(!namespace.isBlank() && namespace.length() <= 255, "Namespace of 1 to 255 characters: " + line);
            JsonNode sets = directive.path("Dimensions");
            assertTrue(sets.isArray(), "Dimensions is an array of dimension sets: " + line);
            JsonNode metrics = directive.path("Metrics");
            assertTrue(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, "1 to 100 metrics per directive: " + line);
            List<Map<String, String>> dimensionSets = new ArrayList<>();
            for (JsonNode set : sets) {
                assertTrue(set.isArray() && set.size() <= 30, "a dimension set is an array of at most 30 names: " + line);
                Map<String, String> dimensions = new LinkedHashMap<>();
                for (JsonNode name : set) {
                    JsonNode value = root.get(name.asText());
                    if (value == null || !value.isTextual() || value.asText().isBlank()) {
                        fail("dimension " + name + " is not a string at the root: " + line);
                    }
                    dimensions.put(name.asText(), value.asText());
                }
                dimensionSets.add(dimensions);
            }
            for (JsonNode metric : metrics) {
                String name = metric.path("Name").asText("");
                assertFalse(name.isBlank(), "every metric has a Name: " + line);
                String unit = metric.path("Unit").asText("None");
                assertTrue(UNITS.contains(unit), "unit " + unit + " is a CloudWatch unit: " + line);
                JsonNode value = root.get(name);
                assertTrue(value != null && (value.isNumber() || value.isArray() && value.size() <= 100),
                        "metric " + name + " has a number at the root: " + line);
                for (Map<String, String> dimensions : dimensionSets) {
                    data.add(new Datum(namespace, dimensions, name, unit, value.isNumber() ? value.asDouble() : value.get(0).asDouble(),
                            aws.get("Timestamp").asLong()));
                }
            }
        }
        return data;
    }

    /** The values of one metric under exactly these dimensions, summed: what a Sum statistic would show. */
    public static double sum(List<Datum> data, String metric, Map<String, String> dimensions) {
        return data.stream().filter(d -> d.name().equals(metric) && d.dimensions().equals(dimensions)).mapToDouble(Datum::value).sum();
    }

    /** Metric name to summed value, under exactly these dimensions. */
    public static Map<String, Double> sums(List<Datum> data, Map<String, String> dimensions) {
        Map<String, Double> sums = new TreeMap<>();
        data.stream().filter(d -> d.dimensions().equals(dimensions)).forEach(d -> sums.merge(d.name(), d.value(), Double::sum));
        return sums;
    }

    public static void assertNamespace(List<Datum> data, String namespace) {
        data.forEach(d -> assertEquals(namespace, d.namespace(), d.toString()));
    }
}
