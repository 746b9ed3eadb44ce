package io.incidentresponse.shared.securityir;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.signal.Watcher;
import io.incidentresponse.shared.text.SafeText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;

class CaseRequestsTest {
    private static final CaseSettings DEFAULTS = new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF,
            List.of(new Watcher("soc@example.com", "SOC", "Analyst")));

    private static Signal signal(String json) {
        return FindingSignals.fromEvent(envelope(json, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    private static CreateCaseRequest request(String json) {
        return CaseRequests.createCase(signal(json), DEFAULTS, "token-1");
    }

    @Test
    void sshBruteForceMapsEveryMember() {
        // given
        Signal signal = signal(text("guardduty/ec2-ssh-brute-force.json"));

        // when
        CreateCaseRequest request = CaseRequests.createCase(signal, DEFAULTS, "token-1");

        // then
        assertEquals("token-1", request.clientToken());
        assertEquals(signal.title(), request.title());
        assertEquals(EngagementType.SECURITY_INCIDENT, request.engagementType());
        assertEquals(ResolverType.SELF, request.resolverType());
        assertEquals(signal.firstSeen(), request.reportedIncidentStartDate());
        assertEquals(List.of(signal.account()), request.impactedAccounts());
        assertEquals("soc@example.com", request.watchers().get(0).email());
        assertEquals(List.of(ThreatActorIp.builder().ipAddress("198.51.100.24").build()), request.threatActorIpAddresses());
        assertEquals(List.of("Amazon EC2"), request.impactedServices());
        assertEquals(signal.region(), request.impactedAwsRegions().get(0).regionAsString());
        assertEquals("aws.guardduty", request.tags().get("source"));
        assertEquals("UnauthorizedAccess:EC2/SSHBruteForce", request.tags().get("finding-type"));
        assertEquals("High", request.tags().get("severity"));
        assertEquals(signal.sourceId(), request.tags().get("finding-id"));
    }

    @Test
    void descriptionGivesAResponderEverythingOnOneScreen() {
        // when
        String description = request(text("guardduty/ec2-ssh-brute-force.json")).description();

        // then
        for (String expected : List.of("Finding type: UnauthorizedAccess:EC2/SSHBruteForce", "Severity: High (8.0)",
                "Account: ", "Region: ", "Resource: Instance: EC2 instance i-", "Action: network connection INBOUND",
                "from 198.51.100.24", "Occurrences: 47 (GuardDuty count), first seen ", "Finding ID: ",
                "Console: https://", "/guardduty/home?region=")) {
            assertTrue(description.contains(expected), () -> "missing '" + expected + "' in:\n" + description);
        }
    }

    @Test
    void apiCallActionCarriesApiCountryOrganisationAndUserAgent() {
        // when
        CreateCaseRequest request = request(text("guardduty/iam-credential-exfiltration.json"));

        // then
        assertTrue(request.description().contains("API call "), request.description());
        assertTrue(request.description().contains("user agent \"aws-cli/"), request.description());
        assertTrue(request.threatActorIpAddresses().get(0).userAgent().startsWith("aws-cli/"));
        assertTrue(request.impactedServices().contains("AWS IAM"));
    }

    @Test
    void titleLongerThan300CharactersIsCutWithAMarker() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("title", "T".repeat(350)));

        // when
        String title = request(json).title();

        // then
        assertEquals(300, SafeText.length(title));
        assertTrue(title.endsWith("…"));
    }

    @Test
    void descriptionLongerThan8000CharactersIsCutVisiblyKeepingTheHeader() {
        // given a finding description of 9000 characters
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("description", "D".repeat(9000)));

        // when
        String description = request(json).description();

        // then
        assertEquals(8000, SafeText.length(description));
        assertTrue(description.endsWith(CaseRequests.TRUNCATION_MARKER));
        assertTrue(description.startsWith("Finding type: "));
        assertTrue(description.contains("Console: https://"));
    }

    @Test
    void thirtyOneWatchersAreCutToThirtyAndSaidSo() {
        // given
        List<Watcher> watchers = IntStream.rangeClosed(1, 31).mapToObj(i -> new Watcher("w" + i + "@example.com", null, null)).toList();
        CaseSettings settings = new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.SELF, watchers);

        // when
        CreateCaseRequest request = CaseRequests.createCase(signal(text("guardduty/ec2-ssh-brute-force.json")), settings, "t");

        // then
        assertEquals(30, request.watchers().size());
        assertTrue(request.description().contains("1 watchers left out"), request.description());
    }

    @Test
    void elevenDigitAccountIsSentWithTwelveDigits() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("accountId", "98765432101"));

        // when
        CreateCaseRequest request = request(json);

        // then
        assertEquals(List.of("098765432101"), request.impactedAccounts());
    }

    @Test
    void compressedLowercaseIpv6IsSentInTheModelsForm() {
        // when
        CreateCaseRequest request = request(text("guardduty/ec2-ipv6-remote.json"));

        // then
        assertEquals("2001:DB8:85A3:0:0:8A2E:370:7334", request.threatActorIpAddresses().get(0).ipAddress());
    }

    @Test
    void findingWithNoServiceActionHasNoThreatActorsAndNoActionLine() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.at("/detail/service")).remove("action"));

        // when
        CreateCaseRequest request = request(json);

        // then
        assertTrue(request.threatActorIpAddresses().isEmpty());
        assertFalse(request.description().contains("Action:"));
    }

    @Test
    void controlAndNonAsciiCharactersInAttackerTextAreCleanedNotLost() {
        // given
        String json = edited("guardduty/iam-credential-exfiltration.json", tree -> {
            ((ObjectNode) tree.at("/detail/service/action/awsApiCallAction")).put("userAgent", "Mozilla\u0000/5.0 \u001b[31mÜber\u202e");
            ((ObjectNode) tree.get("detail")).put("title", "Zugriff \u0007aus Zürich");
        });

        // when
        CreateCaseRequest request = request(json);

        // then
        assertEquals("Mozilla /5.0 [31mÜber", request.threatActorIpAddresses().get(0).userAgent());
        assertEquals("Zugriff aus Zürich", request.title());
        assertTrue(request.description().codePoints().noneMatch(cp -> cp != '\n' && Character.isISOControl(cp)));
    }

    @Test
    void userAgentLongerThan500IsCut() {
        // given
        String json = edited("guardduty/iam-credential-exfiltration.json",
                tree -> ((ObjectNode) tree.at("/detail/service/action/awsApiCallAction")).put("userAgent", "A".repeat(800)));

        // when
        CreateCaseRequest request = request(json);

        // then
        assertEquals(500, SafeText.length(request.threatActorIpAddresses().get(0).userAgent()));
        assertTrue(request.description().contains("was cut to 500 characters"));
    }

    @Test
    void moreThan200ThreatActorsAreCappedAndSaidSo() {
        // given a signal with 205 public addresses
        Signal base = signal(text("guardduty/ec2-ssh-brute-force.json"));
        List<ThreatActor> actors = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            actors.add(new ThreatActor("203.0." + (i / 250) + "." + (i % 250), null));
        }
        Signal many = base.toBuilder().actors(actors).notes(List.of()).references(List.of()).rawEvent(null).build();

        // when
        CreateCaseRequest request = CaseRequests.createCase(many, DEFAULTS, "t");

        // then
        assertEquals(200, request.threatActorIpAddresses().size());
        assertTrue(request.description().contains("5 further remote addresses left out"));
    }

    @Test
    void regionOutsideTheModelsEnumIsLeftOutAndSaidSo() {
        // given
        String json = edited("guardduty/ec2-ssh-brute-force.json", tree -> ((ObjectNode) tree.get("detail")).put("region", "xx-future-9"));

        // when
        CreateCaseRequest request = request(json);

        // then
        assertTrue(request.impactedAwsRegions().isEmpty());
        assertTrue(request.description().contains("xx-future-9 is not one Security IR lists"));
    }

    @Test
    void everySampleFindingProducesARequestWithinTheModelsLimits() {
        Pattern account = Pattern.compile("[0-9]{12}");
        Pattern ip = Pattern.compile("(?:(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?))"
                + "|(?:(?:[A-F0-9]{1,4}:){7}[A-F0-9]{1,4})");
        Pattern service = Pattern.compile(CaseLimits.SERVICE_NAME_PATTERN);
        for (String name : List.of("ec2-ssh-brute-force", "ec2-crypto-mining", "iam-credential-exfiltration", "s3-public-access",
                "eks-kubernetes-api", "ec2-ipv6-remote", "account-leading-zeros", "rds-login-anomaly", "runtime-reverse-shell",
                "critical-severity")) {
            CreateCaseRequest request = request(text("guardduty/" + name + ".json"));
            assertTrue(SafeText.length(request.title()) <= 300 && !request.title().isEmpty(), name);
            assertTrue(SafeText.length(request.description()) <= 8000, name);
            assertTrue(request.impactedAccounts().stream().allMatch(a -> account.matcher(a).matches()), name);
            assertTrue(request.threatActorIpAddresses().stream().allMatch(a -> ip.matcher(a.ipAddress()).matches()), name);
            assertTrue(request.impactedServices().stream().allMatch(s -> service.matcher(s).matches() && s.length() <= 50), name);
            assertTrue(request.tags().entrySet().stream().allMatch(e -> e.getKey().length() <= 128 && e.getValue().length() <= 256), name);
            assertTrue(request.reportedIncidentStartDate().isBefore(Instant.parse("2026-11-01T00:00:00Z")), name);
        }
    }
}
