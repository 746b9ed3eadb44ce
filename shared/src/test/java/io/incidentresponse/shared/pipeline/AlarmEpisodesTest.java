package io.incidentresponse.shared.pipeline;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.LedgerItem;
import io.incidentresponse.shared.ledger.TrackingState;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingIncidentManager;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecordStatus;

/** The alarm episode rules, applied by the one signal pipeline. */
class AlarmEpisodesTest {
    private static final String PLAN = "arn:aws:ssm-incidents::123456789012:response-plan/ops";
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingIncidentManager incidents = new RecordingIncidentManager();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-14T10:00:00Z"));

    /** The alarm function's pipeline over the in-memory ledger and recording clients; events by id. */
    private record Episodes(SignalPipeline pipeline) {
        Outcome handle(String eventId, String json) {
            try {
                ObjectNode event = (ObjectNode) EventJson.MAPPER.readTree(json);
                return pipeline.handle(stream(event.put("id", eventId).toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Episodes episodes(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DEFAULT_RESPONSE_PLAN_ARN", PLAN, "LEDGER_TABLE", "ledger"));
        env.putAll(extra);
        SignalSettings settings = SignalSettings.from(new Settings(env));
        return new Episodes(SignalFunction.pipeline(SignalFunction.alarmSource(settings), settings, ledger,
                Map.of(Target.INCIDENT_MANAGER, new IncidentManagerIncidents(incidents), Target.SECURITY_IR, new SecurityIrCases(securityIr)),
                clock, clock::advance, JsonLog.discard()));
    }

    private static String sample(String name) {
        return text("alarm/" + name + ".json");
    }

    private static String at(String name, String state, String timestamp) {
        return edited("alarm/" + name + ".json", tree -> ((ObjectNode) tree.at("/detail/state")).put("value", state).put("timestamp", timestamp));
    }

    private LedgerItem latest() {
        return ledger.items().values().stream().max(Comparator.comparingInt(LedgerItem::episode)).orElseThrow();
    }

    @Test
    void alarmOpensOneIncidentAndAlarmAgainAddsATimelineEvent() {
        // given
        Episodes episodes = episodes(Map.of());

        // when
        Outcome opened = episodes.handle("e1", sample("01-api-5xx-alarm"));
        Outcome again = episodes.handle("e2", sample("02-api-5xx-alarm-again"));
        episodes.handle("e2", sample("02-api-5xx-alarm-again"));

        // then
        assertEquals(Outcome.CREATED, opened.status());
        assertEquals(Outcome.REPEAT, again.status());
        assertEquals(1, incidents.incidentsStarted());
        assertEquals(1, incidents.timelineEvents().size(), "the redelivered repeat carries the same token");
        assertTrue(incidents.timelineEvents().get(0).eventData().contains("In ALARM again"));
        assertEquals(opened.externalId(), incidents.timelineEvents().get(0).incidentRecordArn());
    }

    @Test
    void okAddsARecoveryAndWithAutoResolveResolvesTheIncident() {
        // given
        Episodes episodes = episodes(Map.of("AUTO_RESOLVE", "true"));
        Outcome opened = episodes.handle("e1", sample("01-api-5xx-alarm"));

        // when
        Outcome recovered = episodes.handle("e3", sample("03-api-5xx-ok"));

        // then
        assertEquals(Outcome.RECOVERED, recovered.status());
        assertEquals("recovery recorded; resolved", recovered.detail());
        assertTrue(incidents.timelineEvents().get(0).eventData().contains("recovered (OK)"));
        assertEquals(IncidentRecordStatus.RESOLVED, incidents.updateRequests.get(0).status());
        assertEquals(opened.externalId(), incidents.updateRequests.get(0).arn());
        assertEquals(TrackingState.CLOSED, latest().state());
        assertEquals("RESOLVED", latest().externalStatus());
    }

    @Test
    void okWithoutAutoResolveLeavesTheIncidentOpen() {
        Episodes episodes = episodes(Map.of());
        episodes.handle("e1", sample("01-api-5xx-alarm"));
        episodes.handle("e3", sample("03-api-5xx-ok"));
        assertTrue(incidents.updateRequests.isEmpty());
        assertEquals(TrackingState.OPEN, latest().state());
        assertEquals(1, incidents.timelineEvents().size());
    }

    @Test
    void alarmAfterTheIncidentWasResolvedOpensANewEpisode() {
        // given a resolved first episode
        Episodes episodes = episodes(Map.of("AUTO_RESOLVE", "true"));
        Outcome first = episodes.handle("e1", sample("01-api-5xx-alarm"));
        episodes.handle("e3", sample("03-api-5xx-ok"));

        // when the alarm fires again later, and the first ALARM is redelivered
        Outcome second = episodes.handle("e4", at("01-api-5xx-alarm", "ALARM", "2026-10-14T11:30:00.000+0000"));
        Outcome redelivered = episodes.handle("e1", sample("01-api-5xx-alarm"));

        // then
        assertEquals(Outcome.CREATED, second.status());
        assertEquals("episode 2", second.detail());
        assertTrue(!second.externalId().equals(first.externalId()));
        assertEquals(2, incidents.incidentsStarted());
        assertEquals(2, latest().episode());
        assertEquals(Outcome.REPEAT, redelivered.status(), "an old ALARM after the close only counts");
        assertEquals(2, incidents.incidentsStarted());
    }

    @Test
    void okDeliveredBeforeItsAlarmResolvesTheIncidentAsSoonAsItOpens() {
        // given
        Episodes episodes = episodes(Map.of("AUTO_RESOLVE", "true"));

        // when OK (09:56) arrives first, then the ALARM (09:12)
        Outcome ok = episodes.handle("e3", sample("03-api-5xx-ok"));
        Outcome alarm = episodes.handle("e1", sample("01-api-5xx-alarm"));

        // then
        assertEquals(Outcome.IGNORED, ok.status());
        assertTrue(ok.detail().contains("recovery at 2026-10-14T09:56"), ok.detail());
        assertEquals(Outcome.CREATED, alarm.status());
        assertTrue(alarm.detail().contains("already recovered"), alarm.detail());
        assertEquals(1, incidents.incidentsStarted());
        assertEquals(IncidentRecordStatus.RESOLVED, incidents.updateRequests.get(0).status());
        assertEquals(TrackingState.CLOSED, latest().state());
    }

    @Test
    void okOlderThanTheOpenEpisodeIsIgnored() {
        // given an episode opened at 09:12
        Episodes episodes = episodes(Map.of("AUTO_RESOLVE", "true"));
        episodes.handle("e1", sample("01-api-5xx-alarm"));

        // when an OK from before it arrives late
        Outcome stale = episodes.handle("e0", at("03-api-5xx-ok", "OK", "2026-10-14T08:00:00.000+0000"));

        // then
        assertEquals(Outcome.IGNORED, stale.status());
        assertTrue(incidents.updateRequests.isEmpty());
        assertEquals(TrackingState.OPEN, latest().state());
    }

    @Test
    void insufficientDataIsOnlyLoggedByDefault() {
        Episodes episodes = episodes(Map.of());
        Outcome outcome = episodes.handle("e4", sample("04-queue-insufficient-data"));
        assertEquals(Outcome.IGNORED, outcome.status());
        assertTrue(ledger.items().isEmpty());
        assertTrue(incidents.startRequests.isEmpty());
    }

    @Test
    void insufficientDataIsNotedOnTheOpenIncidentWhenConfigured() {
        // given an open incident for the alarm
        Episodes episodes = episodes(Map.of("INSUFFICIENT_DATA_TIMELINE", "true"));
        episodes.handle("e1", sample("01-api-5xx-alarm"));

        // when
        Outcome noted = episodes.handle("e5", at("01-api-5xx-alarm", "INSUFFICIENT_DATA", "2026-10-14T09:40:00.000+0000"));

        // then
        assertEquals(Outcome.NOTED, noted.status());
        assertTrue(incidents.timelineEvents().get(0).eventData().contains("INSUFFICIENT_DATA"));
        assertEquals(1, latest().occurrences());
    }

    @Test
    void securityAlarmRoutedToSecurityIrGetsACommentOnRecoveryButStaysOpen() {
        // given
        Episodes episodes = episodes(Map.of("AUTO_RESOLVE", "true", "ROUTING_RULES",
                "[{\"name\": \"sec\", \"match\": {\"alarmName\": \"security-*\"}, \"target\": \"SecurityIR\"}]"));
        Outcome opened = episodes.handle("e8", sample("08-root-login-security-alarm"));

        // when
        clock.advance(Duration.ofMinutes(5));
        Outcome recovered = episodes.handle("e9", at("08-root-login-security-alarm", "OK", "2026-10-14T23:00:00.000+0000"));

        // then
        assertEquals("SECURITY_IR", opened.target());
        assertEquals(1, securityIr.casesCreated());
        assertEquals("recovery recorded", recovered.detail());
        assertTrue(securityIr.commentRequests.get(0).body().contains("stays open"));
        assertEquals(TrackingState.OPEN, latest().state());
        assertTrue(incidents.startRequests.isEmpty());
    }
}
