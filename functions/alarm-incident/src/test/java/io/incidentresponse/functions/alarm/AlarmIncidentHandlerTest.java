package io.incidentresponse.functions.alarm;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingIncidentManager;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;

class AlarmIncidentHandlerTest {
    private static final String PLAN = "arn:aws:ssm-incidents::123456789012:response-plan/ops";
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingIncidentManager incidents = new RecordingIncidentManager();
    private final List<String> logLines = new ArrayList<>();

    private AlarmIncidentHandler handler(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DEFAULT_RESPONSE_PLAN_ARN", PLAN, "LEDGER_TABLE", "ledger"));
        env.putAll(extra);
        Settings settings = new Settings(env);
        MutableClock clock = new MutableClock(Instant.parse("2026-10-14T10:00:00Z"));
        JsonLog log = new JsonLog(logLines::add);
        SignalSettings signalSettings = SignalSettings.from(settings);
        return new AlarmIncidentHandler(SignalFunction.pipeline(SignalFunction.alarmSource(signalSettings), signalSettings, ledger,
                Map.of(Target.INCIDENT_MANAGER, new IncidentManagerIncidents(incidents), Target.SECURITY_IR, new SecurityIrCases(new RecordingSecurityIr())),
                clock, clock::advance, log));
    }

    private static JsonNode invoke(AlarmIncidentHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void alarmStartsAnIncidentUnderTheDefaultPlanWithTheDefaultImpact() throws IOException {
        // when
        JsonNode outcome = invoke(handler(Map.of("DEFAULT_IMPACT", "2")), text("alarm/01-api-5xx-alarm.json"));

        // then
        assertEquals("created", outcome.get("status").asText());
        StartIncidentRequest request = incidents.startRequests.get(0);
        assertEquals(PLAN, request.responsePlanArn());
        assertEquals(2, request.impact());
        assertEquals(outcome.get("externalId").asText(), ledger.items().values().iterator().next().externalId());
        assertTrue(logLines.stream().anyMatch(line -> line.contains("\"alarm ALARM: created\"")), logLines.toString());
    }

    @Test
    void malformedAlarmFailsNamingTheEventAndWritesNothing() {
        // given
        String json = text("malformed/alarm-without-alarm-name.json");

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(handler(Map.of()), json));

        // then
        assertTrue(error.getMessage().startsWith("event 2f8b4d17-c03e-96a5-e7d2-b45a08c1f369: "), error.getMessage());
        assertTrue(ledger.items().isEmpty());
        assertTrue(incidents.startRequests.isEmpty());
    }

    @Test
    void guardDutyEventSentToTheAlarmFunctionIsRejected() {
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> tree.put("source", "aws.guardduty"));
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(handler(Map.of()), json));
        assertTrue(error.getMessage().contains("source is 'aws.guardduty', expected 'aws.cloudwatch'"), error.getMessage());
    }

    @Test
    void malformedRoutingRulesStopStartUpNamingTheVariable() {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> new AlarmIncidentHandler(
                new Settings(Map.of("AWS_REGION", "us-east-1", "LEDGER_TABLE", "t", "ROUTING_RULES", "[{\"name\": \"x\"}]")),
                new ClientFactory(new Settings(Map.of("AWS_REGION", "us-east-1")), AnonymousCredentialsProvider.create())));
        assertEquals("ROUTING_RULES", error.variable());
        assertTrue(error.getMessage().contains("rule 1 'x'"), error.getMessage());
    }

    @Test
    void alarmWithAnUnreadablePartOpensItsIncidentAndItsTimelineAndLogLineSayWhatWasSkipped() throws IOException {
        // given an alarm whose metric period is an object
        String json = edited("alarm/01-api-5xx-alarm.json",
                tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/detail/configuration/metrics/0/metricStat"))
                        .putObject("period").put("seconds", 60));

        // when
        JsonNode outcome = invoke(handler(Map.of()), json);

        // then
        assertEquals("created", outcome.get("status").asText());
        assertEquals(1, incidents.startRequests.size());
        assertEquals(1, incidents.timelineRequests.size());
        assertEquals(outcome.get("externalId").asText(), incidents.timelineRequests.get(0).incidentRecordArn());
        assertEquals("\"Notes from the automation: detail.configuration.metrics[0].metricStat.period could not be read: "
                + "expected a whole number, found an object\"", incidents.timelineRequests.get(0).eventData());
        JsonNode line = EventJson.MAPPER.readTree(logLines.get(logLines.size() - 1));
        assertEquals("detail.configuration.metrics[0].metricStat.period could not be read: expected a whole number, found an object",
                line.get("notes").asText());
    }
}
