package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.tracking.Sleeper;
import io.incidentresponse.shared.tracking.TrackerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The GuardDuty path end to end: real handler, real SDK clients, the local engine's DynamoDB and the emulator. */
class GuardDutyFindingIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";

    private final Map<String, String> env = TestStack.freshEnvironment(Map.of());
    private final String table = env.get("LEDGER_TABLE");
    private final Emulator emulator = TestStack.emulator();
    private final ClientFactory clients = TestStack.clients(env);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private GuardDutyFindingHandler handler() {
        return new GuardDutyFindingHandler(new Settings(env), clients);
    }

    private static JsonNode invoke(GuardDutyFindingHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    private Map<String, AttributeValue> onlyLedgerItem() {
        List<Map<String, AttributeValue>> items = TestStack.ledgerItems(table);
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    @Test
    void newFindingOpensOneCaseAndOneLedgerItemHoldsItsId() throws IOException {
        // when
        JsonNode outcome = invoke(handler(), text(SSH));

        // then
        assertEquals("created", outcome.get("status").asText());
        var cases = emulator.securityIr().cases();
        assertEquals(1, cases.size());
        assertEquals(cases.get(0).caseId(), outcome.get("externalId").asText());
        assertEquals("Submitted", cases.get(0).caseStatus());
        Map<String, AttributeValue> item = onlyLedgerItem();
        assertEquals(cases.get(0).caseId(), item.get("externalId").s());
        assertEquals("OPEN", item.get("state").s());
        assertTrue(item.containsKey("pollShard") && item.containsKey("nextPollAt"), "open items are in the poller's index");
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    @Test
    void sameEventAgainIsOneCaseWithOccurrenceTwoAndHigherSeverityAddsOneComment() throws IOException {
        // given
        GuardDutyFindingHandler handler = handler();
        String caseId = invoke(handler, text(SSH)).get("externalId").asText();

        // when the same event is delivered again
        JsonNode again = invoke(handler, text(SSH));

        // then
        assertEquals("repeat", again.get("status").asText());
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals("2", onlyLedgerItem().get("occurrences").n());
        assertTrue(emulator.securityIr().comments(caseId).isEmpty());

        // when an update of the finding raises its severity
        invoke(handler, edited(SSH, tree -> ((ObjectNode) tree.get("detail")).put("severity", 9.2)));
        invoke(handler, edited(SSH, tree -> ((ObjectNode) tree.get("detail")).put("severity", 9.2)));

        // then one comment says so, and still one case
        var comments = emulator.securityIr().comments(caseId);
        assertEquals(1, comments.size());
        assertTrue(comments.get(0).body().contains("Severity raised from 8.0 to Critical (9.2)"), comments.get(0).body());
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals("4", onlyLedgerItem().get("occurrences").n());
    }

    @Test
    void twentyConcurrentDeliveriesOfANewFindingOpenExactlyOneCase() throws Exception {
        // given 20 containers receiving the same event at the same moment
        int deliveries = 20;
        List<GuardDutyFindingHandler> containers = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            containers.add(handler());
        }
        CyclicBarrier start = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<Future<JsonNode>> results = new ArrayList<>();

        // when
        try {
            for (GuardDutyFindingHandler container : containers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return invoke(container, text(SSH));
                }));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<JsonNode> result : results) {
                statuses.add(result.get().get("status").asText());
            }

            // then
            assertEquals(1, statuses.stream().filter("created"::equals).count(), statuses.toString());
            assertEquals(deliveries - 1, statuses.stream().filter("repeat"::equals).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(Integer.toString(deliveries), onlyLedgerItem().get("occurrences").n());
    }

    @Test
    void caseCreatedButLedgerNotUpdatedIsRecoveredOnRedeliveryWithTheSameCase() throws IOException {
        // given a container that dies between CreateCase and recording the case id
        MutableClock clock = new MutableClock(Instant.now());
        DynamoDbLedger real = new DynamoDbLedger(clients.dynamoDb(), table);
        Ledger dying = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("opened")) {
                        throw new IllegalStateException("container died");
                    }
                    return method.invoke(real, args);
                });
        SignalSettings settings = SignalSettings.from(new Settings(env));
        TrackerSettings tracking = settings.tracking();
        GuardDutyFindingHandler first = new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), settings, dying,
                Map.of(Target.SECURITY_IR, new SecurityIrCases(clients.securityIr())), clock, Sleeper.REAL, JsonLog.discard()));
        GuardDutyFindingHandler redelivery = new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), settings, real,
                Map.of(Target.SECURITY_IR, new SecurityIrCases(clients.securityIr())), clock, Sleeper.REAL, JsonLog.discard()));
        assertThrows(IllegalStateException.class, () -> invoke(first, text(SSH)));
        String caseId = emulator.securityIr().cases().get(0).caseId();
        assertEquals("CLAIMED", onlyLedgerItem().get("state").s());

        // when Lambda retries after the claim's lease has run out
        clock.advance(tracking.claimLease().plus(Duration.ofSeconds(1)));
        JsonNode outcome = invoke(redelivery, text(SSH));

        // then the service returned the case it had made, and the ledger holds it
        assertEquals("created", outcome.get("status").asText());
        assertEquals(caseId, outcome.get("externalId").asText());
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(2, emulator.log().count("CreateCase"));
        assertEquals(caseId, onlyLedgerItem().get("externalId").s());
        assertEquals("OPEN", onlyLedgerItem().get("state").s());
    }

    @Test
    void firstThreeCreateCallsThrottledStillOpenOneCase() throws IOException {
        // given
        emulator.faults().throttle("CreateCase", 3);

        // when
        JsonNode outcome = invoke(handler(), text(SSH));

        // then
        assertEquals("created", outcome.get("status").asText());
        assertEquals(4, emulator.log().count("CreateCase"));
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(outcome.get("externalId").asText(), onlyLedgerItem().get("externalId").s());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-json", "wrong-detail-type", "no-finding-id"})
    void malformedEventFailsNamingTheEventAndWritesNothing(String kind) {
        // given
        String eventId = text(SSH).replaceAll("(?s)^.*?\"id\": \"([^\"]+)\".*", "$1");
        String json = switch (kind) {
            case "not-json" -> "{\"id\": \"" + eventId + "\", \"detail\": {";
            case "wrong-detail-type" -> edited(SSH, tree -> tree.put("detail-type", "GuardDuty Runtime Finding"));
            default -> edited(SSH, tree -> ((ObjectNode) tree.get("detail")).remove("id"));
        };

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(handler(), json));

        // then
        assertEquals(eventId, error.eventId());
        assertTrue(error.getMessage().startsWith("event " + eventId + ": "), error.getMessage());
        assertEquals(0, emulator.log().count("CreateCase"));
        assertTrue(emulator.securityIr().cases().isEmpty());
        assertTrue(TestStack.ledgerItems(table).isEmpty());
    }
}
