package io.incidentresponse.shared.status;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.function.PollerSettings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.StatusSource;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.EmfLines;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingEventBridge;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/** Every poll run reports itself in EMF, also when it fails: the heartbeat alarm counts PollRuns. */
class PollerMetricsTest {
    private static final Map<String, String> FUNCTION = Map.of("FunctionName", "case-poller");
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-20T12:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics(lines::add, "IncidentResponse", "case-poller", clock);

    @BeforeEach
    void threeOpenCasesOneMinuteOverdue() {
        var tracker = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(new RecordingSecurityIr())),
                TrackerSettings.from(new Settings(Map.of())), clock, clock::advance, JsonLog.discard());
        for (int i = 0; i < 3; i++) {
            String id = String.format("%032x", i);
            var signal = FindingSignals.fromEvent(envelope(edited("guardduty/ec2-ssh-brute-force.json",
                    tree -> ((ObjectNode) tree.get("detail")).put("id", id)), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
            tracker.open("e" + i, signal, Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
                    List.of()), null));
        }
        // The first poll is due five minutes after opening.
        clock.advance(Duration.ofMinutes(6));
    }

    private PollerRequests poller(StatusSource source) {
        return PollerFunction.create(PollerSettings.from(new Settings(Map.of("LEDGER_TABLE", "t"))), ledger,
                Map.of(Target.SECURITY_IR, source), new StatusAnnouncer(new RecordingEventBridge(), "default"), "us-east-1", "us-east-1",
                clock, JsonLog.discard(), metrics);
    }

    private void run(PollerRequests poller, String event) throws IOException {
        poller.handle(stream(event), new ByteArrayOutputStream(), () -> 60_000, "r-1");
    }

    @Test
    void aRunCountsWhatItReadPolledChangedAndClosedItsLagAndTheOpenItems() throws IOException {
        // given one case closed, one acknowledged, one unchanged
        AtomicInteger calls = new AtomicInteger();
        PollerRequests poller = poller(id -> switch (calls.getAndIncrement()) {
            case 0 -> new ExternalStatus("Closed", null, "Resolved", Instant.parse("2026-10-20T12:05:00Z"), true, false);
            case 1 -> new ExternalStatus("Acknowledged", null, null, null, false, false);
            default -> new ExternalStatus("Submitted", null, null, null, false, false);
        });

        // when
        run(poller, text("schedule/scheduled-poll.json"));

        // then
        List<EmfLines.Datum> data = EmfLines.parse(lines);
        Map<String, Double> sums = EmfLines.sums(data, FUNCTION);
        assertEquals(1, sums.get("PollRuns"));
        assertEquals(1, sums.get("ColdStart"));
        assertEquals(3, sums.get("ItemsRead"));
        assertEquals(3, sums.get("Polled"));
        assertEquals(2, sums.get("Changed"));
        assertEquals(1, sums.get("Closed"));
        assertEquals(0, sums.get("PollFailures"));
        assertEquals(0, sums.get("LeftForNextRun"));
        assertEquals(60, sums.get("PollLagSeconds"), "due at 12:05, run at 12:06");
        assertEquals("Seconds", data.stream().filter(d -> d.name().equals("PollLagSeconds")).findFirst().orElseThrow().unit());
        assertEquals(2, sums.get("OpenItems"), "the closed one left the index once its closing was announced");
    }

    @Test
    void aRunThatStopsEarlySaysWhyAndWhatItLeft() throws IOException {
        // given
        PollerRequests poller = poller(id -> new ExternalStatus("Submitted", null, null, null, false, false));

        // when: less time left than the margin
        poller.handle(stream(text("schedule/scheduled-poll.json")), new ByteArrayOutputStream(), () -> 5_000, "r-1");

        // then
        List<EmfLines.Datum> data = EmfLines.parse(lines);
        assertEquals(1, EmfLines.sum(data, "RunsStoppedEarly", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "RunsStoppedEarly", Map.of("FunctionName", "case-poller", "Reason", "Time")));
        assertEquals(1, EmfLines.sum(data, "PollRuns", FUNCTION));
    }

    @Test
    void aFailingRunStillCountsItsRunAndTheFailure() {
        // given the ledger cannot be read
        ledger.failDueWith = new IllegalStateException("DynamoDB is unreachable");
        PollerRequests poller = poller(id -> new ExternalStatus("Submitted", null, null, null, false, false));

        // when
        assertThrows(IllegalStateException.class, () -> run(poller, text("schedule/scheduled-poll.json")));

        // then
        List<EmfLines.Datum> data = EmfLines.parse(lines);
        assertEquals(1, EmfLines.sum(data, "PollRuns", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "PollFailures", FUNCTION));
    }
}
