package io.incidentresponse.local.it;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.SecurityIrService;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.testing.StormFindings;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Storm control end to end: many findings at once, from many threads, over the local engine's DynamoDB and the emulator. */
class StormIT {
    private static final int THREADS = 8;

    private final Emulator emulator = TestStack.emulator();
    private ClientFactory clients;

    @AfterEach
    void closeClients() {
        if (clients != null) {
            clients.close();
        }
    }

    private GuardDutyFindingHandler handler(Map<String, String> extra) {
        Map<String, String> env = TestStack.freshEnvironment(extra);
        clients = TestStack.clients(env);
        return new GuardDutyFindingHandler(new Settings(env), clients);
    }

    private static JsonNode invoke(GuardDutyFindingHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(stream(event), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    /** Every event delivered once, from {@link #THREADS} threads at once; the outcomes in the events' order. */
    static List<JsonNode> deliverAtOnce(GuardDutyFindingHandler handler, List<String> events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (String event : events) {
                futures.add(pool.submit(() -> invoke(handler, event)));
            }
            List<JsonNode> outcomes = new ArrayList<>();
            for (Future<JsonNode> future : futures) {
                outcomes.add(future.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<JsonNode> outcomes, String status) {
        return outcomes.stream().filter(o -> o.path("status").asText().equals(status)).count();
    }

    @Test
    void aBudgetOfTenOpensTenCasesAndOneStormCaseHoldsTheOther110WhileACriticalFindingGetsItsOwn() throws Exception {
        // given
        GuardDutyFindingHandler handler = handler(Map.of("MAX_NEW_CASES_PER_HOUR", "10"));
        List<String> events = new ArrayList<>();
        for (int n = 1; n <= 120; n++) {
            events.add(StormFindings.unrelated(n, 8.0));
        }
        events.add(60, StormFindings.unrelated(1000, 9.5));

        // when 121 unrelated findings arrive at once, a Critical one among them
        List<JsonNode> outcomes = deliverAtOnce(handler, events);

        // then
        assertEquals(11, count(outcomes, "created"), outcomes.toString());
        assertEquals(110, count(outcomes, "budget-exceeded"));
        assertEquals("created", outcomes.get(60).path("status").asText(), "the Critical finding has its own case");
        List<SecurityIrService.Case> cases = emulator.securityIr().cases();
        assertEquals(12, cases.size(), "10 within the budget, the Critical one, one storm case");
        List<SecurityIrService.Case> storm = cases.stream().filter(c -> c.title().startsWith("New-case budget exceeded")).toList();
        assertEquals(1, storm.size(), cases.stream().map(SecurityIrService.Case::title).toList().toString());
        assertEquals(109, emulator.securityIr().comments(storm.get(0).caseId()).size(), "one comment per further signal");
        // retitled at 100 (2, 5, 10, 20, 50, 100): with the count as it then stood, which concurrent members may have passed
        var title = java.util.regex.Pattern.compile("New-case budget exceeded: (\\d+) signals since \\d\\d:\\d\\d").matcher(storm.get(0).title());
        assertTrue(title.matches() && Integer.parseInt(title.group(1)) >= 100, storm.get(0).title());

        // when every finding is delivered again
        List<JsonNode> again = deliverAtOnce(handler, events);

        // then nothing is added
        assertEquals(121, count(again, "repeat"), again.toString());
        assertEquals(12, emulator.securityIr().cases().size());
        assertEquals(109, emulator.securityIr().comments(storm.get(0).caseId()).size());
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }

    @Test
    void twoHundredFindingsOfOneTypeFromTwoHundredInstancesAtOnceAreOneCaseWith199CommentsAndARedeliveryAddsNothing()
            throws Exception {
        // given a grouping rule, and 200 findings of one type in one account within ten minutes, each on its own instance
        GuardDutyFindingHandler handler = handler(Map.of("ROUTING_RULES", "[{\"name\": \"ssh-sweep\","
                + " \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/SSHBruteForce\"}, \"target\": \"SecurityIR\","
                + " \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"PT1H\"}}]"));
        java.time.Instant start = java.time.Instant.parse("2026-12-01T03:00:00Z");
        List<String> events = new ArrayList<>();
        for (int n = 1; n <= 200; n++) {
            events.add(StormFindings.seenAt(StormFindings.ssh(n), start.plusSeconds(3L * n)));
        }

        // when they are delivered from 8 threads at once
        List<JsonNode> outcomes = deliverAtOnce(handler, events);

        // then exactly one case, and 199 comments naming every other finding once
        assertEquals(1, count(outcomes, "created"), outcomes.toString());
        assertEquals(199, count(outcomes, "grouped"));
        List<SecurityIrService.Case> cases = emulator.securityIr().cases();
        assertEquals(1, cases.size(), cases.toString());
        String caseId = cases.get(0).caseId();
        List<SecurityIrService.Comment> comments = emulator.securityIr().comments(caseId);
        assertEquals(199, comments.size());
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int n = 1; n <= 200; n++) {
            String id = StormFindings.findingId(n);
            long times = comments.stream().filter(c -> c.body().contains("Finding ID: " + id)).count()
                    + (cases.get(0).document().path("description").asText().contains("Finding ID: " + id) ? 1 : 0);
            assertEquals(1, times, "finding " + n + " is in the case exactly once");
            named.add(id);
        }
        assertEquals(200, named.size());
        JsonNode actors = cases.get(0).document().path("threatActorIpAddresses");
        assertEquals(200, actors.size(), "every finding's remote address (198.51.100.1-250, 200 of them)");
        var title = java.util.regex.Pattern.compile("UnauthorizedAccess:EC2/SSHBruteForce in 123456789012: (\\d+) findings")
                .matcher(cases.get(0).title());
        assertTrue(title.matches() && Integer.parseInt(title.group(1)) >= 200, "retitled at 200: " + cases.get(0).title());

        // when every finding is delivered a second time, again from 8 threads
        List<JsonNode> again = deliverAtOnce(handler, events);

        // then nothing is added
        assertEquals(200, count(again, "repeat"), again.toString());
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(199, emulator.securityIr().comments(caseId).size());
        assertTrue(emulator.log().rejections().isEmpty(), emulator.log().rejections().toString());
    }
}
