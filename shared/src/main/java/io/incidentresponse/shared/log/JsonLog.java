package io.incidentresponse.shared.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.incidentresponse.shared.event.EventJson;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per line, so CloudWatch Logs Insights can query every field: {@code timestamp},
 * {@code level}, {@code message}, the Lambda {@code requestId}, the {@code function}, the
 * {@code eventId} and {@code signalKey} of the event in hand where there is one, then the line's
 * own fields. The {@code timestamp} and {@code level} keys are the ones Lambda's JSON log format
 * reads, so its {@code ApplicationLogLevel} filters these lines as it does its own. Callers pass text
 * from findings through SafeText first; the JSON encoding escapes what is left.
 *
 * <p>A Lambda container runs one invocation at a time: {@link #beginInvocation} sets what every line
 * of the invocation carries (the poller's worker threads included), {@link #endInvocation} clears it.
 */
public final class JsonLog {
    private final Consumer<String> sink;
    private final Clock clock;
    private final String function;
    private volatile Map<String, Object> invocation = Map.of();

    public JsonLog(Consumer<String> sink) {
        this(sink, Clock.systemUTC(), null);
    }

    /** @param function the Lambda function's name ({@code AWS_LAMBDA_FUNCTION_NAME}), or null outside Lambda */
    public JsonLog(Consumer<String> sink, Clock clock, String function) {
        this.sink = sink;
        this.clock = clock;
        this.function = function;
    }

    public static JsonLog toStdout(String function) {
        return new JsonLog(System.out::println, Clock.systemUTC(), function);
    }

    public static JsonLog discard() {
        return new JsonLog(line -> { });
    }

    /** The same log, written elsewhere (replay --verbose prints what a deployed function would). */
    public JsonLog to(Consumer<String> otherSink) {
        return new JsonLog(otherSink, clock, function);
    }

    /** Every line from now until {@link #endInvocation} carries this request id (null: none). */
    public void beginInvocation(String requestId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (requestId != null) {
            fields.put("requestId", requestId);
        }
        invocation = Map.copyOf(fields);
    }

    /** Adds a field every further line of this invocation carries: the event id, then the signal key. */
    public void withInvocationField(String name, Object value) {
        if (value == null) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>(invocation);
        fields.put(name, value);
        invocation = fields;
    }

    public void endInvocation() {
        invocation = Map.of();
    }

    public void info(String message, Object... keyValues) {
        write("INFO", message, keyValues);
    }

    public void warn(String message, Object... keyValues) {
        write("WARN", message, keyValues);
    }

    public void error(String message, Object... keyValues) {
        write("ERROR", message, keyValues);
    }

    private void write(String level, String message, Object... keyValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        line.put("level", level);
        line.put("message", message);
        Map<String, Object> context = invocation;
        Object requestId = context.get("requestId");
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        if (function != null) {
            line.put("function", function);
        }
        context.forEach(line::putIfAbsent);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value != null) {
                // Numbers and booleans stay JSON values; anything else (times, enums) is logged as its text.
                line.put(String.valueOf(keyValues[i]), value instanceof Number || value instanceof Boolean ? value : String.valueOf(value));
            }
        }
        try {
            sink.accept(EventJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"timestamp\":\"" + line.get("timestamp") + "\",\"level\":\"" + level
                    + "\",\"message\":\"unloggable fields: " + e.getOriginalMessage().replace('"', '\'').replace('\\', '/') + "\"}");
        }
    }
}
