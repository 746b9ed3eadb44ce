package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.alarm.AlarmSignal;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.signal.IgnoreReason;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.text.SafeText;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch alarm state changes, with the episode rules: ALARM opens an episode (or tells the
 * open one it is in ALARM again, and applies an OK that was delivered first), OK records the
 * recovery and, with {@code autoResolve}, resolves the incident, and INSUFFICIENT_DATA is only
 * logged, or noted on the open incident with {@code insufficientDataTimeline}.
 */
public final class AlarmSource implements SignalSource {
    private final boolean autoResolve;
    private final boolean insufficientDataTimeline;

    public AlarmSource(boolean autoResolve, boolean insufficientDataTimeline) {
        this.autoResolve = autoResolve;
        this.insufficientDataTimeline = insufficientDataTimeline;
    }

    @Override
    public String source() {
        return AlarmSignals.SOURCE;
    }

    @Override
    public String detailType() {
        return AlarmSignals.DETAIL_TYPE;
    }

    @Override
    public Arrival read(EventEnvelope event) {
        AlarmSignal alarm = AlarmSignals.fromEvent(event);
        Intent intent = switch (alarm.state()) {
            case ALARM -> new Intent.Open("In ALARM again at " + alarm.stateTime() + ": " + SafeText.truncate(alarm.reason(), 1000, "…"),
                    true, autoResolve);
            case OK -> new Intent.Recover(alarm.stateTime(), alarm.reason(), autoResolve);
            case INSUFFICIENT_DATA -> insufficientDataTimeline
                    ? new Intent.Note("INSUFFICIENT_DATA at " + alarm.stateTime() + ": " + alarm.reason())
                    : new Intent.Ignore("INSUFFICIENT_DATA is only logged (INSUFFICIENT_DATA_TIMELINE=true notes it on the open incident)",
                            IgnoreReason.InsufficientData);
        };
        List<Object> fields = new ArrayList<>(List.of("alarmName", alarm.signal().kind()));
        if (alarm.previousState() != null) {
            fields.addAll(List.of("previousState", alarm.previousState()));
        }
        fields.addAll(List.of("stateTime", alarm.stateTime()));
        return new Arrival(alarm.signal(), intent, "alarm " + alarm.state(), fields);
    }

    /** "alarm ALARM: created", "alarm INSUFFICIENT_DATA: ignored". */
    @Override
    public String describe(Arrival arrival, Outcome outcome) {
        return arrival.subject() + ": " + outcome.status();
    }
}
