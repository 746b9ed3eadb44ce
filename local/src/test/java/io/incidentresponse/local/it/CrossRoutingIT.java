package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static io.incidentresponse.shared.testing.SampleEvents.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.alarm.AlarmIncidentHandler;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService.Incident;
import io.incidentresponse.local.emulator.IncidentManagerService.TimelineEvent;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.emulator.SecurityIrService.Case;
import io.incidentresponse.local.emulator.SecurityIrService.Comment;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * ROUTING_RULES end to end, across the usual targets: a GuardDuty finding routed to Incident
 * Manager, a security alarm routed to Security Incident Response.
 */
class CrossRoutingIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";
    private static final String ROOT_LOGIN = "alarm/08-root-login-security-alarm.json";
    private static final String ROUTING_RULES = """
            [{"name": "ssh-to-triage",
              "match": {"source": "aws.guardduty", "findingType": "UnauthorizedAccess:EC2/*"},
              "target": "IncidentManager", "impact": 2},
             {"name": "security-alarms-to-security-ir",
              "match": {"source": "aws.cloudwatch", "alarmName": "security-*"},
              "target": "SecurityIR", "engagementType": "Security Incident"}]
            """;

    private final Map<String, String> env = TestStack.freshEnvironment(Map.of(
            "ROUTING_RULES", ROUTING_RULES,
            "DEFAULT_RESPONSE_PLAN_ARN", IncidentManagerService.DEMO_RESPONSE_PLAN_ARN,
            "AUTO_RESOLVE", "true"));
    private final String table = env.get("LEDGER_TABLE");
    private final Emulator emulator = TestStack.emulator();
    private final ClientFactory clients = TestStack.clients(env);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static JsonNode invoke(RequestStreamHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    private JsonNode finding(String json) throws IOException {
        return invoke(new GuardDutyFindingHandler(new Settings(env), clients), json);
    }

    private JsonNode alarm(String json) throws IOException {
        return invoke(new AlarmIncidentHandler(new Settings(env), clients), json);
    }

    private Map<String, AttributeValue> onlyLedgerItem() {
        List<Map<String, AttributeValue>> items = TestStack.ledgerItems(table);
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private void assertNoRejections() {
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    @Test
    void sshFindingRoutedToIncidentManagerBecomesOneIncidentAndANewRemoteAddressAddsATimelineEvent() throws IOException {
        // given the rule ssh-to-triage, when the finding arrives
        JsonNode outcome = finding(text(SSH));

        // then it is an incident with the rule's impact, and no case
        assertEquals("created", outcome.get("status").asText());
        assertEquals("INCIDENT_MANAGER", outcome.get("target").asText());
        assertTrue(outcome.get("detail").asText().contains("ssh-to-triage"), outcome.toString());
        List<Incident> incidents = emulator.incidentManager().incidents();
        assertEquals(1, incidents.size(), incidents.toString());
        Incident incident = incidents.get(0);
        assertEquals(incident.arn(), outcome.get("externalId").asText());
        assertEquals(2, incident.impact());
        assertEquals(IncidentManagerService.DEMO_RESPONSE_PLAN_ARN, incident.responsePlanArn());
        assertEquals("aws.guardduty", incident.triggerDetails().path("source").asText());
        assertEquals(tree(SSH).at("/detail/arn").asText(), incident.triggerDetails().path("triggerArn").asText());
        assertTrue(emulator.securityIr().cases().isEmpty(), emulator.securityIr().cases().toString());
        assertEquals(0, emulator.log().count("CreateCase"));
        assertEquals("INCIDENT_MANAGER", onlyLedgerItem().get("target").s());
        assertEquals(incident.arn(), onlyLedgerItem().get("externalId").s());
        assertNoRejections();

        // when the finding is updated with a new remote address
        JsonNode repeat = finding(edited(SSH, tree -> ((ObjectNode) tree.at(
                "/detail/service/action/networkConnectionAction/remoteIpDetails")).put("ipAddressV4", "203.0.113.200")));

        // then the incident's timeline says so, and there is still one incident
        assertEquals("repeat", repeat.get("status").asText());
        assertEquals(incident.arn(), repeat.get("externalId").asText());
        assertEquals(1, emulator.incidentManager().incidents().size());
        List<TimelineEvent> events = emulator.incidentManager().timelineEvents(incident.arn());
        assertEquals(1, events.size(), events.toString());
        String data = EventJson.MAPPER.readTree(events.get(0).eventData()).asText();
        assertTrue(data.contains("New remote addresses: 203.0.113.200"), data);
        assertTrue(emulator.securityIr().cases().isEmpty());
        assertNoRejections();
    }

    @Test
    void securityAlarmRoutedToSecurityIrBecomesOneCaseAndItsRecoveryIsACommentThatDoesNotCloseIt() throws IOException {
        // given the rule security-alarms-to-security-ir, when the root-login alarm fires
        JsonNode outcome = alarm(text(ROOT_LOGIN));

        // then it is a case the service accepts, and no incident
        assertEquals("created", outcome.get("status").asText());
        assertEquals("SECURITY_IR", outcome.get("target").asText());
        assertNoRejections();
        List<Case> cases = emulator.securityIr().cases();
        assertEquals(1, cases.size(), cases.toString());
        Case securityCase = cases.get(0);
        assertEquals(securityCase.caseId(), outcome.get("externalId").asText());
        assertTrue(securityCase.title().contains("security-root-account-login"), securityCase.title());
        assertEquals("Security Incident", securityCase.document().path("engagementType").asText());
        assertEquals("Submitted", securityCase.caseStatus());
        assertTrue(emulator.incidentManager().incidents().isEmpty(), emulator.incidentManager().incidents().toString());
        assertEquals(0, emulator.log().count("StartIncident"));
        assertEquals("SECURITY_IR", onlyLedgerItem().get("target").s());
        assertEquals(securityCase.caseId(), onlyLedgerItem().get("externalId").s());

        // when the alarm returns to OK, with AUTO_RESOLVE=true
        JsonNode recovered = alarm(edited(ROOT_LOGIN, tree -> {
            tree.put("id", "9d3f1a27-6b84-4c0e-a5d2-7e8f90a1b2c3");
            ObjectNode state = (ObjectNode) tree.at("/detail/state");
            state.put("value", "OK");
            state.put("reason", "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].");
            state.put("timestamp", "2026-10-14T10:53:52.201+0000");
        }));

        // then the case is told, and stays open: closing a case is for its responders
        assertEquals("recovered", recovered.get("status").asText());
        assertEquals(securityCase.caseId(), recovered.get("externalId").asText());
        List<Comment> comments = emulator.securityIr().comments(securityCase.caseId());
        assertEquals(1, comments.size(), comments.toString());
        assertTrue(comments.get(0).body().contains("recovered at 2026-10-14T10:53:52.201Z"), comments.get(0).body());
        Case after = emulator.securityIr().findCase(securityCase.caseId()).orElseThrow();
        assertEquals("Submitted", after.caseStatus());
        assertEquals(0, emulator.log().count("CloseCase"));
        assertEquals(0, emulator.log().count("UpdateCaseStatus"));
        assertEquals("OPEN", onlyLedgerItem().get("state").s());
        assertEquals(1, emulator.securityIr().cases().size());
        assertTrue(emulator.incidentManager().incidents().isEmpty());
        assertNoRejections();
    }
}
