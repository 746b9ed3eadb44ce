package io.incidentresponse.shared.tracking;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.ledger.LedgerItem;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;
import software.amazon.awssdk.services.securityir.model.UpdateCaseRequest;

class GroupsTest {
    private static final String RULES = "[{\"name\": \"ssh\", \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/*\"},"
            + " \"target\": \"SecurityIR\", \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"PT1H\"}}]";
    private static final String TITLE = "UnauthorizedAccess:EC2/SSHBruteForce in 123456789012: ";

    private final InMemoryLedger ledger = new InMemoryLedger();
    private final RecordingSecurityIr securityIr = new RecordingSecurityIr();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T12:00:00Z"));
    private final SignalPipeline pipeline = SignalFunction.pipeline(new FindingSource(),
            SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "ledger", "ROUTING_RULES", RULES))), ledger,
            Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr)), clock, clock::advance, JsonLog.discard());

    private Outcome deliver(String event) {
        return pipeline.handle(stream(event));
    }

    private List<String> titles() {
        return securityIr.updateCaseRequests.stream().map(UpdateCaseRequest::title).filter(t -> t != null).toList();
    }

    private Set<String> threatActorsAdded() {
        Set<String> ips = new HashSet<>();
        securityIr.createCaseRequests.forEach(c -> c.threatActorIpAddresses().forEach(ip -> ips.add(ip.ipAddress())));
        for (UpdateCaseRequest update : securityIr.updateCaseRequests) {
            update.threatActorIpAddressesToAdd().stream().map(ThreatActorIp::ipAddress).forEach(ips::add);
        }
        return ips;
    }

    @Test
    void theFirstSignalOpensTheGroupsCaseAndEachFurtherOneIsOneComment() {
        // when
        Outcome first = deliver(StormFindings.ssh(1));
        Outcome second = deliver(StormFindings.ssh(2));
        Outcome third = deliver(StormFindings.ssh(3));

        // then one case, titled as the group
        assertEquals(1, securityIr.casesCreated());
        assertEquals(TITLE + "1 finding", securityIr.createCaseRequests.get(0).title());
        assertTrue(securityIr.createCaseRequests.get(0).description().startsWith("Grouped: This case groups the signals of routing rule 'ssh'"),
                securityIr.createCaseRequests.get(0).description());
        assertEquals(List.of("created", "grouped", "grouped"), List.of(first.status(), second.status(), third.status()));
        assertEquals(first.externalId(), third.externalId());
        // two comments, each the member's own finding
        assertEquals(2, securityIr.commentRequests.size());
        String body = securityIr.commentRequests.get(0).body();
        assertTrue(body.startsWith("Added to this case: "), body);
        assertTrue(body.contains("Finding ID: " + StormFindings.findingId(2)) && body.contains("i-00000000000000002")
                && body.contains("198.51.100.3") && body.contains("Console: https://"), body);
        // the new remote addresses as threat actors, and the title at 2 (not at 3)
        assertEquals(Set.of("198.51.100.2", "198.51.100.3", "198.51.100.4"), threatActorsAdded());
        assertEquals(List.of(TITLE + "2 findings"), titles());
        assertEquals(3, third.occurrences());
    }

    @Test
    void aHigherSeverityThanTheCasesSoFarIsSaidInItsComment() {
        deliver(StormFindings.ssh(1));
        deliver(StormFindings.finding(2, "UnauthorizedAccess:EC2/SSHBruteForce", "123456789012", "198.51.100.9", 9.5));
        deliver(StormFindings.finding(3, "UnauthorizedAccess:EC2/SSHBruteForce", "123456789012", "198.51.100.9", 9.2));

        assertTrue(securityIr.commentRequests.get(0).body().contains("Its severity, Critical (9.5), is higher than this case's so far (8.0)."),
                securityIr.commentRequests.get(0).body());
        assertTrue(!securityIr.commentRequests.get(1).body().contains("higher than this case's"), "9.2 is below the 9.5 already seen");
    }

    @Test
    void theWindowStartsWithTheFirstSignalAndTheNextSignalAfterItOpensTheNextCase() {
        // given
        Outcome first = deliver(StormFindings.ssh(1));

        // when one signal comes just within the hour, and one at its end
        clock.advance(Duration.ofHours(1).minusMillis(1));
        Outcome within = deliver(StormFindings.ssh(2));
        clock.advance(Duration.ofMillis(1));
        Outcome after = deliver(StormFindings.ssh(3));
        Outcome afterToo = deliver(StormFindings.ssh(4));

        // then
        assertEquals(first.externalId(), within.externalId());
        assertNotEquals(first.externalId(), after.externalId());
        assertEquals(after.externalId(), afterToo.externalId());
        assertEquals(2, securityIr.casesCreated());
        assertEquals(TITLE + "1 finding", securityIr.createCaseRequests.get(1).title());
    }

    @Test
    void aRedeliveredMemberAddsNoSecondCommentAndIsNotCountedAgain() {
        // given
        deliver(StormFindings.ssh(1));
        deliver(StormFindings.ssh(2));

        // when
        Outcome again = deliver(StormFindings.ssh(2));
        Outcome firstAgain = deliver(StormFindings.ssh(1));

        // then
        assertEquals("repeat", again.status());
        assertEquals("repeat", firstAgain.status());
        assertEquals(1, securityIr.commentRequests.size());
        LedgerItem group = ledger.items().values().stream().filter(i -> i.key().startsWith("group#")).findFirst().orElseThrow();
        assertEquals(2, group.occurrences());
    }

    @Test
    void threatActorsStopAtTheCasesLimitOf200() {
        for (int n = 1; n <= 205; n++) {
            deliver(StormFindings.finding(n, "UnauthorizedAccess:EC2/SSHBruteForce", "123456789012",
                    "198.51." + (n / 250) + "." + (n % 250 + 1), 8.0));
        }
        assertEquals(200, threatActorsAdded().size());
        assertEquals(204, securityIr.commentRequests.size());
        assertEquals(List.of(TITLE + "2 findings", TITLE + "5 findings", TITLE + "10 findings", TITLE + "20 findings",
                TITLE + "50 findings", TITLE + "100 findings", TITLE + "200 findings"), titles());
    }

    @Test
    void alarmsGroupIntoOneIncidentWithATimelineEventPerFurtherAlarm() {
        // given a rule that groups every alarm of an account into one incident
        String rules = "[{\"name\": \"alarms\", \"match\": {\"source\": \"aws.cloudwatch\"}, \"target\": \"IncidentManager\","
                + " \"group\": {\"by\": [\"account\"], \"window\": \"PT30M\"}}]";
        var incidents = new io.incidentresponse.shared.testing.RecordingIncidentManager();
        SignalSettings settings = SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "ledger", "ROUTING_RULES", rules,
                "DEFAULT_RESPONSE_PLAN_ARN", "arn:aws:ssm-incidents::123456789012:response-plan/ops", "AUTO_RESOLVE", "true")));
        SignalPipeline alarms = SignalFunction.pipeline(SignalFunction.alarmSource(settings), settings, ledger,
                Map.of(Target.INCIDENT_MANAGER, new io.incidentresponse.shared.incidents.IncidentManagerIncidents(incidents)), clock,
                clock::advance, JsonLog.discard());

        // when two different alarms of the account go into ALARM
        Outcome first = alarms.handle(stream(io.incidentresponse.shared.testing.SampleEvents.text("alarm/01-api-5xx-alarm.json")));
        Outcome second = alarms.handle(stream(io.incidentresponse.shared.testing.SampleEvents.text("alarm/05-latency-metric-math.json")));

        // then one incident, the second alarm on its timeline, and the title at 2
        assertEquals(1, incidents.incidentsStarted());
        assertEquals(first.externalId(), second.externalId());
        assertTrue(incidents.startRequests.get(0).title().startsWith("Grouped alarms in "), incidents.startRequests.get(0).title());
        assertTrue(incidents.timelineRequests.stream().anyMatch(t -> t.eventData().contains("Added to this case:")),
                incidents.timelineRequests.toString());
        assertTrue(incidents.updateRequests.stream().anyMatch(u -> u.title() != null && u.title().endsWith(": 2 alarms")),
                incidents.updateRequests.toString());

        // when the first alarm recovers, with AUTO_RESOLVE
        Outcome recovered = alarms.handle(stream(io.incidentresponse.shared.testing.SampleEvents.text("alarm/03-api-5xx-ok.json")));

        // then its recovery is on the shared incident, which stays open for the other
        assertEquals("recovered", recovered.status());
        assertTrue(recovered.detail().contains("not resolved: the incident groups other signals"), recovered.detail());
        assertTrue(incidents.updateRequests.stream().noneMatch(u -> u.status() != null), incidents.updateRequests.toString());
    }

    @Test
    void theTitleStepsAreOneTwoFive() {
        assertEquals(List.of(1L, 2L, 2L, 2L, 5L, 5L, 10L, 10L, 20L, 50L, 100L, 1000L),
                java.util.stream.Stream.of(1L, 2L, 3L, 4L, 5L, 9L, 10L, 19L, 20L, 99L, 100L, 1999L).map(GroupCase::titleStep).toList());
    }
}
