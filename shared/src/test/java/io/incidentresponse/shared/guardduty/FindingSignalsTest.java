package io.incidentresponse.shared.guardduty;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.securityir.CaseRequests;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class FindingSignalsTest {

    static Signal signal(String json) {
        return FindingSignals.fromEvent(envelope(json, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    static String detail(Signal signal, String label) {
        return signal.details().stream().filter(d -> d.label().equals(label)).map(Detail::value).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2-ssh-brute-force", "ec2-crypto-mining", "iam-credential-exfiltration", "s3-public-access",
            "eks-kubernetes-api", "ec2-ipv6-remote", "archived-finding", "low-severity", "account-leading-zeros",
            "sample-finding", "rds-login-anomaly", "runtime-reverse-shell", "critical-severity", "lambda-no-envelope-source",
            "odd-member-types"})
    void everySampleFindingBecomesASignalWithKeyAccountRegionAndTimes(String name) {
        // when
        Signal signal = signal(text("guardduty/" + name + ".json"));

        // then
        assertTrue(signal.key().matches("guardduty#\\d{12}#[a-z0-9-]+#[0-9a-f]+"), signal.key());
        assertTrue(signal.account().matches("\\d{12}"));
        assertFalse(signal.title().isBlank());
        assertFalse(signal.firstSeen().isAfter(signal.lastSeen()));
        assertTrue(signal.consoleUrl().startsWith("https://"));
    }

    @Test
    void sshBruteForceNamesInstanceActionRemoteAddressAndCount() {
        // when
        Signal signal = signal(text("guardduty/ec2-ssh-brute-force.json"));

        // then
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce", signal.kind());
        assertEquals("High (8.0)", detail(signal, "Severity"));
        assertTrue(detail(signal, "Resource").contains("EC2 instance i-"), detail(signal, "Resource"));
        assertTrue(detail(signal, "Action").contains("INBOUND"), detail(signal, "Action"));
        assertTrue(detail(signal, "Action").contains("from 198.51.100.24"), detail(signal, "Action"));
        assertEquals(List.of(new ThreatActor("198.51.100.24", null)), signal.actors());
        assertEquals(47, signal.sourceCount());
        assertEquals(List.of("Amazon EC2"), signal.impactedServices());
    }

    @Test
    void apiCallKeepsTheUserAgentWithItsAddress() {
        // when
        Signal signal = signal(text("guardduty/iam-credential-exfiltration.json"));

        // then
        assertEquals(1, signal.actors().size());
        assertEquals("192.0.2.146", signal.actors().get(0).ipAddress());
        assertTrue(signal.actors().get(0).userAgent().startsWith("aws-cli/"), signal.actors().get(0).userAgent());
        assertTrue(signal.impactedServices().contains("AWS IAM"));
        assertTrue(detail(signal, "Resource").contains("access key"), detail(signal, "Resource"));
    }

    @Test
    void ipv6RemoteAddressIsWrittenExpandedAndUpperCase() {
        // when
        Signal signal = signal(text("guardduty/ec2-ipv6-remote.json"));

        // then
        List<String> ips = signal.actors().stream().map(ThreatActor::ipAddress).toList();
        assertEquals(List.of("2001:DB8:85A3:0:0:8A2E:370:7334", "198.51.100.93"), ips);
    }

    @Test
    void accountIdThatLostItsLeadingZerosIsPaddedTo12Digits() {
        // given the account id as an 11-digit number, as a JSON number would lose the zero
        String json = edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("detail")).put("accountId", "12345678901"));

        // when
        Signal signal = signal(json);

        // then
        assertEquals("012345678901", signal.account());
        assertTrue(signal.key().startsWith("guardduty#012345678901#"));
    }

    @Test
    void leadingZeroAccountSampleKeepsItsZero() {
        assertEquals("012345678901", signal(text("guardduty/account-leading-zeros.json")).account());
    }

    @Test
    void archivedAndSampleFindingsAreFlagged() {
        assertTrue(signal(text("guardduty/archived-finding.json")).archived());
        assertTrue(signal(text("guardduty/sample-finding.json")).sample());
        assertFalse(signal(text("guardduty/ec2-ssh-brute-force.json")).sample());
    }

    @Test
    void findingWithoutServiceActionStillBecomesASignal() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("detail").get("service")).remove("action"));

        // when
        Signal signal = signal(json);

        // then
        assertTrue(signal.actors().isEmpty());
        assertEquals(null, detail(signal, "Action"));
        assertEquals(Instant.parse(text("guardduty/ec2-ssh-brute-force.json").replaceAll("(?s).*\"eventFirstSeen\": \"([^\"]+)\".*", "$1")),
                signal.firstSeen());
    }

    @Test
    void privateAndInvalidRemoteAddressesAreLeftOutAndNoted() {
        // given
        String json = edited("guardduty/ec2-ipv6-remote.json", tree -> {
            var probes = (com.fasterxml.jackson.databind.node.ArrayNode) tree.at("/detail/service/action/portProbeAction/portProbeDetails");
            ((com.fasterxml.jackson.databind.node.ObjectNode) probes.get(0).get("remoteIpDetails")).put("ipAddressV6", "fd12::1");
            ((com.fasterxml.jackson.databind.node.ObjectNode) probes.get(1).get("remoteIpDetails")).put("ipAddressV4", "999.1.1.1");
        });

        // when
        Signal signal = signal(json);

        // then
        assertTrue(signal.actors().isEmpty());
        assertEquals(2, signal.notes().size(), signal.notes().toString());
        assertTrue(signal.notes().get(0).contains("FD12:0:0:0:0:0:0:1 left out: private"), signal.notes().toString());
        assertTrue(signal.notes().get(1).contains("not an IP address"), signal.notes().toString());
    }

    @Test
    void attackSequenceEndpointsAreThreatActors() {
        // when
        Signal signal = signal(text("guardduty/critical-severity.json"));

        // then
        assertEquals(List.of("203.0.113.45", "198.51.100.77"), signal.actors().stream().map(ThreatActor::ipAddress).toList());
        assertTrue(detail(signal, "Attack sequence").contains("endpoint 203.0.113.45"));
    }

    @Test
    void controlCharactersInAttackerControlledFieldsAreStripped() {
        // given a user agent and description with escapes, NUL and a bidi override
        String json = edited("guardduty/iam-credential-exfiltration.json", tree -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree.at("/detail/service/action/awsApiCallAction"))
                    .put("userAgent", "evil\u001b[2J\u0000agent\u202e");
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("detail")).put("description", "line1\r\nline2\u0007 Zürich");
        });

        // when
        Signal signal = signal(json);

        // then
        assertEquals("evil [2J agent", signal.actors().get(0).userAgent());
        assertEquals("line1 line2 Zürich", signal.summary());
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "accountId", "type", "severity"})
    void findingWithoutIdAccountTypeOrSeverityIsMalformedAndNamesTheEvent(String member) {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("detail")).remove(member));

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> signal(json));

        // then
        String eventId = text("guardduty/ec2-ssh-brute-force.json").replaceAll("(?s)^.*?\"id\": \"([^\"]+)\".*", "$1");
        assertEquals(eventId, error.eventId());
        assertTrue(error.getMessage().contains("detail." + member), error.getMessage());
    }

    @Test
    void accountIdThatIsNotDigitsIsMalformed() {
        String json = edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("detail")).put("accountId", "12345678901234"));
        assertThrows(MalformedEventException.class, () -> signal(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "accountId", "type", "severity"})
    void anEssentialMemberOfTheWrongTypeIsMalformedAndSaysWhy(String member) {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).putObject(member).put("x", 1));

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> signal(json));

        // then
        assertTrue(error.getMessage().contains("detail." + member), error.getMessage());
        assertTrue(error.getMessage().contains("found an object"), error.getMessage());
    }

    @Test
    void severityGivenAsANumericStringIsRead() {
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("severity", "8.5"));
        assertEquals(8.5, signal(json).severity());
    }

    @Test
    void severityThatIsNotANumberIsMalformed() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("severity", "HIGH"));

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> signal(json));

        // then
        assertTrue(error.getMessage().contains("has no numeric detail.severity (expected a number, found a string)"), error.getMessage());
    }

    @Test
    void aFindingRegionThatIsNotARegionGivesWayToTheEventsAndIsNoted() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("region", 42));

        // when
        Signal signal = signal(json);

        // then
        assertEquals("us-east-1", signal.region());
        assertTrue(signal.notes().contains("detail.region '42' is not a region name; the event's region us-east-1 is used."),
                signal.notes().toString());
    }

    @Test
    void findingWithNoRegionAnywhereIsMalformed() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> {
            ((ObjectNode) tree.get("detail")).remove("region");
            tree.remove("region");
        });

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> signal(json));

        // then
        assertTrue(error.getMessage().contains("has no valid region (neither detail.region nor the event's region)"), error.getMessage());
    }

    @Test
    void nestedMembersOfUnexpectedTypesAreSkippedAndTheCaseSaysWhatCouldNotBeRead() {
        // given a finding whose essentials are intact but whose network interfaces are a string, whose
        // tags are an object, whose local port is a numeric string and whose count is an object
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> {
            ObjectNode instance = (ObjectNode) tree.at("/detail/resource/instanceDetails");
            instance.put("networkInterfaces", "eni-0a1b2c3d");
            instance.putObject("tags").put("Name", "bastion");
            ((ObjectNode) tree.at("/detail/service/action/networkConnectionAction/localPortDetails")).put("port", "22");
            ((ObjectNode) tree.at("/detail/service")).putObject("count").put("value", 47);
        });

        // when
        Signal signal = signal(json);
        CreateCaseRequest request = CaseRequests.createCase(signal,
                new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF, List.of()), "token");

        // then the case is still complete where it can be, and says what it left out
        assertEquals(List.of(new ThreatActor("198.51.100.24", null)), signal.actors());
        assertTrue(detail(signal, "Action").contains("local port 22"), detail(signal, "Action"));
        assertEquals(1, signal.sourceCount());
        List<String> expected = List.of(
                "detail.resource.instanceDetails.networkInterfaces could not be read: expected an array, found a string",
                "detail.resource.instanceDetails.tags could not be read: expected an array, found an object",
                "detail.service.count could not be read: expected a whole number, found an object");
        assertEquals(expected, signal.notes());
        assertTrue(request.description().contains("Notes from the automation:\n- " + String.join("\n- ", expected)), request.description());
    }

    @Test
    void theOddlyTypedSampleKeepsWhatItCanReadAndNamesTheRest() {
        // when
        Signal signal = signal(text("guardduty/odd-member-types.json"));

        // then the numbers and flags given as text are read
        assertEquals(8.0, signal.severity());
        assertEquals(14, signal.sourceCount());
        assertTrue(detail(signal, "Action").contains("remote port 9001"), detail(signal, "Action"));
        assertTrue(detail(signal, "Action").contains("AS64502 EXAMPLE-RELAY-AS"), detail(signal, "Action"));
        assertEquals(List.of(new ThreatActor("198.51.100.150", null)), signal.actors());
        // and what is not of its type is named
        assertEquals(List.of(
                "detail.resource.instanceDetails.iamInstanceProfile could not be read: expected an object, found an array",
                "detail.resource.instanceDetails.networkInterfaces could not be read: expected an array, found an empty string",
                "detail.resource.instanceDetails.tags could not be read: expected an array, found an object",
                "detail.service.action.networkConnectionAction.localPortDetails could not be read: expected an object, found a string",
                "Timestamp '1780524824' could not be read and was skipped."), signal.notes());
    }

    @Test
    void theLambdaSampleWithoutSourceOrDetailTypeNamesTheFunction() {
        // when
        Signal signal = signal(text("guardduty/lambda-no-envelope-source.json"));

        // then
        assertTrue(detail(signal, "Resource").contains("Lambda function image-resizer"), detail(signal, "Resource"));
        assertEquals(List.of("AWS Lambda"), signal.impactedServices());
        assertEquals(2, signal.notes().size(), signal.notes().toString());
    }
}
