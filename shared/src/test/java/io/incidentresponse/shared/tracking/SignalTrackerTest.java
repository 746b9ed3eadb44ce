package io.incidentresponse.shared.tracking;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.ThrottlingException;

class SignalTrackerTest {
    private static final Decision.Open TO_SECURITY_IR = Decision.Open.securityIr(
            new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF, List.of()), null);
    static final TrackerSettings SETTINGS = new TrackerSettings(Duration.ofSeconds(90), Duration.ofSeconds(8),
            Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofDays(365));

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
    private final SignalTracker tracker = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr)),
            SETTINGS, clock, clock::advance, JsonLog.discard());

    private static Signal signal(String json) {
        return FindingSignals.fromEvent(envelope(json, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    private static Signal sshBruteForce() {
        return signal(text("guardduty/ec2-ssh-brute-force.json"));
    }

    private LedgerItem onlyItem() {
        assertEquals(1, ledger.items().size());
        return ledger.items().values().iterator().next();
    }

    @Test
    void newFindingOpensOneCaseAndRecordsItsId() {
        // when
        Outcome outcome = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);

        // then
        assertEquals(Outcome.CREATED, outcome.status());
        assertEquals(1, securityIr.createCaseRequests.size());
        LedgerItem item = onlyItem();
        assertEquals(TrackingState.OPEN, item.state());
        assertEquals(outcome.externalId(), item.externalId());
        assertEquals(1, item.occurrences());
        assertEquals(ClientTokens.forEpisode(sshBruteForce().key(), 1), securityIr.createCaseRequests.get(0).clientToken());
    }

    @Test
    void repeatedFindingAddsOccurrenceNotCase() {
        // given
        Outcome first = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);

        // when
        Outcome again = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);

        // then
        assertEquals(Outcome.REPEAT, again.status());
        assertEquals(first.externalId(), again.externalId());
        assertEquals(2, again.occurrences());
        assertEquals(1, securityIr.createCaseRequests.size());
        assertTrue(securityIr.commentRequests.isEmpty());
        assertEquals(2, onlyItem().occurrences());
    }

    @Test
    void repeatWithHigherSeverityAndNewAddressAddsOneComment() {
        // given
        Outcome first = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);
        Signal worse = signal(edited("guardduty/ec2-ssh-brute-force.json", tree -> {
            ((ObjectNode) tree.get("detail")).put("severity", 9.5);
            ((ObjectNode) tree.at("/detail/service/action/networkConnectionAction/remoteIpDetails")).put("ipAddressV4", "203.0.113.200");
        }));

        // when
        Outcome again = tracker.open("e2", worse, TO_SECURITY_IR);
        Outcome sameAgain = tracker.open("e3", worse, TO_SECURITY_IR);

        // then
        assertEquals(1, securityIr.commentRequests.size());
        var comment = securityIr.commentRequests.get(0);
        assertEquals(first.externalId(), comment.caseId());
        assertTrue(comment.body().contains("Severity raised from 8.0 to Critical (9.5)"), comment.body());
        assertTrue(comment.body().contains("New remote addresses: 203.0.113.200"), comment.body());
        assertTrue(again.detail().contains("severity 8.0 -> 9.5"), again.detail());
        assertEquals("nothing new; occurrence recorded", sameAgain.detail());
        assertEquals(9.5, onlyItem().maxSeverity());
        assertEquals(3, onlyItem().occurrences());
    }

    @Test
    void claimWhoseHolderDiedIsTakenOverWithTheSameClientToken() {
        // given a delivery that created the case, then died before recording it
        ledger.failNextOpened = 1;
        assertThrows(IllegalStateException.class, () -> tracker.open("e1", sshBruteForce(), TO_SECURITY_IR));
        assertEquals(TrackingState.CLAIMED, onlyItem().state());

        // when the redelivery comes after the lease ran out
        clock.advance(Duration.ofSeconds(91));
        Outcome outcome = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);

        // then
        assertEquals(Outcome.CREATED, outcome.status());
        assertEquals(2, securityIr.createCaseRequests.size());
        assertEquals(securityIr.createCaseRequests.get(0).clientToken(), securityIr.createCaseRequests.get(1).clientToken());
        assertEquals(1, securityIr.casesCreated());
        assertEquals(outcome.externalId(), onlyItem().externalId());
    }

    @Test
    void aTakeOverSendsTheWatchersTheClaimRecordedEvenWhenTheMembershipsTeamIsReadableByThen() {
        // given a delivery whose team lookup failed, which created the case with the configured watchers, then died
        securityIr.failMembershipWith = ThrottlingException.builder().message("Rate exceeded").build();
        securityIr.team = List.of(RecordingSecurityIr.responder("Ana Lima", "IR Lead", "ana@example.com"),
                RecordingSecurityIr.responder("Bo Chen", "Analyst", "bo@example.com"));
        Decision.Open routed = Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
                List.of(new io.incidentresponse.shared.signal.Watcher("soc@example.com", null, null))), null);
        SignalTracker withTeam = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr,
                new io.incidentresponse.shared.securityir.MembershipTeam(securityIr, "us-east-1", Duration.ofMinutes(60), clock,
                        JsonLog.discard()))), SETTINGS, clock, clock::advance, JsonLog.discard());
        ledger.failNextOpened = 1;
        assertThrows(IllegalStateException.class, () -> withTeam.open("e1", sshBruteForce(), routed));

        // when the redelivery takes the claim over, the team now readable
        securityIr.failMembershipWith = null;
        clock.advance(Duration.ofSeconds(91));
        Outcome outcome = withTeam.open("e1", sshBruteForce(), routed);

        // then both attempts sent the same watchers with the same token: one case
        assertEquals(Outcome.CREATED, outcome.status());
        assertEquals(2, securityIr.createCaseRequests.size());
        assertEquals(securityIr.createCaseRequests.get(0).watchers(), securityIr.createCaseRequests.get(1).watchers());
        assertEquals(List.of("soc@example.com"), securityIr.createCaseRequests.get(1).watchers().stream().map(w -> w.email()).toList());
        assertEquals(1, securityIr.casesCreated());
        assertEquals(1, securityIr.getMembershipRequests.size(), "the team was read, and not used for the claimed episode");

        // and the next new case gets the team
        withTeam.open("e2", signal(edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((ObjectNode) tree.get("detail")).put("id", "another-finding"))), routed);
        assertEquals(List.of("soc@example.com", "ana@example.com", "bo@example.com"),
                securityIr.createCaseRequests.get(2).watchers().stream().map(w -> w.email()).toList());
    }

    @Test
    void liveClaimIsWaitedForThenTheDeliveryFailsForRetry() {
        // given another delivery's claim that stays live, whose holder never finishes
        Signal signal = sshBruteForce();
        ledger.claim(new io.incidentresponse.shared.ledger.NewClaim(signal.key(), 1, Target.SECURITY_IR, "tok", "other",
                clock.instant(), clock.instant().plus(Duration.ofMinutes(10)), 8.0, java.util.Set.of(), signal.firstSeen(),
                signal.lastSeen(), signal.source(), signal.kind(), signal.account(), signal.region(), signal.title(), null));

        // when
        assertThrows(ClaimInProgressException.class, () -> tracker.open("e2", signal, TO_SECURITY_IR));

        // then nothing was created and the claim still belongs to its holder
        assertTrue(securityIr.createCaseRequests.isEmpty());
        assertEquals("other", onlyItem().owner());
    }

    @Test
    void failedCreateReleasesTheClaimSoTheNextDeliveryNeedNotWait() {
        // given the service throttles beyond the SDK's retries
        securityIr.failCreateWith = ThrottlingException.builder().message("slow down").build();
        assertThrows(ThrottlingException.class, () -> tracker.open("e1", sshBruteForce(), TO_SECURITY_IR));

        // when the redelivery arrives at once and the service answers again
        securityIr.failCreateWith = null;
        Outcome outcome = tracker.open("e1", sshBruteForce(), TO_SECURITY_IR);

        // then
        assertEquals(Outcome.CREATED, outcome.status());
        assertEquals(1, securityIr.casesCreated());
        assertNull(onlyItem().owner());
    }

    @Test
    void redeliveredAlarmRestatesNothingAndANewerStateChangeIsRestatedOnce() {
        // given an alarm whose ALARM opened a case
        Signal alarm = alarm("alarm/01-api-5xx-alarm.json");
        Outcome opened = tracker.open("e1", alarm, TO_SECURITY_IR, "In ALARM again at " + alarm.lastSeen());

        // when the same state change is delivered once more
        Outcome copy = tracker.open("e1", alarm, TO_SECURITY_IR, "In ALARM again at " + alarm.lastSeen());

        // then it is counted, and the case hears nothing
        assertEquals(Outcome.REPEAT, copy.status());
        assertEquals("nothing new; occurrence recorded", copy.detail());
        assertTrue(securityIr.commentRequests.isEmpty());

        // when a later state change into ALARM arrives, and is delivered twice
        Signal later = alarm("alarm/02-api-5xx-alarm-again.json");
        Outcome again = tracker.open("e2", later, TO_SECURITY_IR, "In ALARM again at " + later.lastSeen());
        Outcome againCopy = tracker.open("e2", later, TO_SECURITY_IR, "In ALARM again at " + later.lastSeen());

        // then the case is told once
        assertEquals(1, securityIr.commentRequests.size());
        assertEquals(opened.externalId(), securityIr.commentRequests.get(0).caseId());
        assertTrue(securityIr.commentRequests.get(0).body().contains("In ALARM again at 2026-10-14T09:26:48.210Z"),
                securityIr.commentRequests.get(0).body());
        assertTrue(again.detail().contains("In ALARM again"), again.detail());
        assertEquals("nothing new; occurrence recorded", againCopy.detail());
        assertEquals(4, onlyItem().occurrences());
        assertEquals(later.lastSeen(), onlyItem().lastSeen());
    }

    private static Signal alarm(String path) {
        return AlarmSignals.fromEvent(envelope(text(path), AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE)).signal();
    }
}
