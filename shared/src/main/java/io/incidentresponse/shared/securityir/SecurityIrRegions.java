package io.incidentresponse.shared.securityir;

import io.incidentresponse.shared.config.Variables;
import java.util.Optional;
import java.util.Set;

/**
 * Where AWS Security Incident Response can be activated. A membership is created in one of these
 * regions and manages the cases of the whole organisation there.
 *
 * <p>The list is the one in the Security IR User Guide, "Supported configurations"
 * (https://docs.aws.amazon.com/security-ir/latest/userguide/supported-configs.html): 15 regions.
 * Neither the SDK nor the service model has it (the SDK's endpoint rules resolve every region of a
 * partition, and the model's AwsRegion enum lists the regions a case may name as impacted, not where
 * the service runs), so it is kept here, in one place. It grows: a region outside it is a warning at
 * start-up, never a refusal.
 */
public final class SecurityIrRegions {
    public static final Set<String> OFFERED = Set.of(
            "us-east-1", "us-east-2", "us-west-2", "ca-central-1", "sa-east-1",
            "eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1",
            "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2");

    private SecurityIrRegions() {
    }

    /** The start-up warning for a membership region the product does not know Security IR in, if it is one. */
    public static Optional<String> warning(String region) {
        if (OFFERED.contains(region)) {
            return Optional.empty();
        }
        return Optional.of(Variables.SECURITY_IR_REGION + " " + region + " is not one of the " + OFFERED.size()
                + " regions the Security IR User Guide lists; every Security IR call goes there, so if the membership"
                + " is elsewhere cases cannot be opened (set " + Variables.SECURITY_IR_REGION
                + " to the membership's region)");
    }
}
