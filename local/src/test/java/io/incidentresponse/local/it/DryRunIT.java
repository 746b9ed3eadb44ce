package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DRY_RUN end to end: every sample event through the real handlers, and not one call to a target. */
class DryRunIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";

    private final Map<String, String> live = TestStack.freshEnvironment(
            Map.of("DEFAULT_RESPONSE_PLAN_ARN", IncidentManagerService.DEMO_RESPONSE_PLAN_ARN));
    private final Emulator emulator = TestStack.emulator();

    private static Map<String, String> with(Map<String, String> env, String name, String value) {
        Map<String, String> out = new HashMap<>(env);
        out.put(name, value);
        return out;
    }

    @Test
    void aDryRunOfEveryEventCallsNoTargetAndLeavesNothingALiveRunTakesForItsOwn() throws Exception {
        // given
        Map<String, String> dryRun = with(live, "DRY_RUN", "true");
        Path events = Path.of(DryRunIT.class.getClassLoader().getResource("events").toURI());
        List<Path> files = Replay.eventFiles(List.of(events.resolve("guardduty"), events.resolve("alarm"))).files();

        // when every sample finding and alarm is replayed in a dry run, each twice
        List<Replay.Result> results = new java.util.ArrayList<>();
        try (ClientFactory clients = TestStack.clients(dryRun)) {
            Replay replay = new Replay(TemplateFunctions.fromClasspath(), new Settings(dryRun), clients);
            for (int round = 0; round < 2; round++) {
                for (Path file : files) {
                    results.add(replay.replay(file));
                }
            }
        }

        // then not one call reached Security IR or Incident Manager
        assertEquals(List.of(), emulator.log().calls(), "the emulator serves both targets");
        List<Replay.Result> dry = results.stream().filter(r -> r.outcome().equals("dry-run")).toList();
        assertTrue(dry.size() >= 12, results.toString());
        for (Replay.Result result : dry) {
            assertFalse(result.requests().isEmpty(), result.toString());
            for (JsonNode request : result.requests()) {
                assertTrue(request.path("request").isObject() && request.hasNonNull("operation"), request.toString());
            }
        }
        Replay.Result ssh = results.stream().filter(r -> r.file().endsWith("ec2-ssh-brute-force.json")).findFirst().orElseThrow();
        assertEquals("dry-run", ssh.outcome());
        assertEquals("CreateCase", ssh.requests().get(0).path("operation").asText());
        assertTrue(ssh.requests().get(0).at("/request/title").asText().contains("SSH brute force"), ssh.toString());
        Replay.Result sshAgain = results.stream().filter(r -> r.file().endsWith("ec2-ssh-brute-force.json")).skip(1).findFirst()
                .orElseThrow();
        assertEquals("repeat", sshAgain.outcome(), "the dry run's bookkeeping recognises a redelivery");
        for (Map<String, AttributeValue> item : TestStack.ledgerItems(live.get("LEDGER_TABLE"))) {
            assertTrue(item.get("pk").s().startsWith(DynamoDbLedger.DRY_RUN_PREFIX), item.toString());
            assertFalse(item.containsKey("pollShard") || item.containsKey("externalId"), "in neither index: " + item);
        }

        // when dry run is turned off and the same finding arrives again
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ClientFactory clients = TestStack.clients(live)) {
            new GuardDutyFindingHandler(new Settings(live), clients).handleRequest(stream(text(SSH)), out, null);
        }

        // then it opens its case: nothing the dry run wrote stood in its way
        JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
        assertEquals("created", outcome.path("status").asText(), outcome.toString());
        assertEquals(1, emulator.securityIr().cases().size());
    }
}
