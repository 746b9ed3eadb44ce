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
}
