package io.incidentresponse.shared.function;

import io.incidentresponse.shared.clients.OnFirstUse;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Change;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.StatusSource;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The targets and status sources of the composition roots, each built with its client on the first
 * call that needs it ({@link OnFirstUse}): routing decides per signal which service is called, so
 * a function builds and loads only the ones its signals reach.
 */
final class FirstUse {
    private FirstUse() {
    }

    static CaseTarget caseTarget(Supplier<? extends CaseTarget> build) {
        OnFirstUse<CaseTarget> target = new OnFirstUse<>(build);
        return new CaseTarget() {
            @Override
            public String initialStatus() {
                return target.get().initialStatus();
            }

            @Override
            public Decision.Open prepare(Decision.Open decision) {
                return target.get().prepare(decision);
            }

            @Override
            public String open(Signal signal, Decision.Open decision, String clientToken) {
                return target.get().open(signal, decision, clientToken);
            }

            @Override
            public void addUpdate(String externalId, Signal signal, Change change, long occurrences, String clientToken) {
                target.get().addUpdate(externalId, signal, change, occurrences, clientToken);
            }

            @Override
            public void addRecovery(String externalId, Signal signal, Instant recoveredAt, String reason, String clientToken) {
                target.get().addRecovery(externalId, signal, recoveredAt, reason, clientToken);
            }

            @Override
            public Optional<String> resolve(String externalId, String clientToken) {
                return target.get().resolve(externalId, clientToken);
            }
        };
    }

    static StatusSource statusSource(Supplier<? extends StatusSource> build) {
        OnFirstUse<StatusSource> source = new OnFirstUse<>(build);
        return externalId -> source.get().fetch(externalId);
    }
}
