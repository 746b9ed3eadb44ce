package io.incidentresponse.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's organisation-wide parts: Security IR in the membership's region, exactly the
 * membership actions the team lookup needs, and event-bus policies that accept forwarders from one
 * organisation or listed accounts and nothing wider. (Tags are dropped by the reader: {@code !Sub
 * [text, vars]} reads as a list, {@code !If} as [condition, then, else].)
 */
class OrganisationTemplateTest {
    private static final String MEMBERSHIP_REGION = "[\"HasSecurityIrRegion\",\"SecurityIrRegion\",\"AWS::Region\"]";
    private final SamTemplate template = SamTemplate.bundled();

    private List<JsonNode> statements(String policy) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode statement : template.resource(policy, "AWS::IAM::ManagedPolicy").at("/Properties/PolicyDocument/Statement")) {
            // A conditional statement reads as [condition, statement, "AWS::NoValue"].
            out.add(statement.isArray() ? statement.get(1) : statement);
        }
        return out;
    }

    private List<JsonNode> securityIr(String policy) {
        return statements(policy).stream().filter(s -> s.path("Action").toString().contains("security-ir:")).toList();
    }

    @Test
    void everyCaseActionIsOnCasesInTheMembershipsRegion() {
        List<JsonNode> cases = new ArrayList<>(securityIr("FunctionPermissions"));
        cases.addAll(securityIr("CasePollerPermissions"));
        int onCases = 0;
        for (JsonNode statement : cases) {
            JsonNode resource = statement.path("Resource");
            if (resource.isArray() && resource.get(0).asText().endsWith(":case/*")) {
                onCases++;
                assertEquals("arn:${AWS::Partition}:security-ir:${MembershipRegion}:${AWS::AccountId}:case/*", resource.get(0).asText());
                assertEquals(MEMBERSHIP_REGION, resource.get(1).path("MembershipRegion").toString());
            }
        }
        assertEquals(2, onCases, cases.toString());
        assertTrue(cases.stream().noneMatch(s -> s.path("Resource").toString().contains("${AWS::Region}:${AWS::AccountId}:case")),
                "no case resource in the stack's own region");
    }

    @Test
    void theTeamLookupGetsExactlyListMembershipsAndGetMembershipInTheMembershipsRegionWhenItIsOn() {
        // given
        List<JsonNode> membership = securityIr("FunctionPermissions").stream()
                .filter(s -> s.path("Action").asText().contains("Membership")).toList();
        JsonNode raw = template.resource("FunctionPermissions", "AWS::IAM::ManagedPolicy").at("/Properties/PolicyDocument/Statement");

        // then
        assertEquals(2, membership.size());
        assertEquals("security-ir:ListMemberships", membership.get(0).path("Action").asText());
        assertEquals("*", membership.get(0).path("Resource").asText(), "ListMemberships has no resource type");
        assertEquals("security-ir:GetMembership", membership.get(1).path("Action").asText());
        assertEquals("arn:${AWS::Partition}:security-ir:${MembershipRegion}:${AWS::AccountId}:membership/*",
                membership.get(1).at("/Resource/0").asText());
        assertEquals(MEMBERSHIP_REGION, membership.get(1).at("/Resource/1/MembershipRegion").toString());
        int conditional = 0;
        for (JsonNode statement : raw) {
            if (statement.isArray() && statement.get(1).path("Action").asText().contains("Membership")) {
                assertEquals("TeamAsWatchers", statement.get(0).asText());
                conditional++;
            }
        }
        assertEquals(2, conditional);
        assertTrue(securityIr("CasePollerPermissions").stream().noneMatch(s -> s.path("Action").asText().contains("Membership")));
    }

    @Test
    void theBusAcceptsOnlyTheOrganisationOrTheListedAccountsAndOnlyWhenAsked() {
        JsonNode organisation = template.resource("OrganizationForwardersPolicy", "AWS::Events::EventBusPolicy");
        assertEquals("HasOrganizationId", organisation.path("Condition").asText());
        JsonNode statement = organisation.at("/Properties/Statement");
        assertEquals("events:PutEvents", statement.path("Action").asText());
        assertEquals("OrganizationId", statement.at("/Condition/StringEquals/aws:PrincipalOrgID").asText(),
                "Principal * is only ever granted with the organisation condition");
        assertEquals("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default", statement.path("Resource").asText());

        JsonNode accounts = template.resource("AccountForwardersPolicy", "AWS::Events::EventBusPolicy");
        assertEquals("HasSourceAccounts", accounts.path("Condition").asText());
        assertEquals("SourceAccountIds", accounts.at("/Properties/Statement/Principal/AWS").asText());
        assertEquals("", template.parameterDefault("OrganizationId").orElseThrow());
        assertEquals("", template.parameterDefault("SourceAccountIds").orElseThrow());
    }

    @Test
    void theFunctionsGetTheMembershipSettings() {
        JsonNode variables = template.globals("Function").at("/Environment/Variables");
        assertEquals("SecurityIrRegion", variables.path("SECURITY_IR_REGION").asText());
        assertEquals("WatchersFromMembership", variables.path("WATCHERS_FROM_MEMBERSHIP").asText());
        assertEquals("MembershipRefreshMinutes", variables.path("MEMBERSHIP_REFRESH_MINUTES").asText());
        assertEquals("", template.parameterDefault("SecurityIrRegion").orElseThrow(), "default: the stack's region");
        assertEquals("true", template.parameterDefault("WatchersFromMembership").orElseThrow());
    }
}
