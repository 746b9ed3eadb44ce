package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static io.incidentresponse.shared.testing.SampleEvents.tree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.alarm.AlarmIncidentHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService.Incident;
import io.incidentresponse.local.emulator.IncidentManagerService.TimelineEvent;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The CloudWatch alarm path end to end: the real handler with its real SDK clients, DynamoDB
 * Local as the ledger and the emulator as Incident Manager, driven by the sample events of one
 * alarm's life (01 ALARM, 02 ALARM again, 03 OK) and the other alarm kinds.
 */
class AlarmIncidentIT {
    private static final String ALARM = "alarm/01-api-5xx-alarm.json";
    private static final String ALARM_AGAIN = "alarm/02-api-5xx-alarm-again.json";
    private static final String RECOVERED = "alarm/03-api-5xx-ok.json";
    private static final String INSUFFICIENT_DATA = "alarm/04-queue-insufficient-data.json";
    private static final String ALARM_ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api-5xx-rate";
    private static final String LEDGER_KEY = "alarm#" + ALARM_ARN;
    private static final String DEMO_PLAN = IncidentManagerService.DEMO_RESPONSE_PLAN_ARN;

    private final Emulator emulator = TestStack.emulator();
    private Map<String, String> env;
    private String table;
    private ClientFactory clients;
    /** What a subscriber to the product's status events receives: a rule on the default bus and its queue. */
    private EventRuleQueue statusQueue;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
        if (statusQueue != null) {
            statusQueue.close();
        }
    }

    /** A fresh ledger and emulator, the demo response plan as default, and {@code settings} on top. */
    private void environment(Map<String, String> settings) {
        Map<String, String> extra = new HashMap<>(Map.of("DEFAULT_RESPONSE_PLAN_ARN", DEMO_PLAN));
        extra.putAll(settings);
        env = TestStack.freshEnvironment(extra);
        table = env.get("LEDGER_TABLE");
        clients = TestStack.clients(env);
        statusQueue = TestStack.statusEvents();
    }

    private AlarmIncidentHandler handler() {
        return new AlarmIncidentHandler(new Settings(env), clients);
    }

    /** One scheduled run of the case poller, as the schedule would start it. */
    private void pollOnce() throws IOException {
        new io.incidentresponse.functions.poller.CasePollerHandler(new Settings(env), clients)
                .handleRequest(stream(text("schedule/scheduled-poll.json")), new java.io.ByteArrayOutputStream(), null);
    }

    private JsonNode deliver(String json) throws IOException {
        return invoke(handler(), json);
    }

    private static JsonNode invoke(AlarmIncidentHandler handler, String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    /** A sample alarm event as a new delivery from CloudWatch: another event id, state and state time. */
    private static String stateChange(String path, String eventId, String state, String stateTimestamp) {
        return edited(path, tree -> {
            tree.put("id", eventId);
            ObjectNode detailState = (ObjectNode) tree.at("/detail/state");
            detailState.put("value", state);
            detailState.put("timestamp", stateTimestamp);
        });
    }

    private static String eventId(String path) {
        return tree(path).get("id").asText();
    }

    private List<Incident> incidents() {
        return emulator.incidentManager().incidents();
    }

    private Incident onlyIncident() {
        List<Incident> incidents = incidents();
        assertEquals(1, incidents.size(), incidents.toString());
        return incidents.get(0);
    }

    private Incident incident(String arn) {
        return emulator.incidentManager().findIncident(arn).orElseThrow(() -> new AssertionError("no incident " + arn));
    }

    private List<TimelineEvent> timeline(String incidentArn) {
        return emulator.incidentManager().timelineEvents(incidentArn);
    }

    private Optional<Map<String, AttributeValue>> ledgerItem(String key, int episode) {
        return TestStack.ledgerItems(table).stream()
                .filter(item -> item.get("pk").s().equals(key) && item.get("episode").n().equals(Integer.toString(episode)))
                .findFirst();
    }

    private Map<String, AttributeValue> episode(int episode) {
        return ledgerItem(LEDGER_KEY, episode).orElseThrow(() -> new AssertionError(
                "no ledger item " + LEDGER_KEY + " episode " + episode + " in " + TestStack.ledgerItems(table)));
    }

    private void assertNoRejections() {
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    private static Instant epochSeconds(JsonNode value) {
        BigDecimal seconds = value.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }

    // ---- 1. ALARM opens an incident ----

    @Test
    void alarmOpensOneIncidentUnderTheDefaultPlanAndTheLedgerHoldsItsArn() throws IOException {
        // given
        environment(Map.of());

        // when
        JsonNode outcome = deliver(text(ALARM));

        // then one incident, under the demo plan, with what a responder needs
        assertEquals("created", outcome.get("status").asText());
        assertEquals("INCIDENT_MANAGER", outcome.get("target").asText());
        Incident incident = onlyIncident();
        assertEquals(incident.arn(), outcome.get("externalId").asText());
        assertEquals(DEMO_PLAN, incident.responsePlanArn());
        assertEquals("OPEN", incident.status());
        assertEquals("prod-api-5xx-rate in ALARM: HTTPCode_Target_5XX_Count 132.0, threshold 25.0", incident.title());
        assertEquals(3, incident.impact(), "DEFAULT_IMPACT defaults to 3");

        JsonNode trigger = incident.triggerDetails();
        assertEquals("aws.cloudwatch", trigger.path("source").asText());
        assertEquals(ALARM_ARN, trigger.path("triggerArn").asText());
        assertEquals(Instant.parse("2026-10-14T09:12:33.871Z"), epochSeconds(trigger.get("timestamp")));
        assertTrue(trigger.path("rawData").isTextual(), trigger.toString());
        assertEquals(eventId(ALARM), EventJson.MAPPER.readTree(trigger.path("rawData").asText()).path("id").asText());
        assertEquals(ALARM_ARN, incident.record().path("incidentRecordSource").path("resourceArn").asText());

        List<JsonNode> related = new ArrayList<>();
        incident.relatedItems().forEach(related::add);
        assertEquals(3, related.size(), related.toString());
        assertEquals("OTHER", related.get(0).at("/identifier/type").asText());
        assertEquals("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-api-5xx-rate",
                related.get(0).at("/identifier/value/url").asText());
        assertEquals("INVOLVED_RESOURCE", related.get(1).at("/identifier/type").asText());
        assertEquals(ALARM_ARN, related.get(1).at("/identifier/value/arn").asText());
        assertEquals("METRIC", related.get(2).at("/identifier/type").asText());
        JsonNode metric = EventJson.MAPPER.readTree(related.get(2).at("/identifier/value/metricDefinition").asText());
        assertEquals(List.of("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", "app/prod-api-alb/4f1c2a9e7b3d6085"),
                EventJson.MAPPER.convertValue(metric.at("/metrics/0"), List.class));
        assertEquals("us-east-1", metric.path("region").asText());
        assertEquals("Sum", metric.path("stat").asText());
        assertEquals(60, metric.path("period").asInt());
        for (JsonNode item : related) {
            assertFalse(item.path("title").asText().isBlank(), item.toString());
        }
        assertTrue(timeline(incident.arn()).isEmpty(), timeline(incident.arn()).toString());

        // and one ledger item, episode 1, open and holding the incident
        List<Map<String, AttributeValue>> items = TestStack.ledgerItems(table);
        assertEquals(1, items.size(), items.toString());
        Map<String, AttributeValue> item = items.get(0);
        assertEquals(LEDGER_KEY, item.get("pk").s());
        assertEquals("1", item.get("episode").n());
        assertEquals("OPEN", item.get("state").s());
        assertEquals("INCIDENT_MANAGER", item.get("target").s());
        assertEquals(incident.arn(), item.get("externalId").s());
        assertNoRejections();
    }

    // ---- 2. ALARM again ----

    @Test
    void sameAlarmInAlarmAgainAddsOneTimelineEventEvenWhenDeliveredTwice() throws IOException {
        // given
        environment(Map.of());
        String arn = deliver(text(ALARM)).get("externalId").asText();

        // when the alarm is re-evaluated into ALARM again
        JsonNode again = deliver(text(ALARM_AGAIN));

        // then the open incident hears of it, and there is still one incident
        assertEquals("repeat", again.get("status").asText());
        assertEquals(arn, again.get("externalId").asText());
        assertEquals(1, incidents().size());
        List<TimelineEvent> events = timeline(arn);
        assertEquals(1, events.size(), events.toString());
        TimelineEvent event = events.get(0);
        assertEquals("Custom Event", event.eventType());
        assertEquals(Instant.parse("2026-10-14T09:26:48.210Z"), event.eventTime());
        String data = EventJson.MAPPER.readTree(event.eventData()).asText();
        assertTrue(data.contains("In ALARM again at 2026-10-14T09:26:48.210Z"), data);
        assertTrue(data.contains("greater than the threshold (50.0)"), data);

        // when the same event is delivered a second time
        JsonNode redelivered = deliver(text(ALARM_AGAIN));

        // then nothing more is said
        assertEquals("repeat", redelivered.get("status").asText());
        assertEquals(1, timeline(arn).size(), timeline(arn).toString());
        assertEquals(1, incidents().size());
        assertEquals("OPEN", onlyIncident().status());
        assertEquals("3", episode(1).get("occurrences").n());
        assertNoRejections();
    }

    @Test
    void redeliveryOfTheAlarmThatOpenedTheIncidentIsNotReportedAsInAlarmAgain() throws IOException {
        // given
        environment(Map.of());
        String arn = deliver(text(ALARM)).get("externalId").asText();

        // when EventBridge delivers the same state change once more
        JsonNode redelivered = deliver(text(ALARM));

        // then it is counted, but the incident hears of no state change that did not happen
        assertEquals("repeat", redelivered.get("status").asText());
        assertEquals("nothing new; occurrence recorded", redelivered.get("detail").asText());
        assertTrue(timeline(arn).isEmpty(), timeline(arn).toString());
        assertEquals(1, incidents().size());
        assertEquals("2", episode(1).get("occurrences").n());
    }

    // ---- 3. OK ----

    @Test
    void okWithAutoResolveRecordsTheRecoveryResolvesTheIncidentAndClosesTheEpisode() throws IOException {
        // given
        environment(Map.of("AUTO_RESOLVE", "true"));
        String arn = deliver(text(ALARM)).get("externalId").asText();

        // when
        JsonNode outcome = deliver(text(RECOVERED));

        // then
        assertEquals("recovered", outcome.get("status").asText());
        assertEquals(arn, outcome.get("externalId").asText());
        List<TimelineEvent> events = timeline(arn);
        assertEquals(1, events.size(), events.toString());
        assertEquals(Instant.parse("2026-10-14T09:56:41.337Z"), events.get(0).eventTime());
        String data = EventJson.MAPPER.readTree(events.get(0).eventData()).asText();
        assertTrue(data.startsWith("prod-api-5xx-rate recovered (OK): "), data);
        Incident incident = onlyIncident();
        assertEquals("RESOLVED", incident.status());
        assertTrue(incident.resolvedTime() != null, incident.record().toString());

        Map<String, AttributeValue> item = episode(1);
        assertEquals("CLOSED", item.get("state").s());
        assertEquals("RESOLVED", item.get("externalStatus").s());
        assertTrue(item.containsKey("announcement"), "the resolution waits for the poller to announce it: " + item);
        assertTrue(item.containsKey("expiresAt"), "a closed episode expires: " + item);

        // when the poller runs next
        pollOnce();

        // then it announces the resolution once, and the episode leaves the poller's index
        List<JsonNode> published = statusQueue.received();
        assertEquals(1, published.size(), published.toString());
        JsonNode change = published.get(0).path("detail");
        assertEquals("OPEN", change.get("previousStatus").asText());
        assertEquals("RESOLVED", change.get("status").asText());
        assertEquals(arn, change.get("externalId").asText());
        assertTrue(change.get("consoleUrl").asText().startsWith("https://"), change.toString());
        item = episode(1);
        assertFalse(item.containsKey("pollShard"), "a closed episode leaves the poller's index: " + item);
        assertFalse(item.containsKey("nextPollAt"), "a closed episode leaves the poller's index: " + item);
        assertFalse(item.containsKey("announcement"), item.toString());
        pollOnce();
        assertEquals(1, statusQueue.received().size(), "announced once");
        assertTrue(Long.parseLong(item.get("expiresAt").n()) > Instant.parse("2026-10-14T09:56:41Z").getEpochSecond(), item.toString());
        assertNoRejections();
    }

    @Test
    void okWithoutAutoResolveRecordsTheRecoveryAndLeavesTheIncidentOpen() throws IOException {
        // given AUTO_RESOLVE unset
        environment(Map.of());
        String arn = deliver(text(ALARM)).get("externalId").asText();

        // when
        JsonNode outcome = deliver(text(RECOVERED));

        // then
        assertEquals("recovered", outcome.get("status").asText());
        List<TimelineEvent> events = timeline(arn);
        assertEquals(1, events.size(), events.toString());
        assertTrue(EventJson.MAPPER.readTree(events.get(0).eventData()).asText().contains("recovered (OK)"), events.toString());
        assertEquals("OPEN", onlyIncident().status());
        Map<String, AttributeValue> item = episode(1);
        assertEquals("OPEN", item.get("state").s());
        assertTrue(item.containsKey("pollShard") && item.containsKey("nextPollAt"), "still polled: " + item);
        assertFalse(item.containsKey("expiresAt"), item.toString());
        assertEquals(0, emulator.log().count("UpdateIncidentRecord"));
        assertNoRejections();
    }

    // ---- 4. the next episode ----

    @Test
    void alarmAfterTheIncidentWasResolvedOpensANewIncidentButAnOldRedeliveryDoesNot() throws IOException {
        // given an episode that ended with the alarm's recovery
        environment(Map.of("AUTO_RESOLVE", "true"));
        String first = deliver(text(ALARM)).get("externalId").asText();
        deliver(text(RECOVERED));
        assertEquals("RESOLVED", incident(first).status());

        // when the original ALARM is delivered again after the resolution
        JsonNode redelivered = deliver(text(ALARM));

        // then it belongs to the closed episode: nothing is opened or said
        assertEquals("repeat", redelivered.get("status").asText());
        assertEquals(first, redelivered.get("externalId").asText());
        assertEquals(1, incidents().size());
        assertEquals(1, timeline(first).size(), timeline(first).toString());
        assertEquals("RESOLVED", incident(first).status());
        assertTrue(ledgerItem(LEDGER_KEY, 2).isEmpty());

        // when the alarm goes into ALARM later on
        JsonNode later = deliver(stateChange(ALARM, "0b6e4f3a-7c21-4d88-9e5f-2a1c3b4d5e6f", "ALARM", "2026-10-14T11:40:02.118+0000"));

        // then a new incident opens for a second episode
        assertEquals("created", later.get("status").asText());
        List<Incident> incidents = incidents();
        assertEquals(2, incidents.size(), incidents.toString());
        String second = later.get("externalId").asText();
        assertNotEquals(first, second);
        assertEquals(second, incidents.get(1).arn());
        assertEquals("OPEN", incident(second).status());
        assertEquals("RESOLVED", incident(first).status());
        Map<String, AttributeValue> item = episode(2);
        assertEquals("OPEN", item.get("state").s());
        assertEquals(second, item.get("externalId").s());
        assertEquals("CLOSED", episode(1).get("state").s());
        assertEquals(first, episode(1).get("externalId").s());

        // when the original ALARM turns up once more, during the second episode
        JsonNode stale = deliver(text(ALARM));

        // then it is only counted: no third incident, and the new incident is not told of an old state change
        assertEquals("repeat", stale.get("status").asText());
        assertEquals(2, incidents().size());
        assertTrue(timeline(second).isEmpty(), timeline(second).toString());
        assertTrue(ledgerItem(LEDGER_KEY, 3).isEmpty());
        assertNoRejections();
    }

    // ---- 5. concurrency ----

    @Test
    void twentyConcurrentDeliveriesOfOneAlarmOpenExactlyOneIncident() throws Exception {
        // given 20 containers receiving the same event at the same moment
        environment(Map.of());
        int deliveries = 20;
        List<AlarmIncidentHandler> containers = new ArrayList<>();
        for (int i = 0; i < deliveries; i++) {
            containers.add(handler());
        }
        CyclicBarrier start = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<Future<JsonNode>> results = new ArrayList<>();

        // when
        List<String> statuses = new ArrayList<>();
        try {
            for (AlarmIncidentHandler container : containers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return invoke(container, text(ALARM));
                }));
            }
            for (Future<JsonNode> result : results) {
                statuses.add(result.get().get("status").asText());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(1, statuses.stream().filter("created"::equals).count(), statuses.toString());
        assertEquals(deliveries - 1, statuses.stream().filter("repeat"::equals).count(), statuses.toString());
        Incident incident = onlyIncident();
        assertEquals(incident.arn(), episode(1).get("externalId").s());
        assertEquals(Integer.toString(deliveries), episode(1).get("occurrences").n());
        assertEquals(1, TestStack.ledgerItems(table).size());
        assertTrue(timeline(incident.arn()).isEmpty(), "copies of one state change are not 'in ALARM again': "
                + timeline(incident.arn()));
        assertNoRejections();
    }

    // ---- 6. out of order ----

    @Test
    void okDeliveredBeforeItsAlarmIsRecordedThenTheAlarmOpensAndResolvesAtOnce() throws IOException {
        // given AUTO_RESOLVE, and the OK arriving first
        environment(Map.of("AUTO_RESOLVE", "true"));
        JsonNode early = deliver(text(RECOVERED));
        assertEquals("ignored", early.get("status").asText());
        assertTrue(incidents().isEmpty());
        assertEquals("2026-10-14T09:56:41.337Z", episode(0).get("lastRecoveredAt").s(), "the recovery is remembered");
        assertTrue(ledgerItem(LEDGER_KEY, 1).isEmpty());

        // when the ALARM it recovered from arrives
        JsonNode outcome = deliver(text(ALARM));

        // then the incident is opened, told of the recovery, and resolved
        assertEquals("created", outcome.get("status").asText());
        assertTrue(outcome.get("detail").asText().contains("already recovered"), outcome.toString());
        Incident incident = onlyIncident();
        assertEquals(incident.arn(), outcome.get("externalId").asText());
        assertEquals("RESOLVED", incident.status());
        List<TimelineEvent> events = timeline(incident.arn());
        assertEquals(1, events.size(), events.toString());
        assertEquals(Instant.parse("2026-10-14T09:56:41.337Z"), events.get(0).eventTime());
        Map<String, AttributeValue> item = episode(1);
        assertEquals("CLOSED", item.get("state").s());
        assertEquals(incident.arn(), item.get("externalId").s());
        pollOnce();
        assertFalse(episode(1).containsKey("pollShard"), "out of the index once announced: " + episode(1));
        assertNoRejections();
    }

    @Test
    void okDeliveredBeforeItsAlarmWithoutAutoResolveLeavesTheIncidentOpenWithTheRecovery() throws IOException {
        // given the OK first, AUTO_RESOLVE unset
        environment(Map.of());
        deliver(text(RECOVERED));

        // when
        JsonNode outcome = deliver(text(ALARM));

        // then
        assertEquals("created", outcome.get("status").asText());
        Incident incident = onlyIncident();
        assertEquals("OPEN", incident.status());
        List<TimelineEvent> events = timeline(incident.arn());
        assertEquals(1, events.size(), events.toString());
        assertTrue(EventJson.MAPPER.readTree(events.get(0).eventData()).asText().contains("recovered (OK)"), events.toString());
        assertEquals("OPEN", episode(1).get("state").s());
        assertEquals(0, emulator.log().count("UpdateIncidentRecord"));
        assertNoRejections();
    }

    // ---- 7. throttling ----

    @Test
    void firstThreeStartIncidentCallsThrottledStillOpenOneIncident() throws IOException {
        // given AWS_MAX_ATTEMPTS=5 (LocalStack's environment)
        environment(Map.of());
        assertEquals("5", env.get("AWS_MAX_ATTEMPTS"));
        emulator.faults().throttle("StartIncident", 3);

        // when
        JsonNode outcome = deliver(text(ALARM));

        // then
        assertEquals("created", outcome.get("status").asText());
        assertEquals(4, emulator.log().count("StartIncident"));
        assertEquals(1, emulator.log().successCount("StartIncident"));
        Incident incident = onlyIncident();
        assertEquals(incident.arn(), outcome.get("externalId").asText());
        assertEquals(incident.arn(), episode(1).get("externalId").s());
        assertEquals("OPEN", episode(1).get("state").s());
    }

    // ---- 8. INSUFFICIENT_DATA ----

    @Test
    void insufficientDataChangesNothingByDefault() throws IOException {
        // given
        environment(Map.of());

        // when
        JsonNode outcome = deliver(text(INSUFFICIENT_DATA));

        // then
        assertEquals("ignored", outcome.get("status").asText());
        assertTrue(incidents().isEmpty());
        assertTrue(TestStack.ledgerItems(table).isEmpty(), TestStack.ledgerItems(table).toString());
        assertTrue(emulator.log().calls().isEmpty(), emulator.log().calls().toString());
    }

    @Test
    void insufficientDataWithTimelineOptionIsNotedOnTheAlarmsOpenIncident() throws IOException {
        // given INSUFFICIENT_DATA_TIMELINE and an open incident for the queue alarm
        environment(Map.of("INSUFFICIENT_DATA_TIMELINE", "true"));
        String arn = deliver(stateChange(INSUFFICIENT_DATA, "5e7a9c1b-3d2f-4a6e-8b0c-9d1e2f3a4b5c", "ALARM",
                "2026-10-14T09:52:10.004+0000")).get("externalId").asText();
        assertTrue(timeline(arn).isEmpty());

        // when
        JsonNode outcome = deliver(text(INSUFFICIENT_DATA));

        // then
        assertEquals("noted", outcome.get("status").asText());
        assertEquals(1, incidents().size());
        List<TimelineEvent> events = timeline(arn);
        assertEquals(1, events.size(), events.toString());
        String data = EventJson.MAPPER.readTree(events.get(0).eventData()).asText();
        assertTrue(data.contains("INSUFFICIENT_DATA at 2026-10-14T10:07:12.308Z"), data);
        assertEquals("OPEN", onlyIncident().status());
        assertNoRejections();
    }

    // ---- 9. malformed ----

    @ParameterizedTest
    @ValueSource(strings = {"not-json", "wrong-detail-type", "no-alarm-name"})
    void malformedEventFailsNamingTheEventAndWritesNothing(String kind) {
        // given
        environment(Map.of());
        String json = switch (kind) {
            case "not-json" -> "{\"id\": \"" + eventId(ALARM) + "\", \"detail\": {";
            case "wrong-detail-type" -> edited(ALARM, tree -> tree.put("detail-type", "CloudWatch Alarm Configuration Change"));
            default -> text("malformed/alarm-without-alarm-name.json");
        };
        String eventId = kind.equals("no-alarm-name") ? eventId("malformed/alarm-without-alarm-name.json") : eventId(ALARM);

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> deliver(json));

        // then
        assertEquals(eventId, error.eventId());
        assertTrue(error.getMessage().startsWith("event " + eventId + ": "), error.getMessage());
        if (kind.equals("no-alarm-name")) {
            assertTrue(error.getMessage().contains("alarmName"), error.getMessage());
        }
        assertTrue(incidents().isEmpty());
        assertEquals(0, emulator.log().count("StartIncident"));
        assertTrue(TestStack.ledgerItems(table).isEmpty(), TestStack.ledgerItems(table).toString());
    }

    // ---- 10. the other alarm kinds ----

    static Stream<Arguments> otherAlarmKinds() {
        return Stream.of(
                Arguments.of("alarm/05-latency-metric-math.json", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-p99-latency-ratio",
                        "checkout-p99-latency-ratio in ALARM: p99 / p50 TargetResponseTime 9.412077631245, threshold 6.0", 4),
                Arguments.of("alarm/06-composite-service-health.json", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-service-health",
                        "checkout-service-health in ALARM (composite: ALARM(\"prod-api-5xx-rate\") OR ALARM(\"checkout-p99-latency-ratio\"))", 2),
                Arguments.of("alarm/07-anomaly-detection.json", "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-per-minute-anomaly",
                        "orders-per-minute-anomaly in ALARM: OrdersPlaced", 3));
    }

    @ParameterizedTest
    @MethodSource("otherAlarmKinds")
    void metricMathCompositeAndAnomalyDetectionAlarmsEachOpenAnIncidentTheServiceAccepts(String path, String alarmArn, String title,
                                                                                          int relatedItems) throws IOException {
        // given
        environment(Map.of());

        // when
        JsonNode outcome = deliver(text(path));

        // then
        assertEquals("created", outcome.get("status").asText(), outcome.toString());
        assertNoRejections();
        Incident incident = onlyIncident();
        assertEquals(incident.arn(), outcome.get("externalId").asText());
        assertEquals(title, incident.title());
        assertEquals(alarmArn, incident.triggerDetails().path("triggerArn").asText());
        assertEquals(relatedItems, incident.relatedItems().size(), incident.relatedItems().toString());
        assertEquals(incident.arn(), ledgerItem("alarm#" + alarmArn, 1).orElseThrow().get("externalId").s());
    }
}
