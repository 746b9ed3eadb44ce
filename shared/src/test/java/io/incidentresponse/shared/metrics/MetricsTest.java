package io.incidentresponse.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.testing.EmfLines;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics(lines::add, "IncidentResponse", "fn",
            Clock.fixed(Instant.parse("2026-10-14T09:12:34.567Z"), ZoneOffset.UTC));

    @Test
    void anInvocationIsOneDocumentUnderFunctionNamePlusOnePerReasonValue() throws Exception {
        // when
        metrics.beginInvocation("r-1");
        metrics.count(MetricName.SignalsReceived);
        metrics.count(MetricName.Ignored, Metrics.REASON, "Archived");
        metrics.flush();

        // then
        assertEquals(2, lines.size());
        JsonNode main = EventJson.MAPPER.readTree(lines.get(0));
        assertEquals(1791969154567L, main.at("/_aws/Timestamp").asLong());
        assertEquals("IncidentResponse", main.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("[[\"FunctionName\"]]", main.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("fn", main.get("FunctionName").asText());
        assertEquals(1, main.get("SignalsReceived").asInt());
        assertEquals(1, main.get("Ignored").asInt());
        assertEquals(1, main.get("ColdStart").asInt());
        assertEquals("r-1", main.get("requestId").asText());
        JsonNode byReason = EventJson.MAPPER.readTree(lines.get(1));
        assertEquals("[[\"FunctionName\",\"Reason\"]]", byReason.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
        assertEquals("Archived", byReason.get("Reason").asText());
        assertEquals(1, byReason.get("Ignored").asInt());
        assertEquals(3, EmfLines.parse(lines.get(0)).size());
    }

    @Test
    void theColdStartIsCountedOnceAndAFlushStartsAfresh() {
        // when
        metrics.beginInvocation("r-1");
        metrics.count(MetricName.Repeats);
        metrics.flush();
        metrics.beginInvocation("r-2");
        metrics.count(MetricName.Repeats);
        metrics.flush();
        metrics.beginInvocation("r-3");
        metrics.flush();

        // then
        List<EmfLines.Datum> data = EmfLines.parse(lines);
        assertEquals(1, EmfLines.sum(data, "ColdStart", Map.of("FunctionName", "fn")));
        assertEquals(2, EmfLines.sum(data, "Repeats", Map.of("FunctionName", "fn")));
        assertEquals(2, lines.size(), "an invocation that counted nothing writes nothing");
    }

    @Test
    void aMeasuredValueKeepsItsUnitAndTheLastValue() {
        // when
        metrics.set(MetricName.PollLagSeconds, 12);
        metrics.set(MetricName.PollLagSeconds, 90.5);
        metrics.flush();

        // then
        EmfLines.Datum lag = EmfLines.parse(lines).get(0);
        assertEquals("PollLagSeconds", lag.name());
        assertEquals("Seconds", lag.unit());
        assertEquals(90.5, lag.value());
    }

    @Test
    void everyMetricFitsOneDocumentAndIsNamedForCloudWatch() {
        assertTrue(MetricName.values().length <= EmfDocument.MAX_METRICS);
        for (MetricName name : MetricName.values()) {
            metrics.add(name, 1);
        }
        metrics.flush();
        assertEquals(MetricName.values().length, EmfLines.parse(lines).size());
    }

    @Test
    void aBadNamespaceStopsStartUpNamingTheVariable() {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> Metrics.toStdout(new Settings(Map.of("METRICS_NAMESPACE", "AWS/Lambda")), "fn"));
        assertEquals("METRICS_NAMESPACE", error.variable());
    }

    @Test
    void theFunctionNameIsLambdasOrTheFallback() {
        assertEquals("stack-Fn-1", Metrics.functionName(new Settings(Map.of("AWS_LAMBDA_FUNCTION_NAME", "stack-Fn-1")), "fallback"));
        assertEquals("fallback", Metrics.functionName(new Settings(Map.of()), "fallback"));
    }
}
