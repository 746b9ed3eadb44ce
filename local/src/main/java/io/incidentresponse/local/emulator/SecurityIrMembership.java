package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;

/**
 * The emulated Security IR membership: what ListMemberships and GetMembership answer (see
 * {@link SecurityIrService}, which holds the one membership and calls these under its lock).
 */
public final class SecurityIrMembership {
    /** The id of the emulated membership. */
    public static final String MEMBERSHIP_ID = "m-emulator01";

    /** A member of the membership's incident response team. */
    public record Responder(String name, String jobTitle, String email) {
    }

    /** The team the emulator's membership has unless told otherwise (two: the API's minimum). */
    public static final List<Responder> DEMO_TEAM = List.of(
            new Responder("Dana Okafor", "Incident Response Lead", "ir-lead@example.com"),
            new Responder("Sam Varga", "Security Analyst", "soc-analyst@example.com"));

    /** The emulated membership: where it lives and its team. */
    public record Membership(String membershipId, String region, List<Responder> team) {
        public Membership {
            team = List.copyOf(team);
        }
    }

    static final Membership DEFAULT = new Membership(MEMBERSHIP_ID, Emulator.DEFAULT_REGION, DEMO_TEAM);

    private SecurityIrMembership() {
    }

    /** The membership in {@code region} with {@code team}; a region or team the service model does not allow is refused, naming what is wrong. */
    static Membership of(String region, List<Responder> team) {
        ShapeValidator model = new ShapeValidator(ServiceModel.securityIr());
        if (region == null || !model.validate("AwsRegion", TextNode.valueOf(region)).isEmpty()) {
            throw new IllegalArgumentException("membership region '" + region + "' is not an AwsRegion of the Security IR model");
        }
        List<FieldError> errors = model.validate("IncidentResponseTeam", responders(team));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("not a team GetMembership could answer (2 to 10 responders, each with name,"
                    + " jobTitle and email within the model's limits): " + errors);
        }
        return new Membership(MEMBERSHIP_ID, region, team);
    }

    /** ListMemberships: the membership, with its region, whatever region the call was signed for; none when there is none. */
    static JsonNode list(Membership membership, ObjectNode input) {
        List<Membership> all = membership == null ? List.of() : List.of(membership);
        Page<Membership> page = Page.of(all, input.get("nextToken"), input.get("maxResults"), 25);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        for (Membership m : page.items()) {
            items.addObject().put("membershipId", m.membershipId()).put("accountId", Emulator.ACCOUNT_ID).put("region", m.region())
                    .put("membershipArn", arn(m)).put("membershipStatus", "Active");
        }
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out;
    }

    /** GetMembership: only in the membership's own region; ResourceNotFoundException elsewhere, or for another id. */
    static JsonNode get(Membership membership, ObjectNode input, CallContext context) {
        String membershipId = input.path("membershipId").asText();
        if (membership == null || !membership.membershipId().equals(membershipId) || !membership.region().equals(context.region())) {
            throw ApiException.notFound("Membership " + membershipId + " does not exist in " + context.region(), null, null);
        }
        ObjectNode out = Json.object().put("membershipId", membership.membershipId()).put("accountId", Emulator.ACCOUNT_ID)
                .put("region", membership.region()).put("membershipName", "emulated membership")
                .put("membershipArn", arn(membership)).put("membershipStatus", "Active")
                .put("customerType", "Organization");
        out.set("incidentResponseTeam", responders(membership.team()));
        return out;
    }

    private static String arn(Membership m) {
        return "arn:aws:security-ir:" + m.region() + ":" + Emulator.ACCOUNT_ID + ":membership/" + m.membershipId();
    }

    private static ArrayNode responders(List<Responder> team) {
        ArrayNode members = Json.MAPPER.createArrayNode();
        for (Responder responder : team) {
            ObjectNode member = members.addObject();
            if (responder.name() != null) {
                member.put("name", responder.name());
            }
            if (responder.jobTitle() != null) {
                member.put("jobTitle", responder.jobTitle());
            }
            if (responder.email() != null) {
                member.put("email", responder.email());
            }
        }
        return members;
    }
}
