package io.incidentresponse.shared.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.event.TolerantReader;
import io.incidentresponse.shared.signal.AwsIds;
import io.incidentresponse.shared.signal.Console;
import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Reference;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Timestamps;
import io.incidentresponse.shared.text.SafeText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a CloudWatch alarm state change event into an {@link AlarmSignal}, or refuses it as malformed. */
public final class AlarmSignals {
    public static final String SOURCE = "aws.cloudwatch";
    public static final String DETAIL_TYPE = "CloudWatch Alarm State Change";
    static final int MAX_FIELD = 512;
    private static final int MAX_METRIC_LINES = 10;

    private AlarmSignals() {
    }

    // arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>
    private static final Pattern ALARM_ARN = Pattern.compile("arn:(aws[a-z-]*):cloudwatch:(" + AwsIds.REGION_PATTERN + "):(\\d{12}):alarm:.+");

    /**
     * The alarm's signal. What an incident cannot do without is read strictly: {@code
     * detail.alarmName}, {@code detail.state.value}, and the alarm ARN (the event's
     * {@code resources}, or built from the event's region and account); without one of them the
     * event is refused, naming it. Everything else is read tolerantly ({@link TolerantReader}): a
     * part that cannot be read is left out and named in the notes.
     */
    public static AlarmSignal fromEvent(EventEnvelope event) {
        TolerantReader reader = new TolerantReader();
        AlarmStateChange change = reader.read(event.detail(), AlarmStateChange.class, "detail");
        String eventId = event.id();
        if (change.alarmName() == null || SafeText.clean(change.alarmName()).isEmpty()) {
            throw new MalformedEventException(eventId, "CloudWatch alarm event has no detail.alarmName"
                    + reader.why("detail.alarmName").map(why -> " (" + why + ")").orElse(""));
        }
        String name = SafeText.bounded(change.alarmName(), 255);
        AlarmState state = Optional.ofNullable(change.state()).flatMap(s -> AlarmState.parse(s.value()))
                .orElseThrow(() -> new MalformedEventException(eventId, "alarm " + name + " has no valid detail.state.value"
                        + reader.why("detail.state").or(() -> reader.why("detail.state.value")).map(why -> " (" + why + ")").orElse("")));
        AlarmState previous = Optional.ofNullable(change.previousState()).flatMap(s -> AlarmState.parse(s.value())).orElse(null);
        List<String> notes = new ArrayList<>(event.notes());
        Optional<Matcher> alarmArn = event.resources().stream().filter(Objects::nonNull).map(ALARM_ARN::matcher)
                .filter(Matcher::matches).findFirst();
        // The alarm ARN says where the alarm lives; without one, the event's region and account do.
        String region = alarmArn.map(arn -> arn.group(2)).or(() -> Optional.ofNullable(event.region()).filter(AwsIds::isRegion))
                .orElseThrow(() -> new MalformedEventException(eventId, "alarm " + name
                        + " has no valid region: neither an alarm ARN in the event's resources nor the event's region"));
        String account = alarmArn.map(arn -> arn.group(3)).or(() -> AwsIds.accountId(event.account()))
                .orElseThrow(() -> new MalformedEventException(eventId, "alarm " + name
                        + " has no valid account: neither an alarm ARN in the event's resources nor the event's account"));
        if (alarmArn.isEmpty() && !event.resources().isEmpty()) {
            notes.add("The event's resources hold no CloudWatch alarm ARN; the ARN is built from its region, account and alarm name.");
        }
        String arn = SafeText.bounded(alarmArn.map(Matcher::group).orElse("arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + name), 1000);
        String partition = Console.partitionOf(arn);
        notes.addAll(reader.notes());
        Instant stateTime = Timestamps.parse(change.state().timestamp()).or(() -> Timestamps.parse(event.time())).orElseGet(() -> {
            notes.add("The event carries no readable state-change time; the time of processing is used.");
            return Instant.now();
        });
        String reason = SafeText.bounded(change.state().reason(), 1000);
        AlarmStateChange.Configuration configuration = change.configuration();
        List<AlarmStateChange.MetricQuery> metrics = configuration == null || configuration.metrics() == null
                ? List.of() : configuration.metrics().stream().filter(Objects::nonNull).toList();
        String console = Console.url(partition, region, "/cloudwatch/home?region=" + region + "#alarmsV2:alarm/" + Console.encode(name));

        List<Detail> details = new ArrayList<>();
        details.add(new Detail("Alarm", name + " (" + kind(configuration, metrics) + ")"));
        details.add(new Detail("State", (previous == null ? "?" : previous.name()) + " -> " + state.name() + " at " + stateTime));
        if (!reason.isEmpty()) {
            details.add(new Detail("Reason", reason));
        }
        if (configuration != null && configuration.alarmRule() != null) {
            details.add(new Detail("Rule", SafeText.bounded(configuration.alarmRule(), 2000)));
        }
        List<String> lines = metrics.stream().map(AlarmSignals::describe).toList();
        for (int i = 0; i < Math.min(lines.size(), MAX_METRIC_LINES); i++) {
            details.add(new Detail("Metric", lines.get(i)));
        }
        if (lines.size() > MAX_METRIC_LINES) {
            details.add(new Detail("Metric", "and " + (lines.size() - MAX_METRIC_LINES) + " more"));
        }
        details.add(new Detail("Account", account));
        details.add(new Detail("Region", region));
        details.add(new Detail("Alarm ARN", arn));
        details.add(new Detail("Console", console));

        Signal signal = Signal.builder(SOURCE)
                .key("alarm#" + arn)
                .kind(name)
                .sourceId(arn)
                .title(title(name, state, change.state().reasonData(), configuration, metrics))
                .summary(configuration == null ? "" : SafeText.clean(configuration.description()))
                .account(account)
                .region(region)
                .partition(partition)
                .details(details)
                .impactedServices(services(metrics))
                .seen(stateTime, stateTime)
                .consoleUrl(console)
                .notes(notes)
                .references(references(arn, console, region, metrics))
                .rawEvent(EventJson.toJson(event))
                .build();
        return new AlarmSignal(signal, state, previous, stateTime, reason);
    }

    private static String kind(AlarmStateChange.Configuration configuration, List<AlarmStateChange.MetricQuery> metrics) {
        if (configuration != null && configuration.alarmRule() != null) {
            return "composite alarm";
        }
        if (metrics.stream().anyMatch(m -> m.expression() != null && m.expression().contains("ANOMALY_DETECTION_BAND"))) {
            return "anomaly detection alarm";
        }
        if (metrics.stream().anyMatch(m -> m.expression() != null)) {
            return "metric math alarm";
        }
        return "metric alarm";
    }

    /** "prod-api-5xx-rate in ALARM: HTTPCode_Target_5XX_Count 12.0, threshold 5.0". */
    static String title(String name, AlarmState state, String reasonData, AlarmStateChange.Configuration configuration,
                        List<AlarmStateChange.MetricQuery> metrics) {
        String title = name + " in " + state.name();
        if (configuration != null && configuration.alarmRule() != null) {
            return SafeText.truncate(title + " (composite: " + SafeText.clean(configuration.alarmRule()) + ")", 300, "…");
        }
        Optional<JsonNode> data = parse(reasonData);
        String subject = metrics.stream().filter(m -> Boolean.TRUE.equals(m.returnData()) || metrics.size() == 1)
                .map(m -> m.label() != null ? m.label() : m.metricStat() != null && m.metricStat().metric() != null
                        ? m.metricStat().metric().name() : m.expression())
                .filter(Objects::nonNull).findFirst().map(SafeText::clean).orElse(null);
        if (data.isPresent()) {
            JsonNode recent = data.get().path("recentDatapoints");
            JsonNode threshold = data.get().path("threshold");
            String value = recent.isArray() && !recent.isEmpty() ? recent.get(recent.size() - 1).asText() : null;
            if (value != null && threshold.isNumber()) {
                return SafeText.truncate(title + ": " + (subject == null ? "" : subject + " ") + value + ", threshold "
                        + threshold.asText(), 300, "…");
            }
        }
        return subject == null ? title : title + ": " + subject;
    }

    static String describe(AlarmStateChange.MetricQuery query) {
        StringBuilder text = new StringBuilder(SafeText.bounded(query.id(), 64)).append(" = ");
        if (query.metricStat() != null && query.metricStat().metric() != null) {
            var stat = query.metricStat();
            var metric = stat.metric();
            text.append(SafeText.bounded(metric.namespace(), 255)).append(' ').append(SafeText.bounded(metric.name(), 255));
            if (metric.dimensions() != null && !metric.dimensions().isEmpty()) {
                List<String> dims = new ArrayList<>();
                metric.dimensions().forEach((k, v) -> dims.add(SafeText.bounded(k, 255) + "=" + SafeText.bounded(v, 255)));
                text.append(" (").append(String.join(", ", dims)).append(')');
            }
            if (stat.stat() != null) {
                text.append(' ').append(SafeText.bounded(stat.stat(), 64));
            }
            if (stat.period() != null) {
                text.append(" over ").append(stat.period()).append(" s");
            }
        } else if (query.expression() != null) {
            text.append(SafeText.bounded(query.expression(), MAX_FIELD));
        }
        if (query.label() != null) {
            text.append(" \"").append(SafeText.bounded(query.label(), 255)).append('"');
        }
        if (Boolean.FALSE.equals(query.returnData())) {
            text.append(" (input)");
        }
        return text.toString();
    }

    private static List<String> services(List<AlarmStateChange.MetricQuery> metrics) {
        List<String> services = new ArrayList<>();
        for (var query : metrics) {
            if (query.metricStat() != null && query.metricStat().metric() != null && query.metricStat().metric().namespace() != null) {
                String service = MetricNamespaces.service(query.metricStat().metric().namespace());
                if (service != null && !services.contains(service)) {
                    services.add(service);
                }
            }
        }
        return services;
    }

    private static List<Reference> references(String arn, String console, String region, List<AlarmStateChange.MetricQuery> metrics) {
        List<Reference> references = new ArrayList<>();
        references.add(new Reference(Reference.Kind.URL, "CloudWatch alarm in the console", console));
        references.add(new Reference(Reference.Kind.ARN, "CloudWatch alarm", arn));
        for (var query : metrics) {
            metricDefinition(query, region).ifPresent(definition -> references.add(new Reference(Reference.Kind.METRIC,
                    "Metric " + SafeText.bounded(query.label() != null ? query.label() : query.id(), 150), definition)));
        }
        return references;
    }

    /** A CloudWatch metric widget source for one metric of the alarm, as Incident Manager graphs it. */
    static Optional<String> metricDefinition(AlarmStateChange.MetricQuery query, String region) {
        if (query.metricStat() == null || query.metricStat().metric() == null) {
            return Optional.empty();
        }
        var stat = query.metricStat();
        ObjectNode widget = EventJson.MAPPER.createObjectNode();
        ArrayNode line = widget.putArray("metrics").addArray();
        line.add(stat.metric().namespace()).add(stat.metric().name());
        if (stat.metric().dimensions() != null) {
            for (Map.Entry<String, String> dimension : stat.metric().dimensions().entrySet()) {
                line.add(dimension.getKey()).add(dimension.getValue());
            }
        }
        widget.put("region", region);
        if (stat.period() != null) {
            widget.put("period", stat.period());
        }
        if (stat.stat() != null) {
            widget.put("stat", stat.stat());
        }
        return Optional.of(widget.toString());
    }

    private static Optional<JsonNode> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.MAPPER.readTree(json));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
