package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.alarm.AlarmIncidentHandler;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.functions.poller.CasePollerHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.IncidentManagerService;
import io.incidentresponse.local.engine.EventRuleQueue;
import io.incidentresponse.local.it.TestStack.Delivered;
import io.incidentresponse.local.replay.ReplayContext;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrStatus;
import io.incidentresponse.shared.signal.StatusChange;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.PollReport;
import io.incidentresponse.shared.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.Watcher;

/**
 * The case poller function end to end: the real handler built by {@link PollerFunction#create} with
 * a clock the test moves (so opened items are due), real SDK clients, the local engine (moto) as the
 * ledger's DynamoDB and as EventBridge (the published events are read back from a queue a rule on
 * the default bus delivers them to), and the emulator as Security IR and Incident Manager. Cases are opened through the
 * real GuardDuty and alarm handlers, or, for bulk set-up, through the real ledger and CreateCase.
 */
class CasePollerIT {
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";
    private static final String ALARM = "alarm/01-api-5xx-alarm.json";
    private static final String SCHEDULED = "schedule/scheduled-poll.json";
    private static final String DETECTION = "Detection and Analysis";
    private static final Duration FIRST_POLL = Duration.ofMinutes(5);
    private static final Duration RETENTION = Duration.ofDays(365);

    private final Emulator emulator = TestStack.emulator();
    private Map<String, String> env;
    private String table;
    private ClientFactory clients;
    private final List<ClientFactory> extraClients = new ArrayList<>();
    /** What a subscriber to the product's status events receives: a rule on the default bus and its queue. */
    private EventRuleQueue statusQueue;
    /** The poller's clock: ahead of the real one by more than the first poll, so every opened item is due. */
    private final MutableClock clock = new MutableClock(Instant.now().plus(FIRST_POLL).plusSeconds(60));

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
        extraClients.forEach(ClientFactory::close);
        if (statusQueue != null) {
            statusQueue.close();
        }
    }

    private void environment(Map<String, String> settings) {
        env = TestStack.freshEnvironment(settings);
        table = env.get("LEDGER_TABLE");
        clients = TestStack.clients(env);
        statusQueue = TestStack.statusEvents();
    }

    // ---- the function under test ----

    private CasePollerHandler poller() {
        return poller(clients);
    }

    private CasePollerHandler poller(ClientFactory factory) {
        return new CasePollerHandler(PollerFunction.create(new Settings(env), factory, clock, JsonLog.discard()));
    }

    private static PollReport poll(CasePollerHandler handler) throws IOException {
        return poll(handler, null);
    }

    private static PollReport poll(CasePollerHandler handler, Context context) throws IOException {
        return EventJson.MAPPER.treeToValue(invoke(handler, text(SCHEDULED), context), PollReport.class);
    }

    private static JsonNode invoke(CasePollerHandler handler, String json, Context context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(json), out, context);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    // ---- opening cases and incidents ----

    /** Opens a case through the real GuardDuty handler (real clock: due after five minutes); its ledger key. */
    private String openCase(String findingId) throws IOException {
        GuardDutyFindingHandler handler = new GuardDutyFindingHandler(new Settings(env), clients);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(edited(SSH, tree -> ((ObjectNode) tree.get("detail")).put("id", findingId))), out, null);
        JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
        assertEquals("created", outcome.path("status").asText(), outcome.toString());
        return outcome.path("signalKey").asText();
    }

    /** Opens {@code count} cases through the real ledger (claim, then opened) and CreateCase, a few at a time; their ledger keys. */
    private List<String> openCasesInBulk(String prefix, int count) {
        DynamoDbLedger ledger = new DynamoDbLedger(TestStack.dynamoDb(), table);
        Instant now = Instant.now();
        List<String> keys = new ArrayList<>();
        List<Callable<Void>> openings = new ArrayList<>();
        try (SecurityIrClient securityIr = clients.securityIr()) {
            for (int i = 0; i < count; i++) {
                String key = "guardduty#123456789012#us-east-1#" + prefix + "-" + i;
                String token = prefix + "-token-" + i;
                String title = "Bulk case " + prefix + " " + i;
                keys.add(key);
                openings.add(() -> {
                    assertTrue(ledger.claim(new NewClaim(key, 1, Target.SECURITY_IR, token, "it", now, now.plusSeconds(90), 8.0,
                            Set.of(), now, now, "aws.guardduty", "UnauthorizedAccess:EC2/SSHBruteForce", "123456789012", "us-east-1",
                            title, null)).isEmpty());
                    String caseId = securityIr.createCase(r -> r.clientToken(token).title(title)
                            .description("opened by CasePollerIT").engagementType(EngagementType.SECURITY_INCIDENT)
                            .resolverType(ResolverType.SELF).reportedIncidentStartDate(now).impactedAccounts("123456789012")
                            .watchers(Watcher.builder().email("secops@example.com").build())).caseId();
                    assertTrue(ledger.opened(key, 1, caseId, SecurityIrStatus.INITIAL, now, now.plus(FIRST_POLL), null));
                    return null;
                });
            }
            inParallel(openings);
        }
        return keys;
    }

    private static void inParallel(List<Callable<Void>> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes closed items as a closed episode carries them (no pollShard, no nextPollAt): BatchWriteItem, a few at a time. */
    private Set<String> writeClosedItems(int count) {
        DynamoDbClient dynamo = TestStack.dynamoDb();
        Instant closedAt = Instant.now().minus(Duration.ofDays(3));
        List<WriteRequest> batch = new ArrayList<>();
        List<Callable<Void>> batches = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String key = "guardduty#123456789012#us-east-1#closed-" + i;
            keys.add(key);
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", s(key));
            item.put("episode", n(1));
            item.put("target", s("SECURITY_IR"));
            item.put("state", s("CLOSED"));
            item.put("externalId", s(Long.toString(2_000_000_000L + i)));
            item.put("externalStatus", s("Closed"));
            item.put("statusFingerprint", s("Closed||Investigation Completed"));
            item.put("closureCode", s("Investigation Completed"));
            item.put("closedAt", s(closedAt.toString()));
            item.put("expiresAt", n(closedAt.plus(RETENTION).getEpochSecond()));
            item.put("version", n(4));
            item.put("title", s("Closed case " + i));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> first = Map.of(table, List.copyOf(batch));
                batches.add(() -> {
                    Map<String, List<WriteRequest>> unprocessed = first;
                    while (!unprocessed.isEmpty()) {
                        Map<String, List<WriteRequest>> request = unprocessed;
                        unprocessed = dynamo.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                    }
                    return null;
                });
                batch.clear();
            }
        }
        inParallel(batches);
        return keys;
    }

    // ---- reading the ledger and the index ----

    private Map<String, AttributeValue> item(String key) {
        Map<String, AttributeValue> item = TestStack.dynamoDb()
                .getItem(r -> r.tableName(table).key(Map.of("pk", s(key), "episode", n(1))).consistentRead(true)).item();
        assertTrue(item != null && !item.isEmpty(), "no ledger item " + key);
        return item;
    }

    /** The items with these keys, read with a paginated, consistent scan of the whole table. */
    private Map<String, Map<String, AttributeValue>> allItems(Set<String> keys) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        TestStack.dynamoDb().scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(item -> {
            if (keys.contains(item.get("pk").s())) {
                items.put(item.get("pk").s(), item);
            }
        });
        return items;
    }

    private String caseId(String key) {
        return item(key).get("externalId").s();
    }

    /** The open-by-due index as the poller sees it at {@code at}: every entry of every shard that is due. */
    private IndexRead readIndex(Instant at) {
        DynamoDbClient dynamo = TestStack.dynamoDb();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int scanned = 0;
        for (int shard = 0; shard < DynamoDbLedger.POLL_SHARDS; shard++) {
            String pollShard = "open#" + shard;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse page = dynamo.query(r -> r.tableName(table).indexName(DynamoDbLedger.OPEN_INDEX)
                        .keyConditionExpression("pollShard = :shard AND nextPollAt <= :now")
                        .expressionAttributeValues(Map.of(":shard", s(pollShard), ":now", n(at.getEpochSecond())))
                        .exclusiveStartKey(from));
                items.addAll(page.items());
                scanned += page.scannedCount();
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return new IndexRead(items, scanned);
    }

    private record IndexRead(List<Map<String, AttributeValue>> items, int scanned) {
        Set<String> keys() {
            return items.stream().map(i -> i.get("pk").s()).collect(Collectors.toSet());
        }
    }

    /** Every entry of the index, due or not. */
    private Set<String> indexKeys() {
        return readIndex(Instant.parse("9999-01-01T00:00:00Z")).keys();
    }

    /** The events the product published, as the rule on the default bus delivered them to its queue. */
    private List<Delivered> statusEvents() {
        return Delivered.from(statusQueue.received());
    }

    private static JsonNode detail(Delivered event) {
        return event.detail();
    }

    private void assertIsStatusChange(Delivered event) {
        assertEquals(StatusChange.SOURCE, event.source());
        assertEquals("incident-response", event.source());
        assertEquals("Case Status Changed", event.detailType());
    }

    private void assertDue(String key) {
        Map<String, AttributeValue> item = item(key);
        assertEquals("OPEN", item.get("state").s(), item.toString());
        assertTrue(item.containsKey("pollShard"), "in the poller's index: " + item);
        assertTrue(Long.parseLong(item.get("nextPollAt").n()) <= clock.instant().getEpochSecond(), "still due: " + item);
    }

    private void assertOutOfTheIndex(String key) {
        Map<String, AttributeValue> item = item(key);
        assertFalse(item.containsKey("pollShard"), item.toString());
        assertFalse(item.containsKey("nextPollAt"), item.toString());
        assertFalse(item.containsKey("announcement"), "announced: " + item);
        assertFalse(indexKeys().contains(key), "no longer in " + DynamoDbLedger.OPEN_INDEX);
    }

    private void assertNoRejections() {
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    // ---- 1. the sparse index: closed items cost nothing ----

    @Test
    void runOverFiveThousandClosedAndTwoHundredOpenItemsReadsAndPollsOnlyTheOpenOnes() throws IOException {
        // given 5,000 closed items and 200 open, due cases
        environment(Map.of());
        Set<String> closed = writeClosedItems(5_000);
        Set<String> open = new HashSet<>(openCasesInBulk("open", 200));
        Map<String, Map<String, AttributeValue>> closedBefore = allItems(closed);
        assertEquals(5_000, closedBefore.size());
        assertEquals(0, emulator.log().count("GetCase"));

        // and, read the way the poller reads it, the index holds the 200 open items and nothing else
        IndexRead index = readIndex(clock.instant());
        assertEquals(open, index.keys());
        assertEquals(200, index.scanned(), "index entries evaluated");
        assertTrue(index.items().stream().allMatch(i -> i.get("state").s().equals("OPEN")));
        // (Not compared in read units: moto reports the same ConsumedCapacity for every request, however
        // many items it reads. Counted instead: the whole index holds 200 entries, the table 5,200.)
        int indexEntries = TestStack.dynamoDb().scanPaginator(r -> r.tableName(table).indexName(DynamoDbLedger.OPEN_INDEX)
                .select("COUNT")).stream().mapToInt(page -> page.count()).sum();
        int tableItems = TestStack.dynamoDb().scanPaginator(r -> r.tableName(table).select("COUNT")).stream()
                .mapToInt(page -> page.count()).sum();
        assertEquals(200, indexEntries, "the sparse index holds the open items only");
        assertEquals(5_200, tableItems);

        // when
        PollReport report = poll(poller());

        // then exactly the open items were read and polled
        assertEquals(new PollReport(200, 200, 0, 0, 0, 0, false, null), report);
        assertEquals(200, emulator.log().count("GetCase"));
        for (String key : open) {
            Map<String, AttributeValue> item = item(key);
            assertNotNull(item.get("polledAt"), "polled: " + item);
            assertTrue(Long.parseLong(item.get("nextPollAt").n()) > clock.instant().getEpochSecond(), "rescheduled: " + item);
        }
        // and no closed item was touched
        assertEquals(closedBefore, allItems(closed));
        assertTrue(statusEvents().isEmpty(), statusEvents().toString());

        // and a run right after finds nothing due
        assertEquals(0, poll(poller()).itemsRead());
        assertEquals(200, emulator.log().count("GetCase"));
        assertNoRejections();
    }

    // ---- 2. a case's life: two changes, two events, then out of the index ----

    @Test
    void caseMovingToDetectionThenClosedIsAnnouncedTwiceThenLeavesTheIndex() throws IOException {
        // given a case opened by the GuardDuty function
        environment(Map.of());
        String key = openCase("poller-life");
        String caseId = caseId(key);
        assertTrue(indexKeys().contains(key));
        CasePollerHandler poller = poller();

        // when a responder moves it to Detection and Analysis, and the poller runs
        emulator.securityIr().setCaseStatus(caseId, DETECTION);
        PollReport first = poll(poller);

        // then
        assertEquals(new PollReport(1, 1, 1, 0, 0, 0, false, null), first);
        Map<String, AttributeValue> item = item(key);
        assertEquals("OPEN", item.get("state").s());
        assertEquals(DETECTION, item.get("externalStatus").s());
        assertFalse(item.containsKey("announcement"), "announced: " + item);
        assertEquals(clock.instant().plus(FIRST_POLL).getEpochSecond(), Long.parseLong(item.get("nextPollAt").n()));

        // when it is closed, and the poller runs once its next poll is due
        emulator.securityIr().closeCase(caseId, "Investigation Completed");
        clock.advance(FIRST_POLL.plusSeconds(1));
        PollReport second = poll(poller);

        // then
        assertEquals(new PollReport(1, 1, 1, 1, 0, 0, false, null), second);
        List<Delivered> events = statusEvents();
        assertEquals(2, events.size(), events.toString());
        String consoleUrl = "https://us-east-1.console.aws.amazon.com/security-ir/home?region=us-east-1#/cases/" + caseId;
        for (Delivered event : events) {
            assertIsStatusChange(event);
            JsonNode detail = detail(event);
            assertEquals(caseId, detail.path("externalId").asText());
            assertEquals(key, detail.path("signalKey").asText());
            assertEquals("SECURITY_IR", detail.path("target").asText());
            assertEquals(consoleUrl, detail.path("consoleUrl").asText());
            assertTrue(event.resources().isEmpty(), event.resources().toString());
        }
        JsonNode moved = detail(events.get(0));
        assertEquals("Submitted", moved.path("previousStatus").asText());
        assertEquals(DETECTION, moved.path("status").asText());
        assertTrue(moved.path("closureCode").isNull(), moved.toString());
        assertFalse(moved.path("closed").asBoolean(), moved.toString());
        assertTrue(moved.path("pendingAction").isNull(), "'None' is no pending action: " + moved);
        JsonNode closing = detail(events.get(1));
        assertEquals(DETECTION, closing.path("previousStatus").asText());
        assertEquals("Closed", closing.path("status").asText());
        assertEquals("Investigation Completed", closing.path("closureCode").asText());
        assertTrue(closing.path("closed").asBoolean(), closing.toString());
        assertEquals(emulator.securityIr().findCase(caseId).orElseThrow().closedDate(), Instant.parse(closing.path("closedAt").asText()));

        item = item(key);
        assertEquals("CLOSED", item.get("state").s());
        assertEquals("Closed", item.get("externalStatus").s());
        assertEquals("Investigation Completed", item.get("closureCode").s());
        assertEquals(clock.instant().plus(RETENTION).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()), item.toString());
        assertOutOfTheIndex(key);

        // and a later run reads nothing
        clock.advance(Duration.ofHours(1));
        PollReport third = poll(poller);
        assertEquals(0, third.itemsRead());
        assertEquals(0, third.polled());
        assertEquals(2, emulator.log().count("GetCase"));
        assertEquals(2, statusEvents().size());
        assertNoRejections();
    }

    // ---- 3. overlapping runs ----

    @Test
    void twoRunsStartedTogetherAnnounceOneChangeOnceAndRecordItOnce() throws Exception {
        // given an open case that changed, and GetCase slow enough that two runs both hold it at once
        environment(Map.of());
        String key = openCase("poller-overlap");
        String caseId = caseId(key);
        long versionBefore = Long.parseLong(item(key).get("version").n());
        emulator.securityIr().setCaseStatus(caseId, DETECTION);
        emulator.faults().latency("GetCase", Duration.ofMillis(300));
        List<CasePollerHandler> containers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ClientFactory own = TestStack.clients(env);
            extraClients.add(own);
            containers.add(poller(own));
        }
        CyclicBarrier start = new CyclicBarrier(containers.size());
        ExecutorService pool = Executors.newFixedThreadPool(containers.size());
        List<PollReport> reports = new ArrayList<>();

        // when
        try {
            List<Future<PollReport>> results = new ArrayList<>();
            for (CasePollerHandler container : containers) {
                results.add(pool.submit(() -> {
                    start.await();
                    return poll(container);
                }));
            }
            for (Future<PollReport> result : results) {
                reports.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // then both runs looked at the case, and one of them recorded and announced the change
        assertEquals(2, emulator.log().count("GetCase"), "the runs overlapped: " + reports);
        assertEquals(1, reports.stream().mapToInt(PollReport::changed).sum(), reports.toString());
        assertEquals(0, reports.stream().mapToInt(PollReport::failed).sum(), reports.toString());
        List<Delivered> events = statusEvents();
        assertEquals(1, events.size(), events.toString());
        assertEquals(DETECTION, detail(events.get(0)).path("status").asText());
        assertEquals("Submitted", detail(events.get(0)).path("previousStatus").asText());
        Map<String, AttributeValue> item = item(key);
        assertEquals(DETECTION, item.get("externalStatus").s());
        assertEquals(versionBefore + 1, Long.parseLong(item.get("version").n()), "one recorded change: " + item);
        assertFalse(item.containsKey("announcement"), item.toString());
        assertNoRejections();
    }

    // ---- 4. a throttling storm ----

    @Test
    void throttlingStormLeavesEveryItemDueAndTheNextRunPollsThemAll() throws IOException {
        // given 40 due cases and a GetCase that throttles far beyond the SDK's two attempts
        environment(Map.of("AWS_MAX_ATTEMPTS", "2"));
        List<String> keys = openCasesInBulk("storm", 40);
        Map<String, Map<String, AttributeValue>> before = keys.stream().collect(Collectors.toMap(k -> k, this::item));
        emulator.faults().throttle("GetCase", 10_000);

        // when
        PollReport storm = poll(poller());

        // then the run stopped taking items and says why; nothing was lost
        assertTrue(storm.stoppedEarly(), storm.toString());
        assertTrue(storm.stopReason().startsWith("throttling"), storm.toString());
        assertEquals(0, storm.polled(), storm.toString());
        // (four at a time: the first four, then one more for each of the first three throttled, none after the fourth)
        assertTrue(storm.failed() >= 4 && storm.failed() <= 4 + 3, "took no item once four in a row were throttled: " + storm);
        assertTrue(storm.left() > 0, storm.toString());
        assertTrue(storm.failed() + storm.left() <= storm.itemsRead(), storm.toString());
        assertEquals(2 * storm.failed(), emulator.log().count("GetCase"), "two attempts per item tried");
        for (String key : keys) {
            assertDue(key);
            assertEquals(before.get(key), item(key), "untouched");
        }
        assertTrue(statusEvents().isEmpty(), statusEvents().toString());

        // when the storm is over
        emulator.faults().clear();
        int getCaseCalls = emulator.log().count("GetCase");
        PollReport next = poll(poller());

        // then the next run polls every one of them
        assertEquals(new PollReport(keys.size(), keys.size(), 0, 0, 0, 0, false, null), next);
        assertEquals(keys.size(), emulator.log().count("GetCase") - getCaseCalls);
        assertEquals(keys.size(), emulator.log().successCount("GetCase"));
        for (String key : keys) {
            assertNotNull(item(key).get("polledAt"), key);
        }
    }

    // ---- 5. the time budget ----

    @Test
    void runWithTwoSecondsLeftStopsCleanlyAndPollsNothing() throws IOException {
        // given a due case
        environment(Map.of());
        String key = openCase("poller-late");

        // when the invocation has 2 s left
        long started = System.nanoTime();
        PollReport report = poll(poller(), new ReplayContext("CasePollerFunction", 2_000));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then
        assertTrue(report.stoppedEarly(), report.toString());
        assertTrue(report.stopReason().startsWith("time: less than 10 s left"), report.toString());
        assertEquals(0, report.itemsRead(), report.toString());
        assertEquals(0, report.polled(), report.toString());
        assertEquals(0, report.failed(), report.toString());
        assertEquals(0, emulator.log().count("GetCase"));
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "returned at once: " + took);
        assertDue(key);

        // and with the whole timeout left, the same case is polled
        assertEquals(1, poll(poller(), new ReplayContext("CasePollerFunction", 120_000)).polled());
        assertEquals(1, emulator.log().count("GetCase"));
    }

    // ---- 6. Incident Manager ----

    @Test
    void incidentResolvedInIncidentManagerIsRecordedAndAnnouncedOnce() throws IOException {
        // given an incident opened by the alarm function
        environment(Map.of("DEFAULT_RESPONSE_PLAN_ARN", IncidentManagerService.DEMO_RESPONSE_PLAN_ARN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AlarmIncidentHandler(new Settings(env), clients).handleRequest(stream(text(ALARM)), out, null);
        JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
        assertEquals("created", outcome.path("status").asText(), outcome.toString());
        String arn = outcome.path("externalId").asText();
        String key = outcome.path("signalKey").asText();
        assertEquals("OPEN", item(key).get("externalStatus").s());

        // when a responder resolves it, and the poller runs
        emulator.incidentManager().resolveIncident(arn);
        PollReport report = poll(poller());

        // then
        assertEquals(new PollReport(1, 1, 1, 1, 0, 0, false, null), report);
        assertEquals(1, emulator.log().count("GetIncidentRecord"));
        Map<String, AttributeValue> item = item(key);
        assertEquals("CLOSED", item.get("state").s());
        assertEquals("RESOLVED", item.get("externalStatus").s());
        assertTrue(item.containsKey("expiresAt"), item.toString());
        assertOutOfTheIndex(key);
        List<Delivered> events = statusEvents();
        assertEquals(1, events.size(), events.toString());
        assertIsStatusChange(events.get(0));
        assertEquals(List.of(arn), events.get(0).resources());
        JsonNode detail = detail(events.get(0));
        assertEquals("INCIDENT_MANAGER", detail.path("target").asText());
        assertEquals(arn, detail.path("externalId").asText());
        assertEquals(key, detail.path("signalKey").asText());
        assertEquals("OPEN", detail.path("previousStatus").asText());
        assertEquals("RESOLVED", detail.path("status").asText());
        assertTrue(detail.path("closed").asBoolean(), detail.toString());
        assertEquals(emulator.incidentManager().findIncident(arn).orElseThrow().resolvedTime(),
                Instant.parse(detail.path("closedAt").asText()));
        assertTrue(detail.path("consoleUrl").asText().startsWith(
                "https://us-east-1.console.aws.amazon.com/systems-manager/incidents/incident-record/home?region=us-east-1#/"),
                detail.toString());

        // and nothing more later
        clock.advance(Duration.ofHours(1));
        assertEquals(0, poll(poller()).itemsRead());
        assertEquals(1, statusEvents().size());
        assertNoRejections();
    }

    // ---- 7. Security IR's own case events ----

    @Test
    void caseUpdatedEventUpdatesTheLedgerAtOnceAndTheNextPollAnnouncesNothingMore() throws IOException {
        // given an open case that is not due yet, and Security IR's event for its move to Detection and Analysis
        environment(Map.of());
        String key = openCase("poller-pushed");
        String caseId = caseId(key);
        emulator.securityIr().drainCaseEvents();
        emulator.securityIr().setCaseStatus(caseId, DETECTION);
        List<JsonNode> caseEvents = emulator.securityIr().drainCaseEvents();
        assertEquals(1, caseEvents.size(), caseEvents.toString());
        JsonNode event = caseEvents.get(0);
        assertEquals("Case Updated", event.path("detail-type").asText());
        CasePollerHandler poller = poller();

        // when the event reaches the function
        JsonNode handled = invoke(poller, event.toString(), null);

        // then the ledger follows at once, and the change is announced
        assertEquals(caseId, handled.path("caseId").asText());
        assertEquals("changed", handled.path("result").asText(), handled.toString());
        Map<String, AttributeValue> item = item(key);
        assertEquals(DETECTION, item.get("externalStatus").s());
        assertEquals("OPEN", item.get("state").s());
        List<Delivered> events = statusEvents();
        assertEquals(1, events.size(), events.toString());
        assertIsStatusChange(events.get(0));
        assertEquals(DETECTION, detail(events.get(0)).path("status").asText());
        assertEquals("Submitted", detail(events.get(0)).path("previousStatus").asText());

        // when the scheduled poll looks at the case once it is due again
        clock.advance(FIRST_POLL.plusSeconds(1));
        PollReport report = poll(poller);

        // then it finds nothing new to say
        assertEquals(new PollReport(1, 1, 0, 0, 0, 0, false, null), report);
        assertEquals(1, statusEvents().size(), statusEvents().toString());
        assertEquals(2, emulator.log().count("GetCase"));

        // when an event arrives for a case this product did not open
        ObjectNode stranger = event.deepCopy();
        ((ObjectNode) stranger.get("detail")).put("caseId", "1999999999");
        JsonNode ignored = invoke(poller, stranger.toString(), null);

        // then it is ignored, and says so
        assertEquals("1999999999", ignored.path("caseId").asText());
        assertTrue(ignored.path("result").asText().startsWith("ignored"), ignored.toString());
        assertEquals(2, emulator.log().count("GetCase"));
        assertEquals(1, statusEvents().size());
        assertNoRejections();
    }

    // ---- 8. a case the service no longer knows ----

    @Test
    void deletedCaseIsMarkedNotFoundAnnouncedOnceAndLeavesTheIndex() throws IOException {
        // given
        environment(Map.of());
        String key = openCase("poller-gone");
        String caseId = caseId(key);
        assertTrue(emulator.securityIr().deleteCase(caseId));

        // when
        PollReport report = poll(poller());

        // then
        assertEquals(new PollReport(1, 1, 1, 1, 0, 0, false, null), report);
        Map<String, AttributeValue> item = item(key);
        assertEquals("CLOSED", item.get("state").s());
        assertEquals("NOT_FOUND", item.get("externalStatus").s());
        assertTrue(item.containsKey("expiresAt"), item.toString());
        assertOutOfTheIndex(key);
        List<Delivered> events = statusEvents();
        assertEquals(1, events.size(), events.toString());
        assertIsStatusChange(events.get(0));
        JsonNode detail = detail(events.get(0));
        assertEquals(caseId, detail.path("externalId").asText());
        assertEquals("Submitted", detail.path("previousStatus").asText());
        assertEquals("NOT_FOUND", detail.path("status").asText());
        assertTrue(detail.path("closed").asBoolean(), detail.toString());

        // and a later run neither reads nor announces it again
        clock.advance(Duration.ofHours(1));
        assertEquals(0, poll(poller()).itemsRead());
        assertEquals(1, emulator.log().count("GetCase"));
        assertEquals(1, statusEvents().size());
    }

    // ---- helpers ----

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
