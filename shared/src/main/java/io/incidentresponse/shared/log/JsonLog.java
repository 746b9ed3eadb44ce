package io.incidentresponse.shared.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One JSON object per line, so CloudWatch Logs Insights can query every field. Callers pass text
 * from findings through SafeText first; the JSON encoding escapes what is left.
 */
public final class JsonLog {
    private final Consumer<String> sink;

    public JsonLog(Consumer<String> sink) {
        this.sink = sink;
    }

    public static JsonLog toStdout() {
        return new JsonLog(System.out::println);
    }

    public static JsonLog discard() {
        return new JsonLog(line -> { });
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
        line.put("level", level);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            if (value != null) {
                // Numbers, booleans and JSON trees stay JSON values; anything else (times, enums) is logged as its text.
                boolean json = value instanceof Number || value instanceof Boolean || value instanceof JsonNode;
                line.put(String.valueOf(keyValues[i]), json ? value : String.valueOf(value));
            }
        }
        try {
            sink.accept(EventJson.MAPPER.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            sink.accept("{\"level\":\"" + level + "\",\"message\":\"unloggable fields: " + e.getOriginalMessage().replace('"', '\'') + "\"}");
        }
    }
}
