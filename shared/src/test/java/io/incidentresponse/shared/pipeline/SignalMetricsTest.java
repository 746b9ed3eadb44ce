package io.incidentresponse.shared.pipeline;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.FailedOperations;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.EmfLines;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingIncidentManager;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import io.incidentresponse.shared.testing.StormFindings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every signal path counts its metric, in EMF lines that CloudWatch would accept, flushed at the end of every invocation. */
class SignalMetricsTest {
    private static final Map<String, String> FUNCTION = Map.of("FunctionName", "stack-GuardDutyFindingFunction-X");

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics(lines::add, "SecOps/IncidentResponse", "stack-GuardDutyFindingFunction-X", clock);

    private SignalPipeline pipeline(SignalSource source, Map<String, String> env) {
        Map<String, String> withTable = new HashMap<>(env);
        withTable.putIfAbsent("LEDGER_TABLE", "ledger");
        withTable.putIfAbsent("DEFAULT_RESPONSE_PLAN_ARN", "arn:aws:ssm-incidents::123456789012:response-plan/demo");
        return SignalFunction.pipeline(source, SignalSettings.from(new Settings(withTable)), ledger,
                Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr),
                        Target.INCIDENT_MANAGER, new IncidentManagerIncidents(new RecordingIncidentManager())),
                OpeningAnnouncer.NONE, new CaseLinks("us-east-1", "us-east-1"), new SignalFunction.Output(new JsonLog(lines::add), metrics),
                new FailedOperations(), clock, clock::advance);
    }

    private List<EmfLines.Datum> emf() {
        List<EmfLines.Datum> data = EmfLines.parse(lines);
        EmfLines.assertNamespace(data, "SecOps/IncidentResponse");
        return data;
    }

    @Test
    void aCaseOpenedThenRepeatedCountsReceivedOpenedRepeatAndOneColdStart() {
        // given
        SignalPipeline findings = pipeline(new FindingSource(), Map.of());

        // when
        findings.handle(stream(text("guardduty/ec2-ssh-brute-force.json")), "r-1");
        findings.handle(stream(text("guardduty/ec2-ssh-brute-force.json")), "r-2");

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(Map.of("SignalsReceived", 2.0, "CasesOpened", 1.0, "Repeats", 1.0, "ColdStart", 1.0), EmfLines.sums(data, FUNCTION));
        assertEquals(2, lines.stream().filter(EmfLines::isEmf).count(), "one EMF line per invocation");
        assertTrue(lines.stream().filter(EmfLines::isEmf).allMatch(l -> l.contains("\"requestId\":\"r-")), lines.toString());
    }

    @Test
    void anAlarmOpensAnIncidentAndItsRecoveryIsCounted() {
        // given
        SignalPipeline alarms = pipeline(new AlarmSource(false, false), Map.of());

        // when
        alarms.handle(stream(text("alarm/01-api-5xx-alarm.json")), "r-1");
        alarms.handle(stream(text("alarm/03-api-5xx-ok.json")), "r-2");
        alarms.handle(stream(text("alarm/04-queue-insufficient-data.json")), "r-3");

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(1, EmfLines.sum(data, "IncidentsOpened", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "Recoveries", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "Ignored", withReason("InsufficientData")));
    }

    @Test
    void everyIgnoredSignalIsCountedOnceInTotalAndOnceUnderItsReasonClass() {
        // given
        SignalPipeline findings = pipeline(new FindingSource(), Map.of(
                "ROUTING_RULES", "[{\"name\":\"quiet-crypto\",\"match\":{\"findingType\":\"CryptoCurrency:*\"},\"target\":\"Ignore\"}]"));

        // when
        findings.handle(stream(text("guardduty/low-severity.json")), "r-0");
        findings.handle(stream(text("guardduty/archived-finding.json")), "r-0");
        findings.handle(stream(text("guardduty/sample-finding.json")), "r-0");
        findings.handle(stream(text("guardduty/ec2-crypto-mining.json")), "r-0");

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(4, EmfLines.sum(data, "Ignored", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "Ignored", withReason("BelowThreshold")));
        assertEquals(1, EmfLines.sum(data, "Ignored", withReason("Archived")));
        assertEquals(1, EmfLines.sum(data, "Ignored", withReason("Sample")));
        assertEquals(1, EmfLines.sum(data, "Ignored", withReason("Rule")));
        assertEquals(4, EmfLines.sum(data, "SignalsReceived", FUNCTION));
    }

    @Test
    void aMalformedEventIsCountedAsRejectedAndTheMetricsAreFlushedThoughTheInvocationFails() {
        // given
        SignalPipeline findings = pipeline(new FindingSource(), Map.of());

        // when
        assertThrows(MalformedEventException.class, () -> findings.handle(stream(text("malformed/finding-without-id.json")), "r-9"));

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(1, EmfLines.sum(data, "Rejected", FUNCTION));
        assertEquals(1, EmfLines.sum(data, "SignalsReceived", FUNCTION));
    }

    @Test
    void aFailureOutsideTheTargetsIsNoTargetFailureButStillFlushes() {
        // given: the ledger fails (not a target's call)
        SignalPipeline findings = pipeline(new FindingSource(), Map.of());
        ledger.failNextOpened = 1;

        // when
        assertThrows(IllegalStateException.class, () -> findings.handle(stream(text("guardduty/ec2-ssh-brute-force.json")), "r-1"));

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(1, EmfLines.sum(data, "SignalsReceived", FUNCTION));
        assertEquals(0, EmfLines.sum(data, "TargetFailures", FUNCTION));
        assertFalse(EmfLines.sums(data, FUNCTION).containsKey("CasesOpened"));
    }

    @Test
    void aGroupsMembersAreCountedAsGroupedIntoCaseNotAsCasesOpened() {
        // given
        SignalPipeline findings = pipeline(new FindingSource(), Map.of("ROUTING_RULES",
                "[{\"name\": \"ssh\", \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/*\"}, \"target\": \"SecurityIR\","
                        + " \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"PT1H\"}}]"));

        // when
        for (int n = 1; n <= 3; n++) {
            findings.handle(stream(StormFindings.ssh(n)), "r-" + n);
        }

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(1, EmfLines.sum(data, "CasesOpened", FUNCTION));
        assertEquals(2, EmfLines.sum(data, "GroupedIntoCase", FUNCTION));
    }

    @Test
    void signalsOverTheBudgetAreCountedAsBudgetExceededAndTheExemptOneAsACaseOpened() {
        // given: a budget of 2 new cases an hour
        SignalPipeline findings = pipeline(new FindingSource(), Map.of("MAX_NEW_CASES_PER_HOUR", "2"));

        // when: five unrelated High findings and one Critical
        for (int n = 1; n <= 5; n++) {
            findings.handle(stream(StormFindings.unrelated(n, 8.0)), "r-" + n);
        }
        findings.handle(stream(StormFindings.unrelated(6, 9.5)), "r-6");

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(3, EmfLines.sum(data, "CasesOpened", FUNCTION));
        assertEquals(3, EmfLines.sum(data, "BudgetExceeded", FUNCTION));
    }

    @Test
    void aDryRunIsCountedAsDryRunAndNeverAsACaseOpened() {
        // given
        SignalPipeline findings = SignalFunction.dryRun(new FindingSource(),
                SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "ledger", "DRY_RUN", "true"))), ledger,
                new SignalFunction.Output(new JsonLog(lines::add), metrics), new FailedOperations(), clock, clock::advance);

        // when
        findings.handle(stream(text("guardduty/ec2-ssh-brute-force.json")), "r-1");

        // then
        List<EmfLines.Datum> data = emf();
        assertEquals(1, EmfLines.sum(data, "DryRun", FUNCTION));
        assertFalse(EmfLines.sums(data, FUNCTION).containsKey("CasesOpened"));
        assertEquals(0, securityIr.casesCreated());
    }

    private static Map<String, String> withReason(String reason) {
        Map<String, String> dimensions = new java.util.LinkedHashMap<>(FUNCTION);
        dimensions.put("Reason", reason);
        return dimensions;
    }
}
