package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.functions.poller.CasePollerHandler;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.local.replay.ReplayContext;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.testing.EmfLines;
import io.incidentresponse.local.emulator.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What an operator sees when something fails, end to end over the real SDK clients, the emulator
 * and the local engine: the metric and the log line of a target that keeps failing, and the Case
 * Opened event, also when EventBridge is down when the case opens.
 */
class ObservabilityIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";
    private static final String FUNCTION = "incident-response-GuardDutyFindingFunction-IT";

    private final Map<String, String> env = TestStack.freshEnvironment(Map.of("AWS_LAMBDA_FUNCTION_NAME", FUNCTION,
            "AWS_MAX_ATTEMPTS", "3", "METRICS_NAMESPACE", "IncidentResponse/IT"));
    private final Emulator emulator = TestStack.emulator();
    private final ClientFactory clients = TestStack.clients(env);
    private final List<String> printed = new CopyOnWriteArrayList<>();
    private EventRuleQueue opened;

    @BeforeEach
    void caseOpenedQueue() {
        opened = EventRuleQueue.create(TestEngines.eventBridge(), TestEngines.sqs(), "default", TestStack.uniqueName("case-opened"),
                EventRuleQueue.pattern(CaseOpened.SOURCE, CaseOpened.DETAIL_TYPE), TestEngines.eventDelivery());
    }

    @AfterEach
    void close() {
        opened.close();
        clients.close();
        emulator.faults().clear();
    }

    private GuardDutyFindingHandler handler(Map<String, String> environment, ClientFactory factory) {
        Settings settings = new Settings(environment);
        return new GuardDutyFindingHandler(SignalFunction.findings(settings, factory,
                SignalFunction.Output.toStdout(settings, SignalFunction.FINDINGS).to(printed::add)));
    }

    private static JsonNode invoke(GuardDutyFindingHandler handler, ReplayContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(text(SSH)), out, context);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void aTargetFailingAfterRetriesIsCountedByOperationAndLoggedWithTheRequestId() throws IOException {
        // given Security IR answers every CreateCase with a server error, more often than the SDK retries
        emulator.faults().fail("CreateCase", 10, 500);
        ReplayContext context = new ReplayContext(FUNCTION, 30_000);

        // when
        assertThrows(SdkException.class, () -> invoke(handler(env, clients), context),
                "the invocation fails, so Lambda retries it and then sends it to the failure queue");

        // then the metric CloudWatch would extract from the function's log
        List<EmfLines.Datum> data = EmfLines.parse(printed);
        EmfLines.assertNamespace(data, "IncidentResponse/IT");
        assertEquals(1, EmfLines.sum(data, "TargetFailures", Map.of("FunctionName", FUNCTION)));
        assertEquals(1, EmfLines.sum(data, "TargetFailures", Map.of("FunctionName", FUNCTION, "Operation", "CreateCase")));
        assertEquals(1, EmfLines.sum(data, "SignalsReceived", Map.of("FunctionName", FUNCTION)));
        assertEquals(7, emulator.faults().pending("CreateCase"), "the SDK tried three times (AWS_MAX_ATTEMPTS) of the ten failures");
        // and the log line a responder finds by the request id of Lambda's own REPORT line
        JsonNode error = printed.stream().filter(line -> !EmfLines.isEmf(line)).map(ObservabilityIT::json)
                .filter(line -> line.path("level").asText().equals("ERROR")).findFirst().orElseThrow(() -> new AssertionError(printed));
        assertEquals(context.getAwsRequestId(), error.path("requestId").asText());
        assertEquals(FUNCTION, error.path("function").asText());
        assertEquals("CreateCase", error.path("operation").asText());
        assertNotNull(error.get("eventId"));
        assertNotNull(error.get("signalKey"));
        assertNotNull(error.get("timestamp"));
        // and nothing was opened: the claim is released for the retry
        assertEquals(0, emulator.securityIr().cases().size());
    }

    @Test
    void anOpenedCaseIsAnnouncedAsCaseOpenedWithItsLink() throws IOException {
        // when
        JsonNode outcome = invoke(handler(env, clients), new ReplayContext(FUNCTION, 30_000));

        // then
        List<TestStack.Delivered> events = TestStack.Delivered.from(opened.received());
        assertEquals(1, events.size(), events.toString());
        JsonNode detail = events.get(0).detail();
        assertEquals(outcome.get("externalId").asText(), detail.path("externalId").asText());
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce", detail.path("findingType").asText());
        assertTrue(detail.path("consoleUrl").asText().endsWith("#/cases/" + outcome.get("externalId").asText()), detail.toString());
        assertEquals(1, EmfLines.sum(EmfLines.parse(printed), "CasesOpened", Map.of("FunctionName", FUNCTION)));
    }

    @Test
    void whenEventBridgeIsDownTheCaseOpensAndThePollerAnnouncesItLater() throws IOException {
        // given EventBridge unreachable for the signal function (nothing listens on that port)
        Map<String, String> noBus = new HashMap<>(env);
        noBus.put("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://127.0.0.1:9");
        noBus.put("AWS_MAX_ATTEMPTS", "1");
        JsonNode outcome;
        try (ClientFactory broken = TestStack.clients(noBus)) {
            // when
            outcome = invoke(handler(noBus, broken), new ReplayContext(FUNCTION, 30_000));
        }

        // then the case is opened, once, and its announcement is pending in the ledger
        assertEquals("created", outcome.get("status").asText());
        assertEquals(1, emulator.securityIr().cases().size());
        Map<String, AttributeValue> item = TestStack.ledgerItems(env.get("LEDGER_TABLE")).get(0);
        assertTrue(item.get("announcement").s().contains("Case Opened"), item.toString());
        assertEquals(1, EmfLines.sum(EmfLines.parse(printed), "AnnouncementFailures", Map.of("FunctionName", FUNCTION)));
        assertTrue(TestStack.Delivered.from(opened.received()).isEmpty());

        // when the poller runs once the case is due (first poll after five minutes) and the lease has passed
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
        CasePollerHandler poller = new CasePollerHandler(PollerFunction.create(new Settings(env), clients, later, JsonLog.discard(),
                Metrics.discard()));
        poller.handleRequest(stream(text("schedule/scheduled-poll.json")), new ByteArrayOutputStream(), new ReplayContext("poller", 60_000));

        // then it is announced, once
        List<TestStack.Delivered> events = TestStack.Delivered.from(opened.received());
        assertEquals(1, events.size(), events.toString());
        assertEquals(outcome.get("externalId").asText(), events.get(0).detail().path("externalId").asText());
        item = TestStack.ledgerItems(env.get("LEDGER_TABLE")).get(0);
        assertTrue(!item.containsKey("announcement"), item.toString());
    }

    private static JsonNode json(String line) {
        try {
            return EventJson.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
