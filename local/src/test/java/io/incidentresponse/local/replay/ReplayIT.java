package io.incidentresponse.local.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay command over the sample events: every event reaches its handler and ends as expected. */
class ReplayIT {

    private static Path events() throws URISyntaxException {
        return Path.of(ReplayIT.class.getClassLoader().getResource("events").toURI());
    }

    private static List<JsonNode> replayJson(Map<String, String> env, Path... paths) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--json"));
        for (Path path : paths) {
            args.add(path.toString());
        }
        int status = io.incidentresponse.local.LocalMainAccess.replay(args, env, new PrintStream(out, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(EventJson.MAPPER.readTree(line));
            }
        }
        assertEquals(0, status, lines.toString());
        return lines;
    }

    private static JsonNode line(List<JsonNode> lines, String fileName) {
        return lines.stream().filter(l -> l.get("file").asText().endsWith(fileName)).findFirst().orElseThrow();
    }

    @Test
    void everySampleGuardDutyEventEndsAsItsReadmeSays() throws Exception {
        // when
        List<JsonNode> lines = replayJson(Map.of(), events().resolve("guardduty"), events().resolve("malformed"));

        // then
        for (String created : List.of("ec2-ssh-brute-force", "ec2-crypto-mining", "iam-credential-exfiltration", "s3-public-access",
                "eks-kubernetes-api", "ec2-ipv6-remote", "account-leading-zeros", "rds-login-anomaly", "runtime-reverse-shell",
                "critical-severity", "lambda-no-envelope-source", "odd-member-types")) {
            JsonNode line = line(lines, created + ".json");
            assertEquals("created", line.get("outcome").asText(), line.toString());
            assertTrue(line.get("externalId").asText().matches("\\d{10,32}"), line.toString());
            assertEquals("GuardDutyFindingFunction", line.get("function").asText());
        }
        assertEquals("archived finding", line(lines, "archived-finding.json").get("detail").asText());
        assertTrue(line(lines, "low-severity.json").get("detail").asText().contains("below MIN_SEVERITY"));
        assertTrue(line(lines, "sample-finding.json").get("detail").asText().contains("sample finding"));
        assertEquals("rejected", line(lines, "truncated-json.json").get("outcome").asText());
        assertEquals("5c0e7d3a-9f1b-4c2e-8a6d-0b1f2e3d4c5a", line(lines, "truncated-json.json").get("eventId").asText());
        assertTrue(line(lines, "finding-without-id.json").get("detail").asText().contains("detail.id"));
    }

    @Test
    void sampleAlarmsOpenUpdateAndRecoverTheirIncidents() throws Exception {
        // when the alarm samples replay in order, with auto-resolve
        List<JsonNode> lines = replayJson(Map.of("AUTO_RESOLVE", "true"), events().resolve("alarm"));

        // then
        JsonNode opened = line(lines, "01-api-5xx-alarm.json");
        assertEquals("created", opened.get("outcome").asText());
        assertEquals("AlarmIncidentFunction", opened.get("function").asText());
        assertTrue(opened.get("externalId").asText().startsWith("arn:aws:ssm-incidents::"), opened.toString());
        assertEquals("repeat", line(lines, "02-api-5xx-alarm-again.json").get("outcome").asText());
        JsonNode recovered = line(lines, "03-api-5xx-ok.json");
        assertEquals("recovered", recovered.get("outcome").asText());
        assertEquals("recovery recorded; resolved", recovered.get("detail").asText());
        assertEquals(opened.get("externalId"), recovered.get("externalId"));
        assertEquals("ignored", line(lines, "04-queue-insufficient-data.json").get("outcome").asText());
        for (String created : List.of("05-latency-metric-math", "06-composite-service-health", "07-anomaly-detection",
                "08-root-login-security-alarm", "09-lambda-errors-partial")) {
            assertEquals("created", line(lines, created + ".json").get("outcome").asText(), created);
        }
    }

    @Test
    void readmeExampleRulesSendTheRootLoginAlarmToSecurityIr() throws Exception {
        // given the README's example rule for security alarms
        String rules = "[{\"name\": \"security-alarms-to-security-ir\", \"match\": {\"source\": \"aws.cloudwatch\","
                + " \"alarmName\": \"security-*\"}, \"target\": \"SecurityIR\", \"engagementType\": \"Security Incident\"}]";

        // when
        List<JsonNode> lines = replayJson(Map.of("ROUTING_RULES", rules), events().resolve("alarm/08-root-login-security-alarm.json"));

        // then
        assertEquals("created", lines.get(0).get("outcome").asText());
        assertTrue(lines.get(0).get("externalId").asText().matches("\\d{10,32}"), lines.get(0).toString());
        assertEquals("rule security-alarms-to-security-ir", lines.get(0).get("detail").asText());
    }

    @Test
    void theWholeEventsFolderReplaysWithoutAnUnexpectedFailure() throws Exception {
        List<JsonNode> lines = replayJson(Map.of(), events());
        assertTrue(lines.size() >= 27, lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.get("outcome").asText().equals("error")), lines.toString());
    }

    @Test
    void sameFileTwiceIsOneCaseThenARepeat() throws Exception {
        // given
        Path ssh = events().resolve("guardduty/ec2-ssh-brute-force.json");

        // when
        List<JsonNode> lines = replayJson(Map.of(), ssh, ssh);

        // then
        assertEquals("created", lines.get(0).get("outcome").asText());
        assertEquals("repeat", lines.get(1).get("outcome").asText());
        assertEquals(lines.get(0).get("externalId"), lines.get(1).get("externalId"));
        assertEquals(2, lines.get(1).get("occurrences").asInt());
    }

    @Test
    void aDryRunReplayShowsOutcomeDryRunWithTheRequestsAndTheTextTableListsThem() throws Exception {
        // given
        Path ssh = events().resolve("guardduty/ec2-ssh-brute-force.json");

        // when
        List<JsonNode> lines = replayJson(Map.of("DRY_RUN", "true"), ssh);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = io.incidentresponse.local.LocalMainAccess.replay(List.of("--dry-run", ssh.toString()), Map.of(),
                new PrintStream(text, true, StandardCharsets.UTF_8));

        // then
        assertEquals("dry-run", lines.get(0).get("outcome").asText(), lines.toString());
        JsonNode request = lines.get(0).get("requests").get(0);
        assertEquals("CreateCase", request.get("operation").asText());
        assertTrue(request.at("/request/title").asText().contains("SSH brute force"), request.toString());
        assertEquals(0, status);
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("    would send {\"service\":\"security-ir\",\"operation\":\"CreateCase\""),
                text.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theReadmesGroupingRuleMakesTheStormSamplesOneCaseAndABudgetMakesAStormCase() throws Exception {
        // given the README's grouping rule
        String rules = "[{\"name\": \"ssh-sweeps\", \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/SSHBruteForce\"},"
                + " \"target\": \"SecurityIR\", \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"PT1H\"}}]";

        // when
        List<JsonNode> grouped = replayJson(Map.of("ROUTING_RULES", rules), events().resolve("storm"));
        List<JsonNode> budgeted = replayJson(Map.of("MAX_NEW_CASES_PER_HOUR", "3"), events().resolve("guardduty"));

        // then
        assertEquals(List.of("created", "grouped", "grouped"), grouped.stream().map(l -> l.get("outcome").asText()).toList());
        assertEquals(1, grouped.stream().map(l -> l.get("externalId").asText()).distinct().count(), grouped.toString());
        assertTrue(grouped.get(2).get("detail").asText().contains("higher severity"), grouped.toString());
        assertEquals(3, budgeted.stream().filter(l -> l.get("outcome").asText().equals("created")
                && !l.get("file").asText().endsWith("critical-severity.json")).count(), budgeted.toString());
        List<JsonNode> storm = budgeted.stream().filter(l -> l.get("outcome").asText().equals("budget-exceeded")).toList();
        assertTrue(storm.size() >= 8, budgeted.toString());
        assertEquals(1, storm.stream().map(l -> l.get("externalId").asText()).distinct().count(), storm.toString());
        assertEquals("created", line(budgeted, "critical-severity.json").get("outcome").asText(), "Critical is exempt");
    }

    @Test
    void configurationFromTheEnvironmentReachesTheHandler() throws Exception {
        // when the threshold is lowered, the low-severity finding opens a case
        List<JsonNode> lines = replayJson(Map.of("MIN_SEVERITY", "1"), events().resolve("guardduty/low-severity.json"));

        // then
        assertEquals("created", lines.get(0).get("outcome").asText());
    }

    @Test
    void templateWiresGuardDutyFindingsToTheirHandler() throws IOException {
        // when
        var function = TemplateFunctions.fromClasspath().receiving("aws.guardduty", "GuardDuty Finding").orElseThrow();

        // then
        assertEquals("io.incidentresponse.functions.guardduty.GuardDutyFindingHandler", function.handlerClass());
        assertTrue(TemplateFunctions.fromClasspath().receiving("aws.guardduty", "Something Else").isEmpty());
    }
}
