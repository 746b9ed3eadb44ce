package io.incidentresponse.shared.securityir;

import java.util.Set;

/**
 * The constraints of the security-ir 2018-05-10 service model that the mapping enforces. A test in
 * the toolkit (ServiceLimitsTest) holds every value against the bundled model, so they cannot drift.
 */
public final class CaseLimits {
    public static final int TITLE_MAX = 300;
    public static final int DESCRIPTION_MAX = 8000;
    public static final int COMMENT_MAX = 12000;
    public static final int WATCHERS_MAX = 30;
    public static final int EMAIL_MIN = 6;
    public static final int EMAIL_MAX = 254;
    public static final String EMAIL_PATTERN = "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9-]+(?:\\.[a-zA-Z0-9-]+)*";
    public static final int PERSON_NAME_MAX = 50;
    public static final int JOB_TITLE_MAX = 50;
    public static final int THREAT_ACTORS_MAX = 200;
    public static final int USER_AGENT_MAX = 500;
    public static final int IMPACTED_SERVICES_MAX = 600;
    public static final int SERVICE_NAME_MIN = 2;
    public static final int SERVICE_NAME_MAX = 50;
    public static final String SERVICE_NAME_PATTERN = "[a-zA-Z0-9 -.():]+";
    public static final int TAG_VALUE_MAX = 256;

    /** The AwsRegion enum: a region outside it cannot be named in impactedAwsRegions. */
    public static final Set<String> REGIONS = Set.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1",
            "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
            "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
            "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2");

    private CaseLimits() {
    }
}
