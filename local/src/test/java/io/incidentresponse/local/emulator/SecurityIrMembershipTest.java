package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.GetMembershipResponse;
import software.amazon.awssdk.services.securityir.model.IncidentResponder;
import software.amazon.awssdk.services.securityir.model.ListMembershipItem;
import software.amazon.awssdk.services.securityir.model.MembershipStatus;
import software.amazon.awssdk.services.securityir.model.ResourceNotFoundException;

/** The emulated membership (ListMemberships, GetMembership), the regions calls are signed for, and client tokens reused. */
class SecurityIrMembershipTest extends EmulatorFixture<SecurityIrClient> {
    SecurityIrMembershipTest() {
        super(SdkClients::securityIr);
    }

    private SecurityIrClient in(Region region) {
        return SecurityIrClient.builder().endpointOverride(emulator.endpoint()).region(region)
                .credentialsProvider(SdkClients.DUMMY_CREDENTIALS)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()).build();
    }

    @Test
    void theMembershipIsListedWithItsRegionAndItsTeamIsAnsweredThere() {
        // given
        emulator.securityIr().setMembership("eu-central-1", List.of(
                new SecurityIrMembership.Responder("Ana Lima", "IR Lead", "ana@example.com"),
                new SecurityIrMembership.Responder("Bo Chen", "Analyst", "bo@example.com")));

        try (SecurityIrClient frankfurt = in(Region.EU_CENTRAL_1)) {
            // when listed from anywhere and read in its region
            List<ListMembershipItem> items = client.listMemberships(r -> { }).items();
            GetMembershipResponse membership = frankfurt.getMembership(r -> r.membershipId(items.get(0).membershipId()));

            // then
            assertEquals(1, items.size());
            assertEquals("eu-central-1", items.get(0).regionAsString());
            assertEquals(MembershipStatus.ACTIVE, items.get(0).membershipStatus());
            assertEquals(List.of("ana@example.com", "bo@example.com"),
                    membership.incidentResponseTeam().stream().map(IncidentResponder::email).toList());
            assertEquals("IR Lead", membership.incidentResponseTeam().get(0).jobTitle());
        }
        // and every call's signing region is recorded
        assertEquals(List.of("us-east-1"), emulator.log().regions("ListMemberships"));
        assertEquals(List.of("eu-central-1"), emulator.log().regions("GetMembership"));
    }

    @Test
    void getMembershipOutsideTheMembershipRegionIsNotFound() {
        // given the default membership, in us-east-1
        String id = client.listMemberships(r -> { }).items().get(0).membershipId();

        try (SecurityIrClient ireland = in(Region.EU_WEST_1)) {
            // when / then
            assertThrows(ResourceNotFoundException.class, () -> ireland.getMembership(r -> r.membershipId(id)));
        }
        assertEquals(2, client.getMembership(r -> r.membershipId(id)).incidentResponseTeam().size(), "the demo team");
    }

    @Test
    void withoutAMembershipNoneIsListedAndAMalformedIdIsRefusedByTheModel() {
        // given
        emulator.securityIr().removeMembership();

        // when / then
        assertTrue(client.listMemberships(r -> { }).items().isEmpty());
        assertThrows(ResourceNotFoundException.class, () -> client.getMembership(r -> r.membershipId(SecurityIrMembership.MEMBERSHIP_ID)));
        assertThrows(software.amazon.awssdk.services.securityir.model.ValidationException.class,
                () -> client.getMembership(r -> r.membershipId("not-a-membership")));
        assertEquals("ValidationException", emulator.log().rejections().get(0).errorType());
    }

    @Test
    void aTeamTheModelDoesNotAllowIsRefused() {
        // one responder (at least 2), a name of 2 characters (at least 3), a job title of 51 (at most 50)
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().setMembership("us-east-1",
                List.of(new SecurityIrMembership.Responder("Ana Lima", "IR Lead", "ana@example.com"))));
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().setMembership("us-east-1", List.of(
                new SecurityIrMembership.Responder("Al", "IR Lead", "al@example.com"),
                new SecurityIrMembership.Responder("Bo Chen", "Analyst", "bo@example.com"))));
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().setMembership("us-east-1", List.of(
                new SecurityIrMembership.Responder("Ana Lima", "x".repeat(51), "ana@example.com"),
                new SecurityIrMembership.Responder("Bo Chen", "Analyst", "bo@example.com"))));
        assertThrows(IllegalArgumentException.class, () -> emulator.securityIr().setMembership("mars-north-1",
                SecurityIrMembership.DEMO_TEAM));
    }

    @Test
    void theTeamAndRegionComeFromTheSettingsAndTheFunctionsRegionByDefault() {
        // given
        EmulatorSettings configured = EmulatorSettings.from(Map.of("EMULATOR_MEMBERSHIP_REGION", "ap-southeast-2",
                "EMULATOR_MEMBERSHIP_TEAM", "[{\"name\":\"Ana Lima\",\"jobTitle\":\"IR Lead\",\"email\":\"ana@example.com\"},"
                        + "{\"name\":\"Bo Chen\",\"jobTitle\":\"Analyst\",\"email\":\"bo@example.com\"}]"), new Properties());
        EmulatorSettings functions = EmulatorSettings.from(Map.of("AWS_REGION", "eu-west-1", "SECURITY_IR_REGION", "eu-west-2"),
                new Properties());
        EmulatorSettings none = EmulatorSettings.from(Map.of("EMULATOR_MEMBERSHIP_TEAM", "none"), new Properties());

        // when / then
        try (Emulator started = configured.start()) {
            assertEquals("ap-southeast-2", started.securityIr().membership().orElseThrow().region());
            assertEquals("ana@example.com", started.securityIr().membership().orElseThrow().team().get(0).email());
        }
        assertEquals("eu-west-2", functions.membershipRegion());
        assertEquals(SecurityIrMembership.DEMO_TEAM, functions.membershipTeam());
        try (Emulator started = none.start()) {
            assertTrue(started.securityIr().membership().isEmpty());
        }
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorSettings.from(Map.of("EMULATOR_MEMBERSHIP_TEAM", "[{\"email\":\"ana@example.com\"}]"), new Properties()));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorSettings.from(Map.of("EMULATOR_MEMBERSHIP_TEAM", "ana@example.com"), new Properties()));
    }

    @Test
    void aClientTokenReusedWithADifferentRequestAnswersTheSameCaseAndIsRecorded() {
        // given
        String first = client.createCase(SecurityIrRequests.validCase().clientToken("tok-1").build()).caseId();

        // when the same request again, then one with other watchers
        String same = client.createCase(SecurityIrRequests.validCase().clientToken("tok-1").build()).caseId();
        String changed = client.createCase(SecurityIrRequests.validCase().clientToken("tok-1")
                .watchers(software.amazon.awssdk.services.securityir.model.Watcher.builder().email("other@example.com").build()).build())
                .caseId();

        // then
        assertEquals(first, same);
        assertEquals(first, changed);
        assertEquals(1, emulator.securityIr().cases().size());
        assertEquals(List.of("tok-1"), emulator.securityIr().tokensReusedWithADifferentRequest());
    }
}
