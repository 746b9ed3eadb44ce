package io.incidentresponse.shared.pipeline;

import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.signal.Signal;
import java.util.List;

/** GuardDuty findings: each opens its case once; a repeat is counted and tells the case what it adds. */
public final class FindingSource implements SignalSource {

    @Override
    public String source() {
        return FindingSignals.SOURCE;
    }

    @Override
    public String detailType() {
        return FindingSignals.DETAIL_TYPE;
    }

    @Override
    public Arrival read(EventEnvelope event) {
        Signal signal = FindingSignals.fromEvent(event);
        return new Arrival(signal, Intent.Open.once(), "finding", List.of("findingType", signal.kind(), "severity", signal.severity()));
    }
}
