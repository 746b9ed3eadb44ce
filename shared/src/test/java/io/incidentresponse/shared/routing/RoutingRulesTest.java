package io.incidentresponse.shared.routing;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class RoutingRulesTest {
    private static final String PLAN = "arn:aws:ssm-incidents::123456789012:response-plan/ops";
    private static final String TRIAGE = "arn:aws:ssm-incidents::123456789012:response-plan/security-triage";

    private static Signal finding(String name) {
        return FindingSignals.fromEvent(envelope(text("guardduty/" + name + ".json"), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    private static Signal alarm(String name) {
        return AlarmSignals.fromEvent(envelope(text("alarm/" + name + ".json"), AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE)).signal();
    }

    private static Decision route(String rules, Signal signal) {
        Map<String, String> env = new HashMap<>(Map.of("ROUTING_RULES", rules, "DEFAULT_RESPONSE_PLAN_ARN", PLAN));
        return new Router(RoutingConfig.from(new Settings(env))).route(signal);
    }

    @Test
    void withoutRulesFindingsGoToSecurityIrAndAlarmsToIncidentManager() {
        assertEquals(Target.SECURITY_IR, assertInstanceOf(Decision.Open.class, route("", finding("ec2-ssh-brute-force"))).target());
        Decision.Open alarm = assertInstanceOf(Decision.Open.class, route("", alarm("01-api-5xx-alarm")));
        assertEquals(Target.INCIDENT_MANAGER, alarm.target());
        assertEquals(new IncidentSettings(PLAN, 3), alarm.incidentSettings());
        assertNull(alarm.rule());
    }

    @Test
    void alarmWithNeitherRuleNorDefaultPlanIsIgnoredSayingWhy() {
        Decision decision = new Router(RoutingConfig.from(new Settings(Map.of()))).route(alarm("01-api-5xx-alarm"));
        assertTrue(assertInstanceOf(Decision.Ignore.class, decision).reason().contains("DEFAULT_RESPONSE_PLAN_ARN is not set"));
    }

    @Test
    void alarmNamePatternSendsSecurityAlarmsToSecurityIrWithTheRulesSettings() {
        // given
        String rules = """
                [{"name": "security-alarms", "match": {"source": "aws.cloudwatch", "alarmName": "security-*"},
                  "target": "SecurityIR", "engagementType": "Investigation", "resolverType": "AWS",
                  "watchers": ["soc@example.com", {"email": "ciso@example.com", "name": "CISO"}]}]""";

        // when
        Decision.Open root = assertInstanceOf(Decision.Open.class, route(rules, alarm("08-root-login-security-alarm")));
        Decision.Open other = assertInstanceOf(Decision.Open.class, route(rules, alarm("01-api-5xx-alarm")));

        // then
        assertEquals(Target.SECURITY_IR, root.target());
        assertEquals("security-alarms", root.rule());
        assertEquals(EngagementType.INVESTIGATION, root.caseSettings().engagementType());
        assertEquals(ResolverType.AWS, root.caseSettings().resolverType());
        assertEquals("CISO", root.caseSettings().watchers().get(1).name());
        assertEquals(Target.INCIDENT_MANAGER, other.target());
    }

    @Test
    void severityRangeSendsMediumFindingsToIncidentManagerWithTheirPlanAndImpact() {
        // given
        String rules = """
                [{"name": "medium", "match": {"source": "aws.guardduty", "severity": {"min": 4, "max": 6.9}},
                  "target": "IncidentManager", "responsePlanArn": "%s", "impact": 4}]""".formatted(TRIAGE);
        Signal medium = FindingSignals.fromEvent(envelope(edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((ObjectNode) tree.get("detail")).put("severity", 5.0)), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));

        // when
        Decision.Open decision = assertInstanceOf(Decision.Open.class, route(rules, medium));

        // then
        assertEquals(new IncidentSettings(TRIAGE, 4), decision.incidentSettings());
        assertEquals(Target.SECURITY_IR, assertInstanceOf(Decision.Open.class, route(rules, finding("ec2-ssh-brute-force"))).target());
    }

    @Test
    void severityRangeNeverMatchesAnAlarm() {
        String rules = """
                [{"name": "any-severity", "match": {"severity": {"min": 0}}, "target": "Ignore"}]""";
        assertInstanceOf(Decision.Open.class, route(rules, alarm("01-api-5xx-alarm")));
        assertInstanceOf(Decision.Ignore.class, route(rules, finding("ec2-ssh-brute-force")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"findingType\": \"UnauthorizedAccess:EC2/*\"}|ec2-ssh-brute-force|true",
            "{\"findingType\": \"UnauthorizedAccess:EC2/*\"}|iam-credential-exfiltration|false",
            "{\"findingType\": [\"Recon:*\", \"CryptoCurrency:EC2/BitcoinTool.?\"]}|ec2-crypto-mining|true",
            "{\"account\": \"012345678901\"}|account-leading-zeros|true",
            "{\"account\": \"0123*\"}|ec2-ssh-brute-force|false",
            "{\"region\": [\"eu-*\", \"us-east-1\"]}|ec2-ssh-brute-force|true",
            "{\"region\": \"eu-*\"}|ec2-ssh-brute-force|false",
            "{\"source\": \"aws.cloudwatch\"}|ec2-ssh-brute-force|false",
            "{\"alarmName\": \"*\"}|ec2-ssh-brute-force|false",
            "{\"severity\": {\"min\": 8, \"max\": 8}}|ec2-ssh-brute-force|true",
            "{\"severity\": {\"max\": 7.9}}|ec2-ssh-brute-force|false"})
    void eachMatchKindSelectsFindings(String match, String sample, boolean matches) {
        String rules = "[{\"name\": \"r\", \"match\": " + match + ", \"target\": \"Ignore\"}]";
        assertEquals(matches, route(rules, finding(sample)) instanceof Decision.Ignore ignore && ignore.reason().contains("'r'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"alarmName\": \"prod-api-?xx-rate\"}|01-api-5xx-alarm|true",
            "{\"alarmName\": \"checkout-*\"}|01-api-5xx-alarm|false",
            "{\"alarmArn\": \"arn:aws:cloudwatch:us-east-1:123456789012:alarm:checkout-*\"}|06-composite-service-health|true",
            "{\"alarmArn\": \"arn:aws:cloudwatch:eu-west-1:*\"}|06-composite-service-health|false",
            "{\"findingType\": \"*\"}|01-api-5xx-alarm|false",
            "{\"source\": [\"aws.guardduty\", \"aws.cloudwatch\"]}|01-api-5xx-alarm|true"})
    void eachMatchKindSelectsAlarms(String match, String sample, boolean matches) {
        String rules = "[{\"name\": \"r\", \"match\": " + match + ", \"target\": \"Ignore\"}]";
        assertEquals(matches, route(rules, alarm(sample)) instanceof Decision.Ignore);
    }

    @Test
    void rulesAreTriedInOrderAndTheFirstMatchDecides() {
        String rules = """
                [{"name": "first", "match": {"source": "aws.guardduty"}, "target": "Ignore"},
                 {"name": "second", "match": {"source": "aws.guardduty"}, "target": "IncidentManager"}]""";
        assertTrue(assertInstanceOf(Decision.Ignore.class, route(rules, finding("ec2-ssh-brute-force"))).reason().contains("'first'"));
    }

    @Test
    void archivedAndSampleFindingsAreDroppedBeforeAnyRule() {
        String rules = "[{\"name\": \"all\", \"match\": {}, \"target\": \"IncidentManager\"}]";
        assertEquals("archived finding", assertInstanceOf(Decision.Ignore.class, route(rules, finding("archived-finding"))).reason());
        assertInstanceOf(Decision.Ignore.class, route(rules, finding("sample-finding")));
    }

    @Test
    void ruleWithoutSettingsFallsBackToTheDefaults() {
        // given a rule that only picks the target
        Map<String, String> env = Map.of("ROUTING_RULES", "[{\"name\": \"r\", \"match\": {}, \"target\": \"SecurityIR\"}]",
                "RESOLVER_TYPES", "Low=AWS", "WATCHERS", "soc@example.com");

        // when an (unrated, so Low band) alarm is routed
        Decision.Open decision = assertInstanceOf(Decision.Open.class,
                new Router(RoutingConfig.from(new Settings(env))).route(alarm("01-api-5xx-alarm")));

        // then
        assertEquals(ResolverType.AWS, decision.caseSettings().resolverType());
        assertEquals("soc@example.com", decision.caseSettings().watchers().get(0).email());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[{|is not valid JSON",
            "{}|must be a JSON array",
            "[{\"name\": \"x\", \"match\": {}}]|rule 1 'x': 'target' is required",
            "[{\"name\": \"x\", \"target\": \"Ignore\"}]|rule 1 'x': 'match' is required",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"Pager\"}]|rule 1 'x': target must be SecurityIR, IncidentManager or Ignore",
            "[{\"name\": \"x\", \"match\": {\"colour\": \"red\"}, \"target\": \"Ignore\"}]|rule 1 'x': unknown key 'match.colour'",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"Ignore\", \"priority\": 1}]|rule 1 'x': unknown key 'priority'",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"IncidentManager\", \"impact\": 6}]|rule 1 'x': impact must be a whole number from 1",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"IncidentManager\", \"responsePlanArn\": \"arn:aws:iam::1:role/x\"}]|rule 1 'x': responsePlanArn",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"SecurityIR\", \"impact\": 2}]|rule 1 'x': responsePlanArn and impact apply only to target IncidentManager",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"IncidentManager\", \"watchers\": []}]|rule 1 'x': engagementType, resolverType and watchers apply only",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"SecurityIR\", \"engagementType\": \"Incident\"}]|rule 1 'x': engagementType must be",
            "[{\"name\": \"x\", \"match\": {}, \"target\": \"SecurityIR\", \"watchers\": [\"nobody\"]}]|rule 1 'x': 'nobody' is not an email address",
            "[{\"name\": \"x\", \"match\": {\"severity\": {\"min\": 8, \"max\": 4}}, \"target\": \"Ignore\"}]|rule 1 'x': match.severity.min is above",
            "[{\"name\": \"x\", \"match\": {\"severity\": {\"min\": \"high\"}}, \"target\": \"Ignore\"}]|rule 1 'x': match.severity.min must be a number",
            "[{\"name\": \"x\", \"match\": {\"source\": []}, \"target\": \"Ignore\"}]|rule 1 'x': match.source must be a string",
            "[{\"name\": \"a\", \"match\": {}, \"target\": \"Ignore\"}, {\"name\": \"a\", \"match\": {}, \"target\": \"Ignore\"}]|rule 2 'a': another rule has the same name",
            "[{\"match\": {}, \"target\": \"Ignore\"}, 7]|rule 2: must be a JSON object",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"colour\"], \"window\": \"PT1H\"}}]|rule 1 'g': group.by 'colour' is not one of account, region, findingType, resource, actor, alarmName",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"account\"], \"window\": \"P8D\"}}]|rule 1 'g': group.window must be more than zero and at most P7D, got PT192H",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"account\"], \"window\": \"PT0S\"}}]|rule 1 'g': group.window must be more than zero",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"account\"], \"window\": \"1 hour\"}}]|rule 1 'g': group.window '1 hour' is not an ISO-8601 duration",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"window\": \"PT1H\"}}]|rule 1 'g': 'by' is required",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"actor\", \"actor\"], \"window\": \"PT1H\"}}]|rule 1 'g': group.by names 'actor' twice",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"SecurityIR\", \"group\": {\"by\": [\"actor\"], \"window\": \"PT1H\", \"max\": 3}}]|rule 1 'g': unknown key 'group.max'",
            "[{\"name\": \"g\", \"match\": {}, \"target\": \"Ignore\", \"group\": {\"by\": [\"actor\"], \"window\": \"PT1H\"}}]|rule 1 'g': group applies only to a rule that opens"})
    void malformedRulesStopStartUpNamingTheRule(String rules, String message) {
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RoutingConfig.from(new Settings(Map.of("ROUTING_RULES", rules, "DEFAULT_RESPONSE_PLAN_ARN", PLAN))));
        assertEquals("ROUTING_RULES", error.variable());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void aGroupingRuleGivesItsDecisionTheGroupingAndASevenDayWindowIsAllowed() {
        // given
        String rules = "[{\"name\": \"ssh\", \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/SSHBruteForce\"}, \"target\": \"SecurityIR\","
                + " \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"P7D\"}}]";

        // when
        Decision.Open decision = assertInstanceOf(Decision.Open.class, route(rules, finding("ec2-ssh-brute-force")));
        Decision.Open other = assertInstanceOf(Decision.Open.class, route(rules, finding("ec2-crypto-mining")));

        // then
        assertEquals(java.time.Duration.ofDays(7), decision.grouping().window());
        assertEquals(java.util.List.of(io.incidentresponse.shared.signal.Grouping.Part.ACCOUNT,
                io.incidentresponse.shared.signal.Grouping.Part.FINDING_TYPE), decision.grouping().by());
        assertNull(other.grouping(), "the default route groups nothing");
    }

    @Test
    void incidentManagerRuleWithoutAnyPlanStopsStartUp() {
        ConfigurationException error = assertThrows(ConfigurationException.class, () -> RoutingConfig.from(new Settings(Map.of(
                "ROUTING_RULES", "[{\"name\": \"to-im\", \"match\": {}, \"target\": \"IncidentManager\"}]"))));
        assertTrue(error.getMessage().contains("rule 'to-im' sends to IncidentManager without a responsePlanArn"), error.getMessage());
    }

    @Test
    void malformedDefaultPlanOrImpactStopsStartUp() {
        assertEquals("DEFAULT_RESPONSE_PLAN_ARN", assertThrows(ConfigurationException.class,
                () -> RoutingConfig.from(new Settings(Map.of("DEFAULT_RESPONSE_PLAN_ARN", "ops")))).variable());
        assertEquals("DEFAULT_IMPACT", assertThrows(ConfigurationException.class,
                () -> RoutingConfig.from(new Settings(Map.of("DEFAULT_IMPACT", "9")))).variable());
    }
}
