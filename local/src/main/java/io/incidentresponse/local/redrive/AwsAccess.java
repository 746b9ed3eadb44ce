package io.incidentresponse.local.redrive;

import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.signal.AwsIds;
import io.incidentresponse.shared.text.SafeText;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * How redrive reaches AWS with the user's own access, not the functions' (so not through
 * ClientFactory, which takes a Lambda role's credentials from the environment): the region
 * ({@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the queue URL's or ARN's, the
 * SDK's chain: the profile's), the credentials (the access key variables, else the SDK's default
 * chain: profile, SSO, container, instance), resolved before anything is read so that their lack
 * is one clear error, and the endpoint of each service ({@code --endpoint-url}, then
 * {@code AWS_ENDPOINT_URL_<SERVICE>}, then {@code AWS_ENDPOINT_URL}). Every call is bounded: connect
 * and read timeouts, a total time per call, three attempts.
 */
final class AwsAccess {
    private static final Pattern QUEUE_URL_REGION = Pattern.compile("^https?://sqs\\.([a-z0-9-]+)\\.amazonaws\\.com");
    private static final Pattern QUEUE_ARN = Pattern.compile("^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):(.+)$");
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Above the longest long poll (20 s). */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 3;

    private final Region region;
    /** SQS's: the queue URL's or ARN's region when it names one (a forwarder's dead-letter queue is in its own region). */
    private final Region queueRegion;
    private final AwsCredentialsProvider credentials;
    private final Map<String, String> env;
    private final Optional<String> endpointUrl;

    private AwsAccess(Region region, Region queueRegion, AwsCredentialsProvider credentials, Map<String, String> env,
                      Optional<String> endpointUrl) {
        this.region = region;
        this.queueRegion = queueRegion;
        this.credentials = credentials;
        this.env = Map.copyOf(env);
        this.endpointUrl = endpointUrl;
    }

    /**
     * @param fallback credentials to use when the environment has no access key (the local
     *                 services' own, which take any); empty: the SDK's default chain
     * @throws CannotRedrive when there is no region or no credentials
     */
    static AwsAccess resolve(RedriveOptions options, Map<String, String> env, Optional<AwsCredentialsProvider> fallback) {
        String regionName = options.region().or(() -> Optional.ofNullable(env.get(Variables.AWS_REGION)))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
                .or(() -> options.queue().flatMap(AwsAccess::regionOfQueue))
                .orElseGet(AwsAccess::profileRegion);
        if (!AwsIds.isRegion(regionName)) {
            throw new CannotRedrive("'" + SafeText.bounded(regionName, 40) + "' is not an AWS region name such as us-east-1");
        }
        Region region = Region.of(regionName);
        AwsCredentialsProvider credentials = credentials(env, fallback);
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new CannotRedrive("no AWS credentials: " + SafeText.bounded(e.getMessage(), 300) + ". Set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE, or sign in with `aws sso login`", e);
        }
        options.endpointUrl().ifPresent(url -> uri("--endpoint-url", url));
        Region queueRegion = options.queue().flatMap(AwsAccess::regionOfQueue).filter(AwsIds::isRegion).map(Region::of).orElse(region);
        return new AwsAccess(region, queueRegion, credentials, env, options.endpointUrl());
    }

    private static AwsCredentialsProvider credentials(Map<String, String> env, Optional<AwsCredentialsProvider> fallback) {
        String key = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (key != null && !key.isBlank() && secret != null && !secret.isBlank()) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null || token.isBlank()
                    ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
        }
        return fallback.orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    private static String profileRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkException e) {
            throw new CannotRedrive("no AWS region: give --region, or set AWS_REGION (or a region in your AWS profile)", e);
        }
    }

    /** The region in a queue URL (https://sqs.eu-west-1.amazonaws.com/...) or ARN (arn:aws:sqs:eu-west-1:...). */
    static Optional<String> regionOfQueue(String queue) {
        Matcher url = QUEUE_URL_REGION.matcher(queue);
        if (url.find()) {
            return Optional.of(url.group(1));
        }
        Matcher arn = QUEUE_ARN.matcher(queue);
        return arn.matches() ? Optional.of(arn.group(1)) : Optional.empty();
    }

    /** A queue ARN's account and name: what GetQueueUrl takes. */
    static Optional<String[]> ownerAndNameOfArn(String queue) {
        Matcher arn = QUEUE_ARN.matcher(queue);
        return arn.matches() ? Optional.of(new String[] {arn.group(2), arn.group(3)}) : Optional.empty();
    }

    Region region() {
        return region;
    }

    /** Where a service is reached: its endpoint override, or "AWS" (the region's public endpoint). */
    String describe(String service) {
        return endpoint(service).map(URI::toString).orElse("AWS " + (service.equals("SQS") ? queueRegion : region));
    }

    Optional<URI> endpoint(String service) {
        if (endpointUrl.isPresent()) {
            return endpointUrl.map(url -> uri("--endpoint-url", url));
        }
        String variable = Variables.endpointOf(service);
        String value = env.getOrDefault(variable, env.get(Variables.AWS_ENDPOINT_URL));
        String named = env.containsKey(variable) ? variable : Variables.AWS_ENDPOINT_URL;
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(uri(named, value));
    }

    private static URI uri(String where, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CannotRedrive(where + " must be a URL such as http://localhost:4566, got '" + SafeText.bounded(value, 100) + "'");
    }

    SqsClient sqs() {
        return configure(SqsClient.builder(), "SQS", queueRegion);
    }

    LambdaClient lambda() {
        return configure(LambdaClient.builder(), "LAMBDA", region);
    }

    CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder(), "CLOUDFORMATION", region);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String service, Region in) {
        builder.region(in).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(CONNECT_TIMEOUT).socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(ATTEMPTS).build()));
        endpoint(service).ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
