package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.signal.Signal;
import java.util.List;

/**
 * An event as its source read it: the source-neutral signal, what it asks of its episode, and
 * what the log line about it says beyond what every line says.
 *
 * @param subject how the log names it: "finding", "alarm ALARM"
 * @param logFields alternating names and values, e.g. the finding type and severity
 */
public record Arrival(Signal signal, Intent intent, String subject, List<Object> logFields) {
    public Arrival {
        logFields = List.copyOf(logFields);
    }
}
