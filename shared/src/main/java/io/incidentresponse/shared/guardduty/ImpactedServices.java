package io.incidentresponse.shared.guardduty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The AWS services a finding's resource belongs to, named as Security IR's AwsService pattern allows. */
final class ImpactedServices {
    private static final Map<String, List<String>> BY_RESOURCE_TYPE = Map.ofEntries(
            Map.entry("Instance", List.of("Amazon EC2")),
            Map.entry("AccessKey", List.of("AWS IAM")),
            Map.entry("S3Bucket", List.of("Amazon S3")),
            Map.entry("S3Object", List.of("Amazon S3")),
            Map.entry("EKSCluster", List.of("Amazon EKS")),
            Map.entry("KubernetesCluster", List.of("Amazon EKS")),
            Map.entry("ECSCluster", List.of("Amazon ECS")),
            Map.entry("Container", List.of("Amazon ECS")),
            Map.entry("RDSDBInstance", List.of("Amazon RDS")),
            Map.entry("RDSLimitlessDB", List.of("Amazon RDS")),
            Map.entry("Lambda", List.of("AWS Lambda")),
            Map.entry("EBSVolume", List.of("Amazon EBS")));

    private ImpactedServices() {
    }

    static List<String> of(Finding finding) {
        List<String> services = new ArrayList<>();
        if (finding.resource() != null && finding.resource().resourceType() != null) {
            services.addAll(BY_RESOURCE_TYPE.getOrDefault(finding.resource().resourceType(), List.of()));
        }
        var api = finding.service() == null || finding.service().action() == null
                ? null : finding.service().action().awsApiCallAction();
        if (api != null && api.serviceName() != null) {
            String called = serviceFromEndpoint(api.serviceName());
            if (called != null && !services.contains(called)) {
                services.add(called);
            }
        }
        return services;
    }

    /** "s3.amazonaws.com" → "Amazon S3", for the few services whose names are certain. */
    private static String serviceFromEndpoint(String endpoint) {
        String prefix = endpoint.split("\\.", 2)[0];
        return switch (prefix) {
            case "s3" -> "Amazon S3";
            case "ec2" -> "Amazon EC2";
            case "iam" -> "AWS IAM";
            case "sts" -> "AWS STS";
            case "kms" -> "AWS KMS";
            case "lambda" -> "AWS Lambda";
            case "rds" -> "Amazon RDS";
            case "dynamodb" -> "Amazon DynamoDB";
            case "cloudtrail" -> "AWS CloudTrail";
            case "guardduty" -> "Amazon GuardDuty";
            case "secretsmanager" -> "AWS Secrets Manager";
            case "ssm" -> "AWS Systems Manager";
            default -> null;
        };
    }
}
