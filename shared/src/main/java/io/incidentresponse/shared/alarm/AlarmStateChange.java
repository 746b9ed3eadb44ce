package io.incidentresponse.shared.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A CloudWatch alarm state change as EventBridge delivers it in {@code detail}: metric, metric
 * math, anomaly detection and composite alarms. Unknown members are ignored; any may be missing.
 */
public record AlarmStateChange(
        String alarmName,
        State state,
        State previousState,
        Configuration configuration) {

    /** @param reasonData a JSON document in a string, as CloudWatch sends it */
    public record State(String value, String reason, String reasonData, String timestamp) {
    }

    /**
     * @param metrics the metric data queries of a metric, metric math or anomaly detection alarm
     * @param alarmRule the rule of a composite alarm
     */
    public record Configuration(
            String description,
            List<MetricQuery> metrics,
            String alarmRule,
            String thresholdMetricId,
            JsonNode actionsSuppressor) {
    }

    public record MetricQuery(String id, String label, String expression, Boolean returnData, MetricStat metricStat) {
    }

    public record MetricStat(Metric metric, Integer period, String stat, String unit) {
    }

    public record Metric(String namespace, String name, Map<String, String> dimensions) {
    }
}
