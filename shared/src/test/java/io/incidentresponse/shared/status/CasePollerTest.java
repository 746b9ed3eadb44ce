package io.incidentresponse.shared.status;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.StatusSource;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingEventBridge;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.ThrottlingException;

class CasePollerTest {
    private static final int CASES = 40;
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-20T12:00:00Z"));
    private final RecordingEventBridge bus = new RecordingEventBridge();
    private final AtomicInteger fetches = new AtomicInteger();

    @BeforeEach
    void fortyOpenCasesDueNow() {
        var tracker = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(new RecordingSecurityIr())),
                TrackerSettings.from(new Settings(Map.of())), clock, clock::advance, JsonLog.discard());
        for (int i = 0; i < CASES; i++) {
            String id = String.format("%032x", i);
            var signal = FindingSignals.fromEvent(envelope(edited("guardduty/ec2-ssh-brute-force.json",
                    tree -> ((ObjectNode) tree.get("detail")).put("id", id)), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
            tracker.open("e" + i, signal, Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
                    List.of()), null));
        }
        clock.advance(Duration.ofMinutes(6));
    }

    private CasePoller poller(StatusSource source) {
        StatusUpdates updates = new StatusUpdates(ledger, Map.of(Target.SECURITY_IR, source), new StatusAnnouncer(bus, "default"),
                new PollSchedule(Duration.ofMinutes(5)), Duration.ofDays(365), Duration.ofMinutes(2), "us-east-1", "us-east-1", clock, JsonLog.discard());
        return new CasePoller(ledger, updates, 4, Duration.ofSeconds(10), clock, JsonLog.discard());
    }

    @Test
    void everyDueCaseIsPolledOnceAndChangesAreCounted() {
        // given the service reports every case acknowledged
        CasePoller poller = poller(id -> {
            fetches.incrementAndGet();
            return new ExternalStatus("Acknowledged", null, null, null, false, false);
        });

        // when
        PollReport report = poller.run(() -> 60_000);

        // then
        assertEquals(new PollReport(CASES, CASES, CASES, 0, 0, 0, false, null), report);
        assertEquals(CASES, fetches.get());
        assertEquals(CASES, bus.entries.size());
    }

    @Test
    void runWithTwoSecondsLeftStopsBeforeTakingAnItem() {
        // when
        PollReport report = poller(id -> {
            fetches.incrementAndGet();
            return new ExternalStatus("Submitted", null, null, null, false, false);
        }).run(() -> 2_000);

        // then
        assertEquals(0, fetches.get());
        assertEquals(0, report.polled());
        assertTrue(report.stoppedEarly());
        assertTrue(report.stopReason().startsWith("time"), report.stopReason());
    }

    @Test
    void throttlingStormLeavesTheRestForTheNextRun() {
        // given a service that throttles everything, beyond the SDK's retries
        CasePoller poller = poller(id -> {
            fetches.incrementAndGet();
            throw ThrottlingException.builder().statusCode(429)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).message("slow down").build();
        });

        // when
        PollReport report = poller.run(() -> 60_000);

        // then
        assertTrue(report.stoppedEarly(), report.toString());
        assertTrue(report.stopReason().startsWith("throttling"), report.stopReason());
        assertTrue(fetches.get() < CASES, "stopped taking new items: " + fetches.get());
        assertEquals(fetches.get(), report.failed());
        assertTrue(report.left() > 0, report.toString());
        assertTrue(bus.entries.isEmpty());
    }

    @Test
    void runTakesNoItemOnceTheFourthInARowIsThrottled() {
        // given a service that throttles everything, the first four calls answering after 100, 200, 300
        // and 400 ms (later ones after 400): each frees its slot while the run waits for one, the fourth last
        CasePoller poller = poller(id -> {
            int call = fetches.incrementAndGet();
            try {
                Thread.sleep(Math.min(call, 4) * 100L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw ThrottlingException.builder().statusCode(429)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ThrottlingException").build()).message("slow down").build();
        });

        // when
        PollReport report = poller.run(() -> 60_000);

        // then it took the first four, one more for each of the first three throttled, and none for the
        // fourth: by then four in a row were throttled, the stop the report gives
        assertTrue(report.stopReason().startsWith("throttling: 4 items"), report.toString());
        assertEquals(4 + 3, fetches.get(), report.toString());
        assertEquals(4 + 3, report.failed(), report.toString());
        assertEquals(0, report.polled(), report.toString());
    }
}
