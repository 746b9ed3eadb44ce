package io.incidentresponse.shared.securityir;

import static io.incidentresponse.shared.testing.RecordingSecurityIr.responder;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Watcher;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ListMembershipItem;
import software.amazon.awssdk.services.securityir.model.MembershipStatus;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.ThrottlingException;

/** The membership's incident response team as watchers: the lookup, its cache, its failures, and the merge. */
class MembershipTeamTest {
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
    private final List<String> logLines = new ArrayList<>();
    private final MembershipTeam team = new MembershipTeam(securityIr, "us-east-1", Duration.ofMinutes(60), clock,
            new JsonLog(logLines::add));

    private static Watcher watcher(String email) {
        return new Watcher(email, null, null);
    }

    private static Decision.Open routedWith(List<Watcher> watchers) {
        return Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF, watchers), null);
    }

    private static List<String> emails(List<Watcher> watchers) {
        return watchers.stream().map(Watcher::email).toList();
    }

    private List<String> warnings() {
        return logLines.stream().filter(line -> line.contains("\"WARN\"")).toList();
    }

    @Test
    void theTeamComesAfterTheConfiguredWatchersInTheirOrder() {
        // given
        securityIr.team = List.of(responder("Ana Lima", "IR Lead", "ana@example.com"), responder("Bo Chen", "Analyst", "bo@example.com"));

        // when
        Decision.Open prepared = new SecurityIrCases(securityIr, team)
                .prepare(routedWith(List.of(watcher("soc@example.com"), watcher("ciso@example.com"))));

        // then
        List<Watcher> watchers = prepared.caseSettings().watchers();
        assertEquals(List.of("soc@example.com", "ciso@example.com", "ana@example.com", "bo@example.com"), emails(watchers));
        assertEquals(new Watcher("ana@example.com", "Ana Lima", "IR Lead"), watchers.get(2));
    }

    @Test
    void aPersonBothConfiguredAndOnTheTeamIsListedOnceAsConfiguredWhateverTheCaseOfTheEmail() {
        // given
        securityIr.team = List.of(responder("Ana Lima", "IR Lead", "Ana@Example.com"), responder("Bo Chen", "Analyst", "bo@example.com"),
                responder("Bo Again", "Analyst", "BO@example.com"));

        // when
        List<Watcher> merged = Watchers.merge(List.of(watcher("ana@example.com"), watcher("soc@example.com"), watcher("SOC@example.com")),
                team.current());

        // then
        assertEquals(List.of("ana@example.com", "soc@example.com", "bo@example.com"), emails(merged));
        assertEquals(new Watcher("ana@example.com", null, null), merged.get(0), "the configured entry wins");
    }

    @Test
    void configuredAndTeamTogetherAreCutToThirtyInTheRequestWhichSaysSo() {
        // given 25 configured watchers and a team of 10
        List<Watcher> configured = IntStream.range(0, 25).mapToObj(i -> watcher("soc" + i + "@example.com")).toList();
        securityIr.team = IntStream.range(0, 10).mapToObj(i -> responder("Responder " + i, "Analyst", "ir" + i + "@example.com")).toList();
        Signal signal = FindingSignals.fromEvent(envelope(text("guardduty/ec2-ssh-brute-force.json"), FindingSignals.SOURCE,
                FindingSignals.DETAIL_TYPE));

        // when
        Decision.Open prepared = new SecurityIrCases(securityIr, team).prepare(routedWith(configured));
        CreateCaseRequest request = CaseRequests.createCase(signal, prepared.caseSettings(), "token");

        // then the configured first, then the first five of the team
        assertEquals(CaseLimits.WATCHERS_MAX, request.watchers().size());
        assertEquals("soc24@example.com", request.watchers().get(24).email());
        assertEquals("ir4@example.com", request.watchers().get(29).email());
        assertTrue(request.description().contains("5 watchers left out: Security IR takes at most 30."), request.description());
    }

    @Test
    void theTeamIsReadOnceAndAgainOnlyAfterTheInterval() {
        // given
        securityIr.team = List.of(responder("Ana Lima", "IR Lead", "ana@example.com"), responder("Bo Chen", "Analyst", "bo@example.com"));

        // when
        team.current();
        clock.advance(Duration.ofMinutes(59));
        team.current();
        securityIr.team = List.of(responder("Cy Dor", "IR Lead", "cy@example.com"), responder("Bo Chen", "Analyst", "bo@example.com"));
        List<Watcher> beforeTheInterval = team.current();
        clock.advance(Duration.ofMinutes(1));
        List<Watcher> after = team.current();

        // then
        assertEquals(List.of("ana@example.com", "bo@example.com"), emails(beforeTheInterval));
        assertEquals(List.of("cy@example.com", "bo@example.com"), emails(after));
        assertEquals(2, securityIr.getMembershipRequests.size());
        assertEquals("m-0a1b2c3d4e", securityIr.getMembershipRequests.get(0).membershipId());
    }

    @Test
    void membershipsArePagedAndTheActiveOneInTheMembershipRegionIsTaken() {
        // given a cancelled membership and an active one elsewhere listed first, one to a page
        securityIr.otherMemberships = List.of(
                ListMembershipItem.builder().membershipId("m-0000000001").region("us-east-1").membershipStatus(MembershipStatus.CANCELLED).build(),
                ListMembershipItem.builder().membershipId("m-0000000002").region("eu-west-1").membershipStatus(MembershipStatus.ACTIVE).build());
        securityIr.membershipsPerPage = 1;
        securityIr.team = List.of(responder("Ana Lima", "IR Lead", "ana@example.com"), responder("Bo Chen", "Analyst", "bo@example.com"));

        // when
        List<Watcher> watchers = team.current();

        // then
        assertEquals(3, securityIr.listMembershipsRequests.size());
        assertEquals(List.of("m-0a1b2c3d4e"), securityIr.getMembershipRequests.stream().map(r -> r.membershipId()).toList());
        assertEquals(2, watchers.size());
    }

    @Test
    void ofSeveralActiveMembershipsTheSmallestIdIsTaken() {
        // given
        securityIr.otherMemberships = List.of(
                ListMembershipItem.builder().membershipId("m-9999999999").region("us-east-1").membershipStatus(MembershipStatus.ACTIVE).build(),
                ListMembershipItem.builder().membershipId("m-0000000003").membershipStatus(MembershipStatus.ACTIVE).build());

        // when
        team.current();

        // then
        assertEquals("m-0000000003", securityIr.getMembershipRequests.get(0).membershipId());
        assertTrue(logLines.stream().anyMatch(line -> line.contains("\"activeMemberships\":3")), logLines.toString());
    }

    @Test
    void aFailingLookupNeverBlocksACaseIsLoggedOncePerStreakAndTriedAgainAfterAMinute() {
        // given
        securityIr.failMembershipWith = ThrottlingException.builder().message("Rate exceeded").build();
        SecurityIrCases cases = new SecurityIrCases(securityIr, team);

        // when the lookup fails three times in a row
        Decision.Open first = cases.prepare(routedWith(List.of(watcher("soc@example.com"))));
        cases.prepare(routedWith(List.of(watcher("soc@example.com"))));
        clock.advance(Duration.ofMinutes(1));
        cases.prepare(routedWith(List.of(watcher("soc@example.com"))));

        // then every case has the configured watchers, one warning was logged, and it was tried twice (not every case)
        assertEquals(List.of("soc@example.com"), emails(first.caseSettings().watchers()));
        assertEquals(1, warnings().size(), logLines.toString());
        assertTrue(warnings().get(0).contains("Rate exceeded"), warnings().get(0));
        assertEquals(2, securityIr.listMembershipsRequests.size());

        // when it recovers
        securityIr.failMembershipWith = null;
        securityIr.team = List.of(responder("Ana Lima", "IR Lead", "ana@example.com"), responder("Bo Chen", "Analyst", "bo@example.com"));
        clock.advance(Duration.ofMinutes(1));
        Decision.Open recovered = cases.prepare(routedWith(List.of(watcher("soc@example.com"))));

        // then
        assertEquals(List.of("soc@example.com", "ana@example.com", "bo@example.com"), emails(recovered.caseSettings().watchers()));
        assertTrue(logLines.stream().anyMatch(line -> line.contains("read the Security IR membership's incident response team again")));

        // and a refresh that fails keeps the team read before
        securityIr.failMembershipWith = ThrottlingException.builder().message("Rate exceeded").build();
        clock.advance(Duration.ofMinutes(60));
        assertEquals(3, cases.prepare(routedWith(List.of(watcher("soc@example.com")))).caseSettings().watchers().size());
        assertEquals(2, warnings().size());
    }

    @Test
    void aMembershipOnlyInAnotherRegionIsNamedAndNotTriedAgainBeforeTheInterval() {
        // given
        securityIr.membershipRegion = "eu-west-1";

        // when
        List<Watcher> watchers = team.current();
        clock.advance(Duration.ofMinutes(5));
        team.current();

        // then
        assertTrue(watchers.isEmpty());
        assertEquals(1, securityIr.listMembershipsRequests.size());
        assertTrue(warnings().get(0).contains("no Active membership in us-east-1, but m-0a1b2c3d4e in eu-west-1: set SECURITY_IR_REGION"),
                warnings().get(0));
        assertTrue(securityIr.getMembershipRequests.isEmpty());
    }

    @Test
    void switchedOffNothingIsCalledAndOnlyTheConfiguredWatchersRemain() {
        // when
        Decision.Open prepared = new SecurityIrCases(securityIr, MembershipTeam.none()).prepare(routedWith(List.of(watcher("soc@example.com"))));

        // then
        assertEquals(List.of("soc@example.com"), emails(prepared.caseSettings().watchers()));
        assertTrue(securityIr.listMembershipsRequests.isEmpty());
    }

    @Test
    void aRegionOutsideTheListIsAWarningNotARefusal() {
        assertTrue(SecurityIrRegions.warning("us-east-1").isEmpty());
        assertEquals(15, SecurityIrRegions.OFFERED.size());
        assertTrue(SecurityIrRegions.warning("ap-southeast-7").orElseThrow().startsWith("SECURITY_IR_REGION ap-southeast-7 is not one of the 15"));
    }
}
