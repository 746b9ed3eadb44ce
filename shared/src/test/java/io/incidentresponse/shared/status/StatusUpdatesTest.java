package io.incidentresponse.shared.status;

import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Console;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingEventBridge;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class StatusUpdatesTest {
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-20T12:00:00Z"));
    private final RecordingEventBridge bus = new RecordingEventBridge();
    private final AtomicReference<ExternalStatus> serviceSays = new AtomicReference<>();
    private final StatusUpdates updates = new StatusUpdates(ledger, Map.of(Target.SECURITY_IR, id -> serviceSays.get()),
            new StatusAnnouncer(bus, "ops-bus"), new PollSchedule(Duration.ofMinutes(5)), Duration.ofDays(365), Duration.ofMinutes(2),
            "eu-west-1", "us-east-1", clock, JsonLog.discard());
    private String caseId;
    private String key;

    @BeforeEach
    void openACase() {
        var signal = FindingSignals.fromEvent(envelope(text("guardduty/ec2-ssh-brute-force.json"), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
        var tracker = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(new RecordingSecurityIr())),
                TrackerSettings.from(new Settings(Map.of())), clock, clock::advance, JsonLog.discard());
        caseId = tracker.open("e1", signal, Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
                List.of()), null)).externalId();
        key = signal.key();
    }

    private LedgerItem item() {
        return ledger.get(key, 1).orElseThrow();
    }

    private JsonNode detail(int index) throws IOException {
        return EventJson.MAPPER.readTree(bus.entries.get(index).detail());
    }

    @Test
    void unchangedCaseIsOnlyRescheduled() {
        // given
        serviceSays.set(new ExternalStatus("Submitted", null, null, null, false, false));

        // when
        StatusUpdates.Result result = updates.update(item());

        // then
        assertEquals(StatusUpdates.Result.UNCHANGED, result);
        assertTrue(bus.entries.isEmpty());
        assertEquals(clock.instant().plus(Duration.ofMinutes(5)), ledger.nextPollAt(key, 1));
    }

    @Test
    void changeIsRecordedAndAnnouncedOnceWithEverythingATeamRoutesOn() throws IOException {
        // given
        serviceSays.set(new ExternalStatus("Detection and Analysis", "Customer", null, null, false, false));

        // when
        StatusUpdates.Result first = updates.update(item());
        StatusUpdates.Result again = updates.update(item());

        // then
        assertEquals(StatusUpdates.Result.CHANGED, first);
        assertEquals(StatusUpdates.Result.UNCHANGED, again);
        assertEquals(1, bus.entries.size());
        assertEquals("incident-response", bus.entries.get(0).source());
        assertEquals("Case Status Changed", bus.entries.get(0).detailType());
        assertEquals("ops-bus", bus.entries.get(0).eventBusName());
        JsonNode detail = detail(0);
        assertEquals(key, detail.get("signalKey").asText());
        assertEquals("SECURITY_IR", detail.get("target").asText());
        assertEquals(caseId, detail.get("externalId").asText());
        assertEquals("Submitted", detail.get("previousStatus").asText());
        assertEquals("Detection and Analysis", detail.get("status").asText());
        assertEquals("Customer", detail.get("pendingAction").asText());
        assertEquals("https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/" + caseId,
                detail.get("consoleUrl").asText(), "a case's link is in the membership's region, not the stack's (eu-west-1)");
        assertNull(item().announcement());
        assertEquals("Detection and Analysis", item().externalStatus());
    }

    @Test
    void anIncidentsLinkIsInTheStacksRegionAndACasesInTheMembershipsRegion() {
        // given an incident tracked beside the case
        String incidentArn = "arn:aws:ssm-incidents::111122223333:incident-record/critical-alarms/6ec7b4d8-0a5d-4b0f-9cf6-6e3d8c1e7a10";
        LedgerItem c = item();
        LedgerItem incident = new LedgerItem("alarm#x", 1, Target.INCIDENT_MANAGER, TrackingState.OPEN, incidentArn, "OPEN", "t", null,
                null, 1, 0, java.util.Set.of(), null, null, null, null, null, 1, null, null, null, null, null, null, "x", "x", null);

        // when / then
        assertEquals("https://eu-west-1.console.aws.amazon.com/systems-manager/incidents/incident-record/home?region=eu-west-1#/"
                + Console.encode(incidentArn), updates.consoleUrl(incident));
        assertTrue(updates.consoleUrl(c).startsWith("https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1"));
    }

    @Test
    void closedCaseIsAnnouncedWithItsClosureCodeAndLeavesTheIndex() throws IOException {
        // given
        Instant closedAt = clock.instant().minusSeconds(30);
        serviceSays.set(new ExternalStatus("Closed", "None", "False Positive", closedAt, true, false));

        // when
        StatusUpdates.Result result = updates.update(item());

        // then
        assertEquals(StatusUpdates.Result.CLOSED, result);
        assertEquals("False Positive", detail(0).get("closureCode").asText());
        assertTrue(detail(0).get("closed").asBoolean());
        assertEquals(TrackingState.CLOSED, item().state());
        assertEquals(closedAt, item().closedAt());
        assertNull(ledger.nextPollAt(key, 1), "a closed, announced item is out of the poller's index");
    }

    @Test
    void caseTheServiceNoLongerKnowsIsMarkedAndAnnouncedOnce() throws IOException {
        // given
        serviceSays.set(ExternalStatus.notFound());

        // when
        updates.update(item());

        // then
        assertEquals("NOT_FOUND", detail(0).get("status").asText());
        assertEquals(TrackingState.CLOSED, item().state());
        assertEquals(StatusUpdates.Result.SKIPPED, updates.update(item()));
        assertEquals(1, bus.entries.size());
    }

    @Test
    void staleReadLosesTheRaceAndAnnouncesNothing() {
        // given two runs that read the item before either recorded the change
        LedgerItem seenByBoth = item();
        serviceSays.set(new ExternalStatus("Detection and Analysis", null, null, null, false, false));

        // when
        StatusUpdates.Result winner = updates.update(seenByBoth);
        StatusUpdates.Result loser = updates.update(seenByBoth);

        // then
        assertEquals(StatusUpdates.Result.CHANGED, winner);
        assertEquals(StatusUpdates.Result.RACED, loser);
        assertEquals(1, bus.entries.size());
    }

    @Test
    void announcementThatFailedIsPublishedByALaterRunAfterItsLease() {
        // given a run that recorded the change but could not publish it
        serviceSays.set(new ExternalStatus("Detection and Analysis", null, null, null, false, false));
        bus.refuse = true;
        assertThrows(IllegalStateException.class, () -> updates.update(item()));
        bus.refuse = false;

        // when another run reads it within the lease, then after it
        StatusUpdates.Result tooSoon = updates.update(item());
        clock.advance(Duration.ofMinutes(3));
        StatusUpdates.Result late = updates.update(item());

        // then
        assertEquals(StatusUpdates.Result.SKIPPED, tooSoon);
        assertEquals(StatusUpdates.Result.ANNOUNCED_LATE, late);
        assertEquals(1, bus.entries.size());
        assertNull(item().announcement());
    }
}
