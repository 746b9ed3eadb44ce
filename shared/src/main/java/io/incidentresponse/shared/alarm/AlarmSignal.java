package io.incidentresponse.shared.alarm;

import io.incidentresponse.shared.signal.Signal;
import java.time.Instant;

/**
 * An alarm state change: the signal it is about, and where the alarm went.
 *
 * @param stateTime when CloudWatch changed the state (also the signal's last-seen time)
 */
public record AlarmSignal(Signal signal, AlarmState state, AlarmState previousState, Instant stateTime, String reason) {
}
