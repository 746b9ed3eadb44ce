package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CaseStatus;
import software.amazon.awssdk.services.securityir.model.CloseCaseResponse;
import software.amazon.awssdk.services.securityir.model.ClosureCode;
import software.amazon.awssdk.services.securityir.model.GetCaseResponse;
import software.amazon.awssdk.services.securityir.model.ListCasesResponse;
import software.amazon.awssdk.services.securityir.model.ListCommentsResponse;
import software.amazon.awssdk.services.securityir.model.PendingAction;
import software.amazon.awssdk.services.securityir.model.ResourceNotFoundException;
import software.amazon.awssdk.services.securityir.model.SelfManagedCaseStatus;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;
import software.amazon.awssdk.services.securityir.model.Watcher;

class SecurityIrCaseTest {
    private static final Pattern CASE_ARN =
            Pattern.compile("arn:aws:security-ir:\\w+?-\\w+?-\\d+:[0-9]{12}:case/[0-9]{10}");

    private Emulator emulator;
    private SecurityIrClient client;

    @BeforeEach
    void start() {
        emulator = Emulator.start();
        client = SdkClients.securityIr(emulator.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    @Test
    void createdCaseIsReadBackWithEveryMemberItHas() {
        // given a valid CreateCase request
        // when the case is created and read back
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        GetCaseResponse got = client.getCase(r -> r.caseId(caseId));

        // then the SDK parses every member, with the ARN in the model's CaseArn format
        assertTrue(caseId.matches("\\d{10,}"), caseId);
        assertEquals("GuardDuty: UnauthorizedAccess:EC2/SSHBruteForce on i-0abc", got.title());
        assertTrue(CASE_ARN.matcher(got.caseArn()).matches(), got.caseArn());
        assertTrue(got.caseArn().endsWith(":case/" + caseId));
        assertEquals(CaseStatus.SUBMITTED, got.caseStatus());
        assertEquals(PendingAction.NONE, got.pendingAction());
        assertEquals(SecurityIrRequests.STARTED, got.reportedIncidentStartDate());
        assertEquals(List.of("123456789012"), got.impactedAccounts());
        assertEquals("secops@example.com", got.watchers().get(0).email());
        assertEquals("198.51.100.7", got.threatActorIpAddresses().get(0).ipAddress());
        assertEquals(List.of("Amazon EC2"), got.impactedServices());
        assertEquals("us-east-1", got.impactedAwsRegions().get(0).regionAsString());
        assertEquals("Self", got.resolverTypeAsString());
        assertNotNull(got.createdDate());
        assertEquals(got.createdDate(), got.lastUpdatedDate());
        assertNull(got.closedDate());
        assertEquals(201, emulator.log().calls().get(0).status());
    }

    @Test
    void sameClientTokenReturnsTheSameCaseAndCreatesNothingNew() {
        // given a CreateCase request with a fixed client token
        var request = SecurityIrRequests.validCase().clientToken("finding-1234").build();

        // when it is sent twice, and a different token once
        String first = client.createCase(request).caseId();
        String second = client.createCase(request).caseId();
        String other = client.createCase(request.toBuilder().clientToken("finding-5678").build()).caseId();

        // then the retry got the same case and exactly two cases exist
        assertEquals(first, second);
        assertNotEquals(first, other);
        assertEquals(2, emulator.securityIr().cases().size());
        assertEquals(3, emulator.log().count("CreateCase"));
        assertEquals("finding-1234", emulator.securityIr().findCase(first).orElseThrow().clientToken());
    }

    @Test
    void unknownCaseAnswersResourceNotFound() {
        // given no case 9999999999
        // when it is read, then the SDK raises ResourceNotFoundException with status 404
        var e = assertThrows(ResourceNotFoundException.class, () -> client.getCase(r -> r.caseId("9999999999")));
        assertEquals(404, e.statusCode());
        assertTrue(e.getMessage().contains("9999999999"));
    }

    @Test
    void deletedCaseAnswersResourceNotFound() {
        // given a case that a test then deletes through the Java API
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        assertTrue(emulator.securityIr().deleteCase(caseId));

        // when it is read, then it is gone
        assertThrows(ResourceNotFoundException.class, () -> client.getCase(r -> r.caseId(caseId)));
        assertThrows(ResourceNotFoundException.class,
                () -> client.createCaseComment(r -> r.caseId(caseId).body("late")));
    }

    @Test
    void commentsAreIdempotentPerCaseAndListedInOrder() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when comments are added, one of them retried with the same token
        String first = client.createCaseComment(r -> r.caseId(caseId).body("first").clientToken("c-1")).commentId();
        String retried = client.createCaseComment(r -> r.caseId(caseId).body("first").clientToken("c-1")).commentId();
        String second = client.createCaseComment(r -> r.caseId(caseId).body("second")).commentId();
        ListCommentsResponse listed = client.listComments(r -> r.caseId(caseId));

        // then there are two comments with six-digit ids, in order
        assertEquals(first, retried);
        assertTrue(first.matches("\\d{6}") && second.matches("\\d{6}"));
        assertEquals(2, listed.total());
        assertEquals(List.of("first", "second"), listed.items().stream().map(i -> i.body()).toList());
        assertEquals(Emulator.CALLER_ARN, listed.items().get(0).creator());
        assertEquals(2, emulator.securityIr().comments(caseId).size());
        assertEquals("c-1", emulator.securityIr().comments(caseId).get(0).clientToken());
    }

    @Test
    void updateCaseAppliesScalarsAndAddDeleteLists() {
        // given a case with one watcher and one threat actor
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when it is updated
        client.updateCase(r -> r.caseId(caseId)
                .title("New title")
                .watchersToAdd(Watcher.builder().email("oncall@example.com").build())
                .watchersToDelete(Watcher.builder().email("secops@example.com").build())
                .threatActorIpAddressesToAdd(ThreatActorIp.builder().ipAddress("203.0.113.9").build())
                .impactedAccountsToAdd("210987654321")
                .impactedServicesToDelete("Amazon EC2"));
        GetCaseResponse got = client.getCase(r -> r.caseId(caseId));

        // then scalars are replaced and lists changed by key
        assertEquals("New title", got.title());
        assertEquals(List.of("oncall@example.com"), got.watchers().stream().map(Watcher::email).toList());
        assertEquals(List.of("198.51.100.7", "203.0.113.9"),
                got.threatActorIpAddresses().stream().map(ThreatActorIp::ipAddress).toList());
        assertEquals(List.of("123456789012", "210987654321"), got.impactedAccounts());
        assertEquals(List.of(), got.impactedServices());
    }

    @Test
    void statusUpdatesAndCloseCaseAreVisibleToGetCase() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when its status moves and it is closed over the API
        var updated = client.updateCaseStatus(
                r -> r.caseId(caseId).caseStatus(SelfManagedCaseStatus.DETECTION_AND_ANALYSIS));
        CaseStatus during = client.getCase(r -> r.caseId(caseId)).caseStatus();
        CloseCaseResponse closed = client.closeCase(r -> r.caseId(caseId));
        GetCaseResponse after = client.getCase(r -> r.caseId(caseId));

        // then each step is visible
        assertEquals(SelfManagedCaseStatus.DETECTION_AND_ANALYSIS, updated.caseStatus());
        assertEquals(CaseStatus.DETECTION_AND_ANALYSIS, during);
        assertEquals(CaseStatus.CLOSED, closed.caseStatus());
        assertEquals(CaseStatus.CLOSED, after.caseStatus());
        assertEquals(closed.closedDate(), after.closedDate());
    }

