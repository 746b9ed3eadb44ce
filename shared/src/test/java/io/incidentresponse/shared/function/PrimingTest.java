package io.incidentresponse.shared.function;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.clients.PrimingHttpClient;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.signal.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SnapStart's priming logic. The CRaC runtime that calls the hook is not here (no SnapStart, no
 * CRaC JVM): these tests call the hook's methods directly, as the runtime would before a snapshot.
 */
class PrimingTest {
    /** Every endpoint at a port nothing listens on: a priming run that opened a connection would fail. */
    private static Map<String, String> environment(String... more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_REGION", "us-east-1",
                "LEDGER_TABLE", "ledger",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
                "AWS_MAX_ATTEMPTS", "1",
                "DEFAULT_RESPONSE_PLAN_ARN", "arn:aws:ssm-incidents::123456789012:response-plan/primary"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void aFindingIsPrimedThroughTheWholePipelineWithoutOpeningAConnection() {
        PrimingHttpClient http = new PrimingHttpClient();

        Outcome outcome = Priming.invoke(new FindingSource(), new Settings(environment()), "priming-finding.json", http);

        assertEquals(Outcome.CREATED, outcome.status(), outcome.toString());
        assertEquals("SECURITY_IR", outcome.target());
        // The latest episode, the membership's team (none here) for the watchers, the claim, the case, the open item
        // with its pending Case Opened, the event, the pending announcement cleared.
        assertEquals(List.of("DynamoDB_20120810.Query", "POST /v1/memberships", "DynamoDB_20120810.PutItem",
                "POST /v1/create-case", "DynamoDB_20120810.UpdateItem", "AWSEvents.PutEvents", "DynamoDB_20120810.UpdateItem"),
                http.operations());
    }

    @Test
    void anAlarmIsPrimedThroughItsOwnRouting() {
        PrimingHttpClient http = new PrimingHttpClient();
        Settings env = new Settings(environment());

        Outcome outcome = Priming.invoke(SignalFunction.alarmSource(SignalSettings.from(env)), env, "priming-alarm.json", http);

        assertEquals(Outcome.CREATED, outcome.status(), outcome.toString());
        assertEquals("INCIDENT_MANAGER", outcome.target());
        // ... and the alarm's last recovery, read after opening (a recovery that raced the incident).
        assertEquals(List.of("DynamoDB_20120810.Query", "DynamoDB_20120810.PutItem", "POST /startIncident",
                "DynamoDB_20120810.UpdateItem", "AWSEvents.PutEvents", "DynamoDB_20120810.UpdateItem", "DynamoDB_20120810.GetItem"),
                http.operations());
    }

    @Test
    void theRoutingRulesDecideWhatIsPrimed() {
        PrimingHttpClient http = new PrimingHttpClient();
        Settings env = new Settings(environment("WATCHERS_FROM_MEMBERSHIP", "false",
                "ROUTING_RULES", "[{\"name\": \"all\", \"match\": {\"source\": \"aws.guardduty\"}, \"target\": \"IncidentManager\"}]"));

        Outcome outcome = Priming.invoke(new FindingSource(), env, "priming-finding.json", http);

        assertEquals("INCIDENT_MANAGER", outcome.target(), outcome.toString());
    }

    @Test
    void thePollerIsPrimedWithAScheduledRunOverALedgerWithNothingDue() {
        PrimingHttpClient http = new PrimingHttpClient();

        String report = Priming.poll(new Settings(environment()), http);

        assertTrue(report.contains("\"polled\":0"), report);
        assertTrue(http.operations().stream().allMatch("DynamoDB_20120810.Query"::equals), http.operations().toString());
        assertFalse(http.operations().isEmpty());
    }

    @Test
    void aFailedPrimingIsLoggedAndNeverFailsTheSnapshot() {
        List<String> lines = new ArrayList<>();
        Priming priming = new Priming(() -> {
            throw new IllegalStateException("no such table");
        }, new JsonLog(lines::add));

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
        assertNull(priming.prime());
        assertTrue(lines.stream().anyMatch(l -> l.contains("priming failed") && l.contains("no such table")), lines.toString());
        assertDoesNotThrow(() -> priming.afterRestore(null));
    }

    @Test
    void theHookRunsThePrimingOnceBeforeEachCheckpointAndSaysSoAfterTheRestore() throws Exception {
        List<String> lines = new ArrayList<>();
        Outcome created = new Outcome(Outcome.CREATED, "e", "k", "SECURITY_IR", "1", 1, null);
        int[] runs = {0};
        Priming priming = new Priming(() -> {
            runs[0]++;
            return created;
        }, new JsonLog(lines::add));

        priming.beforeCheckpoint(null);
        priming.afterRestore(null);

        assertEquals(1, runs[0]);
        assertSame(created, priming.prime());
        assertTrue(lines.stream().anyMatch(l -> l.contains("restored from a SnapStart snapshot") && l.contains("true")), lines.toString());
    }

    @Test
    void registeringOnAJvmWithoutCracDoesNothing() {
        Priming priming = Priming.findings(new Settings(environment()));
        assertNotNull(assertDoesNotThrow(priming::register));
    }
}
