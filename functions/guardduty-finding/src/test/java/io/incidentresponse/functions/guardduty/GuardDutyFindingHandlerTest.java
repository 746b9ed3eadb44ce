package io.incidentresponse.functions.guardduty;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
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
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;

class GuardDutyFindingHandlerTest {
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final List<String> logLines = new ArrayList<>();

    private GuardDutyFindingHandler handler(Map<String, String> env) {
        MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
        Map<String, String> withTable = new HashMap<>(env);
        withTable.putIfAbsent("LEDGER_TABLE", "ledger");
        Settings settings = new Settings(withTable);
        JsonLog log = new JsonLog(logLines::add);
        return new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), SignalSettings.from(settings), ledger,
                Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr)), clock, clock::advance, log));
    }

    private JsonNode invoke(GuardDutyFindingHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void highFindingBecomesOneCaseBuiltFromTheFinding() throws IOException {
        // given
        GuardDutyFindingHandler handler = handler(Map.of("ENGAGEMENT_TYPES", "High=Investigation", "WATCHERS", "soc@example.com"));

        // when
        JsonNode outcome = invoke(handler, text("guardduty/ec2-ssh-brute-force.json"));

        // then
        assertEquals("created", outcome.get("status").asText());
        CreateCaseRequest request = securityIr.createCaseRequests.get(0);
        assertEquals(EngagementType.INVESTIGATION, request.engagementType());
        assertEquals("soc@example.com", request.watchers().get(0).email());
        assertEquals("198.51.100.24 is performing SSH brute force attacks against i-0b7d3e2f9a1c4d685.", request.title());
        assertEquals(outcome.get("externalId").asText(), ledger.items().values().iterator().next().externalId());
    }

    @Test
    void ignoredFindingIsLoggedWithItsReasonAndOpensNothing() throws IOException {
        // when
        JsonNode outcome = invoke(handler(Map.of()), text("guardduty/low-severity.json"));

        // then
        assertEquals("ignored", outcome.get("status").asText());
        assertTrue(securityIr.createCaseRequests.isEmpty());
        assertTrue(ledger.items().isEmpty());
        assertTrue(logLines.stream().anyMatch(line -> line.contains("ignored finding") && line.contains("below MIN_SEVERITY")), logLines.toString());
    }

    @Test
    void sameEventTwiceIsOneCaseWithTwoOccurrences() throws IOException {
        // given
        GuardDutyFindingHandler handler = handler(Map.of());

        // when
        invoke(handler, text("guardduty/ec2-ssh-brute-force.json"));
        JsonNode second = invoke(handler, text("guardduty/ec2-ssh-brute-force.json"));

        // then
        assertEquals("repeat", second.get("status").asText());
        assertEquals(2, second.get("occurrences").asInt());
        assertEquals(1, securityIr.createCaseRequests.size());
    }

    @Test
    void malformedJsonFailsBeforeAnythingIsWritten() {
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> invoke(handler(Map.of()), "{\"version\": \"0\", \"id\": \"abc-123\", \"detail\": "));
        assertTrue(error.getMessage().startsWith("event abc-123: not valid JSON"), error.getMessage());
        assertNothingWritten();
    }

    @Test
    void wrongDetailTypeFailsNamingTheEvent() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> tree.put("detail-type", "CloudWatch Alarm State Change"));

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(handler(Map.of()), json));

        // then
        String eventId = text("guardduty/ec2-ssh-brute-force.json").replaceAll("(?s)^.*?\"id\": \"([^\"]+)\".*", "$1");
        assertEquals("event " + eventId + ": detail-type is 'CloudWatch Alarm State Change', expected 'GuardDuty Finding'", error.getMessage());
        assertNothingWritten();
        assertTrue(logLines.stream().anyMatch(line -> line.contains("rejected malformed event")));
    }

    @Test
    void findingWithoutIdFailsNamingTheEvent() {
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).remove("id"));
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(handler(Map.of()), json));
        assertTrue(error.getMessage().contains("detail.id"), error.getMessage());
        assertNothingWritten();
    }

    @Test
    void missingTableOrRegionStopsStartUpNamingTheVariable() {
        ConfigurationException noRegion = assertThrows(ConfigurationException.class,
                () -> new GuardDutyFindingHandler(new Settings(Map.of("LEDGER_TABLE", "t")),
                        new ClientFactory(new Settings(Map.of()), AnonymousCredentialsProvider.create())));
        assertEquals("AWS_REGION", noRegion.variable());
        ConfigurationException noTable = assertThrows(ConfigurationException.class,
                () -> new GuardDutyFindingHandler(new Settings(Map.of()),
                        new ClientFactory(new Settings(Map.of("AWS_REGION", "us-east-1")), AnonymousCredentialsProvider.create())));
        assertEquals("LEDGER_TABLE", noTable.variable());
    }

    private void assertNothingWritten() {
        assertTrue(securityIr.createCaseRequests.isEmpty());
        assertTrue(ledger.items().isEmpty());
    }

    @Test
    void findingWithoutSourceAndWithAnUnreadablePartOpensItsCaseAndTheLogLineSaysWhatWasSkipped() throws IOException {
        // given a finding event without source whose instance tags are a string
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> {
            tree.remove("source");
            ((ObjectNode) tree.at("/detail/resource/instanceDetails")).put("tags", "Name=bastion");
        });

        // when
        JsonNode outcome = invoke(handler(Map.of()), json);

        // then
        assertEquals("created", outcome.get("status").asText());
        assertTrue(securityIr.createCaseRequests.get(0).description()
                .contains("- detail.resource.instanceDetails.tags could not be read: expected an array, found a string"));
        JsonNode line = EventJson.MAPPER.readTree(logLines.get(logLines.size() - 1));
        assertEquals("finding created", line.get("message").asText());
        assertEquals("The event has no source; it is taken as 'aws.guardduty', the only one this function's rule delivers."
                + " | detail.resource.instanceDetails.tags could not be read: expected an array, found a string", line.get("notes").asText());
    }
}
