package io.incidentresponse.shared.tracking;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import io.incidentresponse.shared.testing.StormFindings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.ThrottlingException;

class BudgetTest {
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));

    private SignalPipeline pipeline(String budget) {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", "ledger", "MAX_NEW_CASES_PER_HOUR", budget));
        return SignalFunction.pipeline(new FindingSource(), SignalSettings.from(new Settings(env)), ledger,
                Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr)), clock, clock::advance, JsonLog.discard());
    }

    private static Outcome deliver(SignalPipeline pipeline, String event) {
        return pipeline.handle(stream(event));
    }

    @Test
    void exactlyTheBudgetOpensCasesAndTheRestShareOneStormCaseAsComments() {
        // given
        SignalPipeline pipeline = pipeline("3");

        // when
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            outcomes.add(deliver(pipeline, StormFindings.unrelated(n, 8.0)));
        }

        // then three cases, then the storm case opened by the fourth and commented by the fifth and sixth
        assertEquals(List.of("created", "created", "created", "budget-exceeded", "budget-exceeded", "budget-exceeded"),
                outcomes.stream().map(Outcome::status).toList());
        assertEquals(4, securityIr.casesCreated());
        var storm = securityIr.createCaseRequests.get(3);
        assertEquals("New-case budget exceeded: 1 signal since 12:00", storm.title());
        assertTrue(storm.description().contains("MAX_NEW_CASES_PER_HOUR = 3"), storm.description());
        String stormId = outcomes.get(3).externalId();
        assertEquals(stormId, outcomes.get(5).externalId());
        assertEquals(2, securityIr.commentRequests.size());
        assertTrue(securityIr.commentRequests.stream().allMatch(c -> c.caseId().equals(stormId)));
        assertTrue(securityIr.commentRequests.get(0).body().contains("Added to this case:"), securityIr.commentRequests.get(0).body());
        assertEquals(3, outcomes.get(5).occurrences());
        assertEquals("New-case budget exceeded: 2 signals since 12:00", securityIr.updateCaseRequests.stream()
                .filter(u -> u.title() != null).findFirst().orElseThrow().title());
    }

    @Test
    void aRedeliveredStormMemberAddsNoSecondComment() {
        // given
        SignalPipeline pipeline = pipeline("1");
        deliver(pipeline, StormFindings.unrelated(1, 8.0));
        deliver(pipeline, StormFindings.unrelated(2, 8.0));
        deliver(pipeline, StormFindings.unrelated(3, 8.0));

        // when
        Outcome again = deliver(pipeline, StormFindings.unrelated(3, 8.0));

        // then
        assertEquals("repeat", again.status());
        assertEquals(1, securityIr.commentRequests.size());
        assertEquals(2, securityIr.casesCreated());
    }

    @Test
    void aSignalAtTheExemptSeverityGetsItsOwnCaseAndTakesNoPlace() {
        // given a budget used up
        SignalPipeline pipeline = pipeline("1");
        deliver(pipeline, StormFindings.unrelated(1, 8.0));

        // when a Critical finding arrives, then another High one
        Outcome critical = deliver(pipeline, StormFindings.unrelated(2, 9.0));
        Outcome high = deliver(pipeline, StormFindings.unrelated(3, 8.9));

        // then
        assertEquals("created", critical.status());
        assertEquals("budget-exceeded", high.status());
        assertEquals(1, ledger.budgetTaken("budget#SECURITY_IR#2026-10-01T12"));
    }

    @Test
    void theBudgetStartsAgainOnTheHour() {
        // given
        SignalPipeline pipeline = pipeline("1");
        clock.set(Instant.parse("2026-10-01T12:59:59Z"));
        assertEquals("created", deliver(pipeline, StormFindings.unrelated(1, 8.0)).status());
        assertEquals("budget-exceeded", deliver(pipeline, StormFindings.unrelated(2, 8.0)).status());

        // when
        clock.set(Instant.parse("2026-10-01T13:00:00Z"));
        Outcome next = deliver(pipeline, StormFindings.unrelated(3, 8.0));
        Outcome over = deliver(pipeline, StormFindings.unrelated(4, 8.0));

        // then a case of its own, and a storm case of the new hour
        assertEquals("created", next.status());
        assertEquals("budget-exceeded", over.status());
        assertEquals("New-case budget exceeded: 1 signal since 13:00", securityIr.createCaseRequests.getLast().title());
        assertEquals(4, securityIr.casesCreated());
    }

    @Test
    void aRetryAfterAFailedCreateTakesNoSecondPlace() {
        // given
        SignalPipeline pipeline = pipeline("2");
        securityIr.failCreateWith = ThrottlingException.builder().message("slow down").build();
        assertThrows(ThrottlingException.class, () -> deliver(pipeline, StormFindings.unrelated(1, 8.0)));
        securityIr.failCreateWith = null;

        // when
        Outcome retried = deliver(pipeline, StormFindings.unrelated(1, 8.0));
        Outcome second = deliver(pipeline, StormFindings.unrelated(2, 8.0));

        // then
        assertEquals("created", retried.status());
        assertEquals("created", second.status());
        assertEquals(2, ledger.budgetTaken("budget#SECURITY_IR#2026-10-01T12"));
    }

    @Test
    void incidentsHaveTheirOwnBudgetAndStormIncident() {
        // given a budget of one new incident an hour, and none for cases
        var incidents = new io.incidentresponse.shared.testing.RecordingIncidentManager();
        Map<String, String> env = Map.of("LEDGER_TABLE", "ledger", "MAX_NEW_INCIDENTS_PER_HOUR", "1", "MAX_NEW_CASES_PER_HOUR", "0",
                "DEFAULT_RESPONSE_PLAN_ARN", "arn:aws:ssm-incidents::123456789012:response-plan/ops");
        SignalSettings settings = SignalSettings.from(new Settings(env));
        SignalPipeline alarms = SignalFunction.pipeline(SignalFunction.alarmSource(settings), settings, ledger,
                Map.of(Target.INCIDENT_MANAGER, new io.incidentresponse.shared.incidents.IncidentManagerIncidents(incidents)), clock,
                clock::advance, JsonLog.discard());

        // when three different alarms go into ALARM
        List<String> statuses = new java.util.ArrayList<>();
        for (String alarm : List.of("01-api-5xx-alarm", "05-latency-metric-math", "07-anomaly-detection")) {
            statuses.add(alarms.handle(stream(io.incidentresponse.shared.testing.SampleEvents.text("alarm/" + alarm + ".json"))).status());
        }

        // then one incident of its own, then the hour's storm incident with the third on its timeline
        assertEquals(List.of("created", "budget-exceeded", "budget-exceeded"), statuses);
        assertEquals(2, incidents.incidentsStarted());
        assertTrue(incidents.startRequests.get(1).title().startsWith("New-case budget exceeded: 1 signal since 12:00"),
                incidents.startRequests.get(1).title());
        assertEquals(1, ledger.budgetTaken("budget#INCIDENT_MANAGER#2026-10-01T12"));
    }

    @Test
    void zeroIsNoLimitAndANegativeBudgetFailsNamingTheVariable() {
        SignalPipeline pipeline = pipeline("0");
        for (int n = 1; n <= 60; n++) {
            assertEquals("created", deliver(pipeline, StormFindings.unrelated(n, 8.0)).status());
        }
        for (String variable : List.of("MAX_NEW_CASES_PER_HOUR", "MAX_NEW_INCIDENTS_PER_HOUR")) {
            var error = assertThrows(ConfigurationException.class,
                    () -> SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "t", variable, "-1"))));
            assertTrue(error.getMessage().contains(variable), error.getMessage());
        }
        var exempt = assertThrows(ConfigurationException.class,
                () -> SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "t", "BUDGET_EXEMPT_SEVERITY", "eleven"))));
        assertTrue(exempt.getMessage().contains("BUDGET_EXEMPT_SEVERITY"), exempt.getMessage());
    }
}
