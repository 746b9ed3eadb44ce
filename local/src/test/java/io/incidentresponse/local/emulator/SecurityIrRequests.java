package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import software.amazon.awssdk.services.securityir.model.AwsRegion;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ImpactedAwsRegion;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;
import software.amazon.awssdk.services.securityir.model.Watcher;

/** Valid Security IR requests that tests then break in one place. */
final class SecurityIrRequests {
    static final Instant STARTED = Instant.parse("2025-03-01T12:00:00.250Z");

    private SecurityIrRequests() {
    }

    static CreateCaseRequest.Builder validCase() {
        return CreateCaseRequest.builder()
                .resolverType(ResolverType.SELF)
                .title("GuardDuty: UnauthorizedAccess:EC2/SSHBruteForce on i-0abc")
                .description("GuardDuty finding 1234 in account 123456789012")
                .engagementType(EngagementType.SECURITY_INCIDENT)
                .reportedIncidentStartDate(STARTED)
                .impactedAccounts("123456789012")
                .watchers(Watcher.builder().email("secops@example.com").name("SecOps").build())
                .threatActorIpAddresses(ThreatActorIp.builder().ipAddress("198.51.100.7").userAgent("curl/8").build())
                .impactedServices("Amazon EC2")
                .impactedAwsRegions(ImpactedAwsRegion.builder().region(AwsRegion.US_EAST_1).build());
    }

    /** The JSON body of a valid CreateCase request, for tests below the SDK; only the required members. */
    static ObjectNode validCaseBody() {
        ObjectNode body = Json.object()
                .put("resolverType", "Self").put("title", "t").put("description", "d")
                .put("engagementType", "Investigation").put("reportedIncidentStartDate", 1740830400);
        body.putArray("impactedAccounts").add("123456789012");
        body.putArray("watchers").addObject().put("email", "a@example.com");
        return body;
    }
}
