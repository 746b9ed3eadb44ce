package io.incidentresponse.shared.guardduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A GuardDuty finding as EventBridge delivers it in {@code detail}. Only the members the product
 * reads are modelled; unknown members are ignored and any member may be missing.
 */
public record Finding(
        String schemaVersion,
        String accountId,
        String region,
        String partition,
        String id,
        String arn,
        String type,
        String title,
        String description,
        Double severity,
        String createdAt,
        String updatedAt,
        Resource resource,
        Service service) {

    public record Resource(
            String resourceType,
            InstanceDetails instanceDetails,
            AccessKeyDetails accessKeyDetails,
            List<S3BucketDetail> s3BucketDetails,
            EksClusterDetails eksClusterDetails,
            KubernetesDetails kubernetesDetails,
            EcsClusterDetails ecsClusterDetails,
            ContainerDetails containerDetails,
            RdsDbInstanceDetails rdsDbInstanceDetails,
            RdsDbUserDetails rdsDbUserDetails,
            LambdaDetails lambdaDetails) {
    }

    public record InstanceDetails(
            String instanceId,
            String instanceType,
            String imageId,
            String availabilityZone,
            IamInstanceProfile iamInstanceProfile,
            List<NetworkInterface> networkInterfaces,
            List<Tag> tags) {
    }

    public record IamInstanceProfile(String arn, String id) {
    }

    public record NetworkInterface(String privateIpAddress, String publicIp, String vpcId, String subnetId) {
    }

    public record Tag(String key, String value) {
    }

    public record AccessKeyDetails(String accessKeyId, String principalId, String userName, String userType) {
    }

    public record S3BucketDetail(String arn, String name, String type, PublicAccess publicAccess) {
    }

    public record PublicAccess(String effectivePermission) {
    }

    public record EksClusterDetails(String name, String arn, String vpcId, String status) {
    }

    public record KubernetesDetails(KubernetesUserDetails kubernetesUserDetails,
                                    KubernetesWorkloadDetails kubernetesWorkloadDetails) {
    }

    public record KubernetesUserDetails(String username, String uid, List<String> groups) {
    }

    public record KubernetesWorkloadDetails(String name, String type, String namespace, String uid) {
    }

    public record EcsClusterDetails(String name, String arn, String status) {
    }

    public record ContainerDetails(String name, String image, String id) {
    }

    public record RdsDbInstanceDetails(String dbInstanceIdentifier, String engine, String engineVersion,
                                       String dbClusterIdentifier, String dbInstanceArn) {
    }

    public record RdsDbUserDetails(String user, String application, String database, String ssl, String authMethod) {
    }

    public record LambdaDetails(String functionArn, String functionName, String functionVersion) {
    }

    public record Service(
            String serviceName,
            String detectorId,
            Action action,
            Boolean archived,
            Integer count,
            String eventFirstSeen,
            String eventLastSeen,
            String resourceRole,
            JsonNode additionalInfo,
            RuntimeDetails runtimeDetails,
            Detection detection) {
    }

    /** Extended Threat Detection: an attack sequence correlating several signals. */
    public record Detection(Sequence sequence) {
    }

    public record Sequence(String uid, String description, List<SequenceEndpoint> endpoints, List<JsonNode> signals) {
    }

    public record SequenceEndpoint(String ip, SequenceLocation location, AutonomousSystem autonomousSystem) {
    }

    public record SequenceLocation(String city, String country) {
    }

    public record AutonomousSystem(String name, Integer number) {
    }

    public record Action(
            String actionType,
            NetworkConnectionAction networkConnectionAction,
            PortProbeAction portProbeAction,
            AwsApiCallAction awsApiCallAction,
            KubernetesApiCallAction kubernetesApiCallAction,
            DnsRequestAction dnsRequestAction,
            RdsLoginAttemptAction rdsLoginAttemptAction) {
    }

    public record NetworkConnectionAction(
            String connectionDirection,
            String protocol,
            Boolean blocked,
            RemoteIpDetails remoteIpDetails,
            PortDetails remotePortDetails,
            PortDetails localPortDetails) {
    }

    public record PortDetails(Integer port, String portName) {
    }

    public record PortProbeAction(Boolean blocked, List<PortProbeDetail> portProbeDetails) {
    }

    public record PortProbeDetail(PortDetails localPortDetails, RemoteIpDetails remoteIpDetails) {
    }

    public record AwsApiCallAction(
            String api,
            String serviceName,
            String callerType,
            String userAgent,
            String errorCode,
            RemoteIpDetails remoteIpDetails,
            DomainDetails domainDetails) {
    }

    public record DomainDetails(String domain) {
    }

    public record KubernetesApiCallAction(
            String requestUri,
            String verb,
            List<String> sourceIps,
            String userAgent,
            Integer statusCode,
            RemoteIpDetails remoteIpDetails) {
    }

    public record DnsRequestAction(String domain, String protocol, Boolean blocked) {
    }

    public record RdsLoginAttemptAction(RemoteIpDetails remoteIpDetails, List<LoginAttribute> loginAttributes) {
    }

    public record LoginAttribute(String user, String application, Integer failedLoginAttempts,
                                 Integer successfulLoginAttempts) {
    }

    public record RemoteIpDetails(
            String ipAddressV4,
            String ipAddressV6,
            Country country,
            City city,
            Organization organization) {
    }

    public record Country(String countryCode, String countryName) {
    }

    public record City(String cityName) {
    }

    public record Organization(String asn, String asnOrg, String isp, String org) {
    }

    public record RuntimeDetails(ProcessDetails process) {
    }

    public record ProcessDetails(String name, String executablePath, Integer pid, String user) {
    }
}
