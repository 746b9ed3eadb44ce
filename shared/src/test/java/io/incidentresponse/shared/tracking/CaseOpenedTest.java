package io.incidentresponse.shared.tracking;

import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.PollSchedule;
import io.incidentresponse.shared.status.StatusAnnouncer;
import io.incidentresponse.shared.status.StatusUpdates;
import io.incidentresponse.shared.testing.EmfLines;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingEventBridge;
import io.incidentresponse.shared.testing.RecordingIncidentManager;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

/** The Case Opened event: published once per case opened; never lost when the bus fails, never a second case. */
class CaseOpenedTest {
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-20T12:00:00Z"));
    private final RecordingEventBridge bus = new RecordingEventBridge();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final List<String> emf = new ArrayList<>();
    private final Metrics metrics = new Metrics(emf::add, "IncidentResponse", "fn", clock);
    private final SignalTracker tracker = new SignalTracker(ledger, Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr)),
            TrackerSettings.from(new Settings(Map.of())), new StatusAnnouncer(bus, "ops-bus"), new CaseLinks("eu-west-1", "us-east-1"),
            metrics, clock, clock::advance, JsonLog.discard());
    private final StatusUpdates poller = new StatusUpdates(ledger, Map.of(Target.SECURITY_IR,
            id -> new ExternalStatus("Submitted", null, null, null, false, false)),
            new StatusAnnouncer(bus, "ops-bus"), new PollSchedule(Duration.ofMinutes(5)), Duration.ofDays(365), Duration.ofMinutes(2),
            "eu-west-1", "us-east-1", clock, JsonLog.discard());
    private final Signal signal = FindingSignals.fromEvent(envelope(text("guardduty/ec2-ssh-brute-force.json"), FindingSignals.SOURCE,
            FindingSignals.DETAIL_TYPE));
    private final Decision.Open decision = Decision.Open.securityIr(new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
            List.of()), null);

    private LedgerItem item() {
        return ledger.get(signal.key(), 1).orElseThrow();
    }

    @Test
    void openingACasePublishesOneCaseOpenedWithItsIdentityAndLink() throws IOException {
        // when
        Outcome opened = tracker.open("e1", signal, decision);
        tracker.open("e2", signal, decision);

        // then
        assertEquals(1, bus.entries.size(), "a repeat announces nothing");
        assertEquals("incident-response", bus.entries.get(0).source());
        assertEquals("Case Opened", bus.entries.get(0).detailType());
        assertEquals("ops-bus", bus.entries.get(0).eventBusName());
        JsonNode detail = EventJson.MAPPER.readTree(bus.entries.get(0).detail());
        assertEquals(signal.key(), detail.get("signalKey").asText());
        assertEquals("SECURITY_IR", detail.get("target").asText());
        assertEquals(opened.externalId(), detail.get("externalId").asText());
        assertEquals(signal.title(), detail.get("title").asText());
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce", detail.get("findingType").asText());
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce", detail.get("kind").asText());
        assertEquals(signal.account(), detail.get("account").asText());
        assertEquals(signal.region(), detail.get("region").asText());
        assertEquals("https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/" + opened.externalId(),
                detail.get("consoleUrl").asText());
        assertNull(item().announcement(), "published, so nothing is left pending");
    }

    @Test
    void whenTheBusFailsTheCaseStaysOpenedAndThePollerPublishesTheEventLater() throws IOException {
        // given the bus refuses the event
        bus.refuse = true;

        // when
        Outcome opened = tracker.open("e1", signal, decision);
        metrics.flush();

        // then the case is opened and recorded, the event pending, the failure counted
        assertEquals(Outcome.CREATED, opened.status());
        assertEquals(1, securityIr.casesCreated());
        assertEquals(TrackingState.OPEN, item().state());
        assertNotNull(item().announcement());
        assertEquals(1, EmfLines.sum(EmfLines.parse(emf), "AnnouncementFailures", Map.of("FunctionName", "fn")));

        // and a redelivery opens no second case and announces nothing yet
        bus.refuse = false;
        tracker.open("e1", signal, decision);
        assertEquals(1, securityIr.casesCreated());
        assertTrue(bus.entries.isEmpty());

        // when the poller runs within the announcement's lease it leaves it to the signal function
        assertEquals(StatusUpdates.Result.SKIPPED, poller.update(item()));
        // and once the lease has passed it publishes it, once
        clock.advance(Duration.ofMinutes(3));
        assertEquals(StatusUpdates.Result.ANNOUNCED_LATE, poller.update(item()));
        assertEquals(StatusUpdates.Result.UNCHANGED, poller.update(item()));

        // then
        assertEquals(1, bus.entries.size());
        assertEquals("Case Opened", bus.entries.get(0).detailType());
        assertEquals(opened.externalId(), EventJson.MAPPER.readTree(bus.entries.get(0).detail()).get("externalId").asText());
        assertNull(item().announcement());
    }

    @Test
    void anIncidentIsAnnouncedWithItsArnAsResourceTheAlarmNameAndTheStacksRegionInItsLink() throws IOException {
        // given
        SignalTracker incidents = new SignalTracker(ledger, Map.of(Target.INCIDENT_MANAGER,
                new IncidentManagerIncidents(new RecordingIncidentManager())), TrackerSettings.from(new Settings(Map.of())),
                new StatusAnnouncer(bus, "ops-bus"), new CaseLinks("eu-west-1", "us-east-1"), metrics, clock, clock::advance,
                JsonLog.discard());
        Signal alarm = AlarmSignals.fromEvent(envelope(text("alarm/01-api-5xx-alarm.json"), AlarmSignals.SOURCE,
                AlarmSignals.DETAIL_TYPE)).signal();

        // when
        Outcome opened = incidents.open("e1", alarm, Decision.Open.incidentManager(
                new IncidentSettings("arn:aws:ssm-incidents::123456789012:response-plan/demo", 3), null));

        // then
        assertEquals(1, bus.entries.size());
        assertEquals(List.of(opened.externalId()), bus.entries.get(0).resources());
        JsonNode detail = EventJson.MAPPER.readTree(bus.entries.get(0).detail());
        assertEquals("INCIDENT_MANAGER", detail.get("target").asText());
        assertEquals(alarm.kind(), detail.get("alarmName").asText());
        assertEquals(alarm.kind(), detail.get("kind").asText());
        assertTrue(detail.get("findingType").isNull());
        assertTrue(detail.get("consoleUrl").asText().startsWith(
                "https://eu-west-1.console.aws.amazon.com/systems-manager/incidents/incident-record/home?region=eu-west-1#/"),
                detail.get("consoleUrl").asText());
    }

    @Test
    void aRecoveryThatResolvesTheIncidentPublishesItsPendingCaseOpenedBeforeTheCloseReplacesIt() throws IOException {
        // given an incident opened while the bus refused its Case Opened
        SignalTracker incidents = new SignalTracker(ledger, Map.of(Target.INCIDENT_MANAGER,
                new IncidentManagerIncidents(new RecordingIncidentManager())), TrackerSettings.from(new Settings(Map.of())),
                new StatusAnnouncer(bus, "ops-bus"), new CaseLinks("eu-west-1", "us-east-1"), metrics, clock, clock::advance,
                JsonLog.discard());
        Signal alarm = AlarmSignals.fromEvent(envelope(text("alarm/01-api-5xx-alarm.json"), AlarmSignals.SOURCE,
                AlarmSignals.DETAIL_TYPE)).signal();
        bus.refuse = true;
        incidents.open("e1", alarm, Decision.Open.incidentManager(
                new IncidentSettings("arn:aws:ssm-incidents::123456789012:response-plan/demo", 3), null));
        bus.refuse = false;

        // when the alarm recovers and the incident is resolved
        clock.advance(Duration.ofSeconds(30));
        Outcome recovered = incidents.recover("e2", alarm, clock.instant(), "back to OK", true);

        // then the Case Opened went out first, and the ledger now holds the closing for the poller
        assertEquals(Outcome.RECOVERED, recovered.status());
        assertEquals(1, bus.entries.size());
        assertEquals("Case Opened", bus.entries.get(0).detailType());
        LedgerItem item = ledger.get(alarm.key(), 1).orElseThrow();
        assertEquals(TrackingState.CLOSED, item.state());
        assertEquals("Case Status Changed", io.incidentresponse.shared.ledger.PendingAnnouncement.read(item.announcement()).detailType());
    }

    @Test
    void aCrashBetweenTheCaseAndTheLedgerOpensNoSecondCaseAndAnnouncesOnce() {
        // given the first delivery dies after CreateCase, before the ledger records it
        ledger.failNextOpened = 1;
        try {
            tracker.open("e1", signal, decision);
        } catch (IllegalStateException expected) {
            // the simulated crash
        }

        // when the redelivery takes the claim over once its lease has run out
        clock.advance(Duration.ofMinutes(5));
        Outcome opened = tracker.open("e1", signal, decision);

        // then
        assertEquals(Outcome.CREATED, opened.status());
        assertEquals(1, bus.entries.size());
        assertEquals("Case Opened", bus.entries.get(0).detailType());
    }
}