    @Test
    void javaApiMovesAndClosesCasesWithAClosureCode() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when a test acknowledges it, asks the customer, then closes it as a false positive
        emulator.securityIr().setCaseStatus(caseId, "Acknowledged");
        emulator.securityIr().setPendingAction(caseId, "Customer");
        CaseStatus acknowledged = client.getCase(r -> r.caseId(caseId)).caseStatus();
        emulator.securityIr().closeCase(caseId, "False Positive");
        GetCaseResponse closed = client.getCase(r -> r.caseId(caseId));

        // then the SDK sees each state, and bad values are refused
        assertEquals(CaseStatus.ACKNOWLEDGED, acknowledged);
        assertEquals(PendingAction.CUSTOMER, closed.pendingAction());
        assertEquals(CaseStatus.CLOSED, closed.caseStatus());
        assertEquals(ClosureCode.FALSE_POSITIVE, closed.closureCode());
        assertNotNull(closed.closedDate());
        assertEquals("False Positive", emulator.securityIr().findCase(caseId).orElseThrow().closureCode());
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().setCaseStatus(caseId, "Done"));
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().closeCase("1", null));
    }

    @Test
    void listCasesPagesWithNextToken() {
        // given 5 cases
        for (int i = 0; i < 5; i++) {
            client.createCase(SecurityIrRequests.validCase().title("case " + i).build());
        }

        // when listed two at a time, and through the SDK paginator
        ListCasesResponse firstPage = client.listCases(r -> r.maxResults(2));
        ListCasesResponse secondPage = client.listCases(r -> r.maxResults(2).nextToken(firstPage.nextToken()));
        List<String> all = client.listCasesPaginator(r -> r.maxResults(2)).items().stream()
                .map(i -> i.title()).toList();

        // then pages hold two items each and the paginator sees all five in creation order
        assertEquals(List.of("case 0", "case 1"), firstPage.items().stream().map(i -> i.title()).toList());
        assertEquals(List.of("case 2", "case 3"), secondPage.items().stream().map(i -> i.title()).toList());
        assertEquals(5L, firstPage.total());
        assertEquals(List.of("case 0", "case 1", "case 2", "case 3", "case 4"), all);
    }
}
