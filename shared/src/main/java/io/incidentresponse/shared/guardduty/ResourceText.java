package io.incidentresponse.shared.guardduty;

import static io.incidentresponse.shared.guardduty.FindingSignals.clean;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** One line that names the affected resource the way a responder would look it up. */
final class ResourceText {
    private ResourceText() {
    }

    static Optional<String> describe(Finding.Resource resource) {
        if (resource == null) {
            return Optional.empty();
        }
        String type = resource.resourceType() == null ? "Resource" : clean(resource.resourceType());
        List<String> parts = new ArrayList<>();
        if (resource.instanceDetails() != null) {
            var instance = resource.instanceDetails();
            parts.add(join("EC2 instance " + orUnknown(instance.instanceId()), clean(instance.instanceType()),
                    clean(instance.imageId()), clean(instance.availabilityZone())));
            if (instance.networkInterfaces() != null) {
                for (var nic : instance.networkInterfaces()) {
                    if (nic != null) {
                        parts.add(join(nic.privateIpAddress() == null ? null : "private IP " + clean(nic.privateIpAddress()),
                                nic.publicIp() == null ? null : "public IP " + clean(nic.publicIp()),
                                clean(nic.vpcId())));
                    }
                }
            }
            if (instance.iamInstanceProfile() != null && instance.iamInstanceProfile().arn() != null) {
                parts.add("instance profile " + clean(instance.iamInstanceProfile().arn()));
            }
            List<Finding.Tag> tags = instance.tags() == null ? List.of()
                    : instance.tags().stream().filter(t -> t.key() != null && !t.key().isBlank()).toList();
            if (!tags.isEmpty()) {
                parts.add("tags " + tags.stream().limit(10).map(t -> clean(t.key()) + "=" + (t.value() == null ? "" : clean(t.value())))
                        .collect(Collectors.joining(", ")));
            }
        }
        if (resource.accessKeyDetails() != null) {
            var key = resource.accessKeyDetails();
            parts.add(join("access key " + orUnknown(key.accessKeyId()),
                    key.userName() == null ? null : "user " + clean(key.userName()),
                    key.userType() == null ? null : "type " + clean(key.userType()),
                    key.principalId() == null ? null : "principal " + clean(key.principalId())));
        }
        if (resource.s3BucketDetails() != null) {
            for (var bucket : resource.s3BucketDetails()) {
                if (bucket != null) {
                    parts.add(join("S3 bucket " + orUnknown(bucket.name()),
                            bucket.publicAccess() == null || bucket.publicAccess().effectivePermission() == null ? null
                                    : "effective permission " + clean(bucket.publicAccess().effectivePermission())));
                }
            }
        }
        if (resource.eksClusterDetails() != null) {
            var cluster = resource.eksClusterDetails();
            parts.add(join("EKS cluster " + orUnknown(cluster.name()), clean(cluster.arn()), clean(cluster.vpcId())));
        }
        if (resource.kubernetesDetails() != null) {
            var k8s = resource.kubernetesDetails();
            if (k8s.kubernetesUserDetails() != null) {
                parts.add("Kubernetes user " + orUnknown(k8s.kubernetesUserDetails().username()));
            }
            if (k8s.kubernetesWorkloadDetails() != null) {
                var workload = k8s.kubernetesWorkloadDetails();
                parts.add(join("workload " + orUnknown(workload.name()), clean(workload.type()),
                        workload.namespace() == null ? null : "namespace " + clean(workload.namespace())));
            }
        }
        if (resource.ecsClusterDetails() != null) {
            parts.add(join("ECS cluster " + orUnknown(resource.ecsClusterDetails().name()), clean(resource.ecsClusterDetails().arn())));
        }
        if (resource.containerDetails() != null) {
            parts.add(join("container " + orUnknown(resource.containerDetails().name()), clean(resource.containerDetails().image())));
        }
        if (resource.rdsDbInstanceDetails() != null) {
            var db = resource.rdsDbInstanceDetails();
            parts.add(join("RDS instance " + orUnknown(db.dbInstanceIdentifier()), clean(db.engine()), clean(db.engineVersion()),
                    db.dbClusterIdentifier() == null ? null : "cluster " + clean(db.dbClusterIdentifier())));
        }
        if (resource.rdsDbUserDetails() != null) {
            var user = resource.rdsDbUserDetails();
            parts.add(join("database user " + orUnknown(user.user()),
                    user.database() == null ? null : "database " + clean(user.database()),
                    user.application() == null ? null : "application " + clean(user.application())));
        }
        if (resource.lambdaDetails() != null) {
            parts.add(join("Lambda function " + orUnknown(resource.lambdaDetails().functionName()),
                    clean(resource.lambdaDetails().functionArn())));
        }
        parts.removeIf(p -> p == null || p.isEmpty());
        return Optional.of(parts.isEmpty() ? type : type + ": " + String.join("; ", parts));
    }

    /**
     * The affected resource's own id: that of the kind {@code resourceType} names (an S3 finding's
     * bucket, not the access key that touched it), else the first the finding has of instance id,
     * access key id, bucket name, EKS cluster, ECS cluster, RDS instance, Lambda function,
     * container. What grouping by resource compares.
     */
    static Optional<String> id(Finding.Resource resource) {
        Map<String, String> ids = new LinkedHashMap<>();
        if (resource.instanceDetails() != null) {
            ids.put("Instance", resource.instanceDetails().instanceId());
        }
        if (resource.accessKeyDetails() != null) {
            ids.put("AccessKey", resource.accessKeyDetails().accessKeyId());
        }
        if (resource.s3BucketDetails() != null) {
            resource.s3BucketDetails().stream().filter(b -> b != null).findFirst().ifPresent(b -> ids.put("S3Bucket", b.name()));
        }
        if (resource.eksClusterDetails() != null) {
            ids.put("EKSCluster", resource.eksClusterDetails().name());
        }
        if (resource.ecsClusterDetails() != null) {
            ids.put("ECSCluster", resource.ecsClusterDetails().name());
        }
        if (resource.rdsDbInstanceDetails() != null) {
            ids.put("RDSDBInstance", resource.rdsDbInstanceDetails().dbInstanceIdentifier());
        }
        if (resource.lambdaDetails() != null) {
            ids.put("Lambda", resource.lambdaDetails().functionName());
        }
        if (resource.containerDetails() != null) {
            ids.put("Container", resource.containerDetails().name());
        }
        ids.values().removeIf(id -> id == null || id.isBlank());
        String named = resource.resourceType() == null ? null : ids.get(resource.resourceType());
        return Optional.ofNullable(named != null ? named : ids.values().stream().findFirst().orElse(null)).map(FindingSignals::clean);
    }

    /** Joins the non-empty parts: the first, then the rest in parentheses. */
    static String join(String first, String... rest) {
        List<String> more = new ArrayList<>();
        for (String part : rest) {
            if (part != null && !part.isBlank()) {
                more.add(part);
            }
        }
        if (first == null || first.isBlank()) {
            return String.join(", ", more);
        }
        return more.isEmpty() ? first : first + " (" + String.join(", ", more) + ")";
    }

    static String orUnknown(String value) {
        return value == null || value.isBlank() ? "(unknown)" : clean(value);
    }
}
