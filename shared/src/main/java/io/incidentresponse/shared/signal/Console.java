package io.incidentresponse.shared.signal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the AWS console, in the partition the signal came from. */
public final class Console {
    private Console() {
    }

    public static String url(String partition, String region, String path) {
        String host = switch (partition == null ? "aws" : partition) {
            case "aws-cn" -> "console.amazonaws.cn";
            case "aws-us-gov" -> "console.amazonaws-us-gov.com";
            default -> region + ".console.aws.amazon.com";
        };
        return "https://" + host + path;
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The partition an ARN belongs to: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
    public static String partitionOf(String arn) {
        if (arn != null && arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 3);
            if (parts.length > 1 && parts[1].matches("aws(-[a-z-]+)?")) {
                return parts[1];
            }
        }
        return "aws";
    }

    /**
     * The console page of a case or an incident: a case lives in the membership's region, an
     * incident in the stack's.
     */
    public static String caseLink(Target target, String externalId, String region, String securityIrRegion) {
        if (target == Target.INCIDENT_MANAGER) {
            return url(partitionOf(externalId), region, "/systems-manager/incidents/incident-record/home?region=" + region
                    + "#/" + encode(externalId));
        }
        return url(partitionOf(null), securityIrRegion, "/security-ir/home?region=" + securityIrRegion + "#/cases/" + encode(externalId));
    }
}
