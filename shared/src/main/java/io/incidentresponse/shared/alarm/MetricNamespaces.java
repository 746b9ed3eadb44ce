package io.incidentresponse.shared.alarm;

import java.util.Map;

/** The AWS service behind a CloudWatch namespace, named as Security IR's AwsService pattern allows. */
final class MetricNamespaces {
    private static final Map<String, String> SERVICES = Map.ofEntries(
            Map.entry("AWS/EC2", "Amazon EC2"),
            Map.entry("AWS/ApplicationELB", "Elastic Load Balancing"),
            Map.entry("AWS/NetworkELB", "Elastic Load Balancing"),
            Map.entry("AWS/ELB", "Elastic Load Balancing"),
            Map.entry("AWS/SQS", "Amazon SQS"),
            Map.entry("AWS/SNS", "Amazon SNS"),
            Map.entry("AWS/Lambda", "AWS Lambda"),
            Map.entry("AWS/RDS", "Amazon RDS"),
            Map.entry("AWS/DynamoDB", "Amazon DynamoDB"),
            Map.entry("AWS/S3", "Amazon S3"),
            Map.entry("AWS/ECS", "Amazon ECS"),
            Map.entry("AWS/EKS", "Amazon EKS"),
            Map.entry("AWS/ApiGateway", "Amazon API Gateway"),
            Map.entry("AWS/CloudFront", "Amazon CloudFront"),
            Map.entry("AWS/Kinesis", "Amazon Kinesis"),
            Map.entry("AWS/States", "AWS Step Functions"),
            Map.entry("AWS/Events", "Amazon EventBridge"),
            Map.entry("CloudTrailMetrics", "AWS CloudTrail"));

    private MetricNamespaces() {
    }

    static String service(String namespace) {
        return SERVICES.get(namespace);
    }
}
