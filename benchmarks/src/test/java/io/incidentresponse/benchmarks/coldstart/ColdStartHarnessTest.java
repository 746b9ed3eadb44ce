package io.incidentresponse.benchmarks.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.guardduty.FindingSignals;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cold-start harness's own logic, without launching anything: what it reads from
 * template.yaml, the warm invocations' events, the table's statistics. No JVM is started and no
 * service runs here.
 */
class ColdStartHarnessTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readsEachFunctionAsTheTemplateDeploysIt() {
        for (LambdaFunction function : LambdaFunction.values()) {
            FunctionTemplate template = FunctionTemplate.read(function.logicalId, Map.of("LedgerTable", "table-x"));
            assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", template.environment().get(FunctionTemplate.JAVA_TOOL_OPTIONS),
                    function.name);
            assertEquals("table-x", template.environment().get("LEDGER_TABLE"), function.name);
            assertEquals("7", template.environment().get("MIN_SEVERITY"), "a !Ref to a parameter is its Default");
            assertEquals(1024, template.memoryMb(), function.name);
            assertTrue(template.handlerClass().startsWith("io.incidentresponse.functions."), template.handlerClass());
        }
        FunctionTemplate poller = FunctionTemplate.read(LambdaFunction.CASE_POLLER.logicalId, Map.of("LedgerTable", "t"));
        assertEquals("io.incidentresponse.functions.poller.CasePollerHandler", poller.handlerClass());
        assertEquals(120, poller.timeoutSeconds(), "the function's own Timeout over the Globals'");
        assertEquals("10", poller.environment().get("POLL_TIME_MARGIN_SECONDS"), "a literal stays literal");
        assertEquals("default", poller.environment().get("EVENT_BUS_NAME"));
        assertEquals(30, FunctionTemplate.read(LambdaFunction.GUARDDUTY_FINDING.logicalId, Map.of("LedgerTable", "t")).timeoutSeconds());
    }

    @Test
    void refusesWhatItCannotResolve() throws IOException {
        JsonNode template = new ObjectMapper(new YAMLFactory()).readTree("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      MemorySize: 512
                      Timeout: 3
                      Environment:
                        Variables:
                          QUEUE: !GetAtt [Queue, Arn]
                  Queue:
                    Type: AWS::SQS::Queue
                """);
        assertThrows(IllegalStateException.class, () -> FunctionTemplate.read(template, "Fn", Map.of()));
        assertThrows(IllegalStateException.class, () -> FunctionTemplate.read(template, "Queue", Map.of()));
    }

    @Test
    void theWarmFindingIsAnotherFinding() throws IOException {
        JsonNode first = EventJson.MAPPER.readTree(ROOT.resolve(LambdaFunction.GUARDDUTY_FINDING.sampleEvent).toFile());
        JsonNode second = LambdaFunction.GUARDDUTY_FINDING.warmEvent(first, 1);
        assertNotEquals(first.path("id"), second.path("id"));
        assertNotEquals(FindingSignals.fromEvent(envelope(first, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE)).key(),
                FindingSignals.fromEvent(envelope(second, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE)).key());
        assertTrue(second.path("detail").path("arn").asText().endsWith(second.path("detail").path("id").asText()));
    }

    @Test
    void theWarmAlarmIsAnotherAlarm() throws IOException {
        JsonNode first = EventJson.MAPPER.readTree(ROOT.resolve(LambdaFunction.ALARM_INCIDENT.sampleEvent).toFile());
        JsonNode second = LambdaFunction.ALARM_INCIDENT.warmEvent(first, 1);
        assertNotEquals(first.path("id"), second.path("id"));
        var firstAlarm = AlarmSignals.fromEvent(envelope(first, AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE));
        var secondAlarm = AlarmSignals.fromEvent(envelope(second, AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE));
        assertNotEquals(firstAlarm.signal().key(), secondAlarm.signal().key());
        assertEquals(firstAlarm.state(), secondAlarm.state());
    }

    @Test
    void mediansAndMaxima() {
        List<ColdStart.Launch> launches = List.of(launch(3), launch(1), launch(10), launch(2));
        assertEquals(2.5, ResultsTable.median(launches, ColdStart.Launch::initMs));
        assertEquals(10, ResultsTable.max(launches, ColdStart.Launch::initMs));
        assertEquals(1, ResultsTable.min(launches, ColdStart.Launch::initMs));
        assertEquals(3, ResultsTable.median(launches.subList(0, 3), ColdStart.Launch::initMs));
        String table = ResultsTable.table(Map.of(Contender.of(LambdaFunction.CASE_POLLER), launches));
        assertTrue(table.contains("case-poller                    |    4 |"), table);
    }

    @Test
    void ratiosAreOfMediansAgainstThePeerAndTheHelloHandler() {
        Map<Contender, List<ColdStart.Launch>> results = new LinkedHashMap<>();
        results.put(Contender.of(LambdaFunction.GUARDDUTY_FINDING), List.of(launch(0, 900, 20), launch(0, 1100, 30), launch(0, 1000, 25)));
        results.put(Contender.peerOf(LambdaFunction.GUARDDUTY_FINDING), List.of(launch(0, 400, 10), launch(0, 250, 10)));
        results.put(Contender.of(LambdaFunction.CASE_POLLER), List.of(launch(0, 1200, 5)));
        results.put(Contender.HELLO, List.of(launch(0, 50, 1), launch(0, 40, 1), launch(0, 60, 1)));
        String ratios = ResultsTable.ratios(results);
        assertTrue(ratios.contains("guardduty-finding              |                  3.08 |            20.00 |                  2.50 | -"), ratios);
        assertTrue(ratios.contains("case-poller                    |               no peer |            24.00 |               no peer | -"), ratios);
    }

    @Test
    void everyRoundLaunchesEachFunctionItsPeerAndTheHelloHandler() {
        List<Contender> rows = Contender.rows(List.of(LambdaFunction.values()), true);
        assertEquals(List.of("guardduty-finding", "guardduty-finding python peer", "alarm-incident", "alarm-incident python peer",
                "case-poller", "java hello (echo)"), rows.stream().map(Contender::name).toList());
        assertEquals(List.of("case-poller", "java hello (echo)"),
                Contender.rows(List.of(LambdaFunction.CASE_POLLER), true).stream().map(Contender::name).toList());
        assertEquals(4, Contender.rows(List.of(LambdaFunction.values()), false).size());
    }

    @Test
    void theHelloHandlerMustEchoItsInput() throws IOException {
        JsonNode event = EventJson.MAPPER.readTree("{\"a\":1}");
        assertTrue(Contender.HELLO.check(event, List.of(event), Map.of()).isEmpty());
        assertFalse(Contender.HELLO.check(event, List.of(EventJson.MAPPER.readTree("{}")), Map.of()).isEmpty());
    }

    @Test
    void aSignalFunctionMustCreateOneCasePerInvocation() throws IOException {
        JsonNode created = EventJson.MAPPER.readTree("{\"status\":\"created\"}");
        assertTrue(LambdaFunction.GUARDDUTY_FINDING.check(List.of(created, created), Map.of("CreateCase", 2)).isEmpty());
        assertFalse(LambdaFunction.GUARDDUTY_FINDING.check(List.of(created, created), Map.of("CreateCase", 1)).isEmpty());
        assertFalse(LambdaFunction.ALARM_INCIDENT.check(List.of(created, EventJson.MAPPER.readTree("{\"status\":\"repeat\"}")),
                Map.of("StartIncident", 2)).isEmpty());
    }

    @Test
    void optionsDefaultToFiveRunsOfEveryFunction() {
        Options options = Options.parse(new String[0]);
        assertEquals(5, options.runs());
        assertEquals(5, options.warm());
        assertNull(options.python(), "no peer unless a Python is given");
        assertEquals(List.of(LambdaFunction.values()), options.functions());
        Options some = Options.parse(new String[] {"--runs", "2", "--functions", "case-poller", "--jvm-opt", "-Xmx256m"});
        assertEquals(2, some.runs());
        assertEquals(List.of(LambdaFunction.CASE_POLLER), some.functions());
        assertEquals(List.of("-Xmx256m"), some.jvmOptions());
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--runs", "0"}));
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--functions", "nope"}));
    }

    private static ColdStart.Launch launch(double initMs) {
        return launch(initMs, 1, 1);
    }

    private static ColdStart.Launch launch(double initMs, double startToFirstMs, double warmMs) {
        return new ColdStart.Launch(0, initMs, initMs, 1, warmMs, 1, 1, 1, 1, startToFirstMs, 1, "java", List.of());
    }

    private static EventEnvelope envelope(JsonNode event, String source, String detailType) throws IOException {
        return EventJson.readEnvelope(new ByteArrayInputStream(EventJson.MAPPER.writeValueAsBytes(event)), source, detailType);
    }
}
