package io.incidentresponse.shared.config;

/**
 * Every environment variable the functions read, in one place. template.yaml sets them from its
 * parameters; each function's settings record parses the ones it uses, once, at start-up.
 */
public final class Variables {
    // Every function.
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_MAX_ATTEMPTS = "AWS_MAX_ATTEMPTS";
    /** Set by Lambda for a SnapStart version: the role's credentials come from this endpoint, not from variables. */
    public static final String AWS_CONTAINER_CREDENTIALS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    /** {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}: the SDK's standard endpoint overrides. */
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_SECURITY_IR = "AWS_ENDPOINT_URL_SECURITY_IR";
    public static final String AWS_ENDPOINT_URL_SSM_INCIDENTS = "AWS_ENDPOINT_URL_SSM_INCIDENTS";
    public static final String AWS_ENDPOINT_URL_EVENTBRIDGE = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    public static final String AWS_ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB";
    /** Not read by the functions: the toolkit's failure queue (replay, redrive). */
    public static final String AWS_ENDPOINT_URL_SQS = "AWS_ENDPOINT_URL_SQS";
    public static final String LEDGER_TABLE = "LEDGER_TABLE";
    /** Set by Lambda: the function's name, the FunctionName dimension of every metric and the function of every log line. */
    public static final String AWS_LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    /** The CloudWatch namespace of the functions' metrics (template parameter MetricsNamespace). */
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";
    public static final String CLOSED_RETENTION_DAYS = "CLOSED_RETENTION_DAYS";

    // Organisation-wide: the Security IR membership.
    /** The membership's region, where every Security IR call goes; default: {@code AWS_REGION}. */
    public static final String SECURITY_IR_REGION = "SECURITY_IR_REGION";
    /** Whether the membership's incident response team are watchers of every new case. */
    public static final String WATCHERS_FROM_MEMBERSHIP = "WATCHERS_FROM_MEMBERSHIP";
    /** How long a container keeps the membership's team before it reads it again. */
    public static final String MEMBERSHIP_REFRESH_MINUTES = "MEMBERSHIP_REFRESH_MINUTES";

    // The signal functions: routing.
    public static final String ROUTING_RULES = "ROUTING_RULES";
    public static final String MIN_SEVERITY = "MIN_SEVERITY";
    public static final String INCLUDE_SAMPLE_FINDINGS = "INCLUDE_SAMPLE_FINDINGS";
    public static final String ENGAGEMENT_TYPES = "ENGAGEMENT_TYPES";
    public static final String RESOLVER_TYPES = "RESOLVER_TYPES";
    public static final String WATCHERS = "WATCHERS";
    public static final String DEFAULT_RESPONSE_PLAN_ARN = "DEFAULT_RESPONSE_PLAN_ARN";
    public static final String DEFAULT_IMPACT = "DEFAULT_IMPACT";

    // The signal functions: tracking and the alarm episode rules.
    public static final String CLAIM_LEASE_SECONDS = "CLAIM_LEASE_SECONDS";
    public static final String AUTO_RESOLVE = "AUTO_RESOLVE";
    public static final String INSUFFICIENT_DATA_TIMELINE = "INSUFFICIENT_DATA_TIMELINE";

    // The case poller.
    public static final String POLL_INTERVAL_MINUTES = "POLL_INTERVAL_MINUTES";
    public static final String POLL_CONCURRENCY = "POLL_CONCURRENCY";
    public static final String POLL_TIME_MARGIN_SECONDS = "POLL_TIME_MARGIN_SECONDS";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";

    private Variables() {
    }

    /** The endpoint override of one service: {@code AWS_ENDPOINT_URL_DYNAMODB} for {@code DYNAMODB}. */
    public static String endpointOf(String serviceId) {
        return AWS_ENDPOINT_URL + "_" + serviceId;
    }
}
