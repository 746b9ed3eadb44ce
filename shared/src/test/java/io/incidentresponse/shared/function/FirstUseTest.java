package io.incidentresponse.shared.function;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Change;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.StatusSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstUseTest {

    @Test
    void aTargetIsBuiltOnItsFirstCallOnlyAndEveryCallReachesIt() {
        AtomicInteger builds = new AtomicInteger();
        List<String> calls = new ArrayList<>();
        CaseTarget target = FirstUse.caseTarget(() -> {
            builds.incrementAndGet();
            return new RecordingTarget(calls);
        });
        assertEquals(0, builds.get(), "composing the function builds no client");

        assertEquals("Submitted", target.initialStatus());
        assertEquals("case-1", target.open(null, null, "token"));
        target.addUpdate("case-1", null, null, 2, "t2");
        target.addRecovery("case-1", null, Instant.EPOCH, "back to OK", "t3");
        assertEquals(Optional.of("Closed"), target.resolve("case-1", "t4"));
        target.prepare(null);

        assertEquals(1, builds.get());
        assertEquals(List.of("initialStatus", "open token", "addUpdate case-1 2 t2", "addRecovery case-1 back to OK t3",
                "resolve case-1 t4", "prepare"), calls);
    }

    @Test
    void aStatusSourceIsBuiltOnItsFirstFetchOnly() {
        AtomicInteger builds = new AtomicInteger();
        StatusSource source = FirstUse.statusSource(() -> {
            builds.incrementAndGet();
            return id -> ExternalStatus.notFound();
        });
        assertEquals(0, builds.get());
        source.fetch("a");
        source.fetch("b");
        assertEquals(1, builds.get());
    }

    private record RecordingTarget(List<String> calls) implements CaseTarget {
        @Override
        public String initialStatus() {
            calls.add("initialStatus");
            return "Submitted";
        }

        @Override
        public Decision.Open prepare(Decision.Open decision) {
            calls.add("prepare");
            return decision;
        }

        @Override
        public String open(Signal signal, Decision.Open decision, String clientToken) {
            calls.add("open " + clientToken);
            return "case-1";
        }

        @Override
        public void addUpdate(String externalId, Signal signal, Change change, long occurrences, String clientToken) {
            calls.add("addUpdate " + externalId + " " + occurrences + " " + clientToken);
        }

        @Override
        public void addRecovery(String externalId, Signal signal, Instant recoveredAt, String reason, String clientToken) {
            calls.add("addRecovery " + externalId + " " + reason + " " + clientToken);
        }

        @Override
        public Optional<String> resolve(String externalId, String clientToken) {
            calls.add("resolve " + externalId + " " + clientToken);
            return Optional.of("Closed");
        }
    }
}
