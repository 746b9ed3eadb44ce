package io.incidentresponse.shared.clients;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.metrics.FailedOperations;
import io.incidentresponse.shared.signal.AwsIds;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;

/**
 * Builds every AWS client the same way, once per container: explicit region, credentials, one
 * lightweight HTTP client shared by all, the standard retry strategy with a configurable number of
 * attempts, and the standard endpoint overrides ({@code AWS_ENDPOINT_URL_<SERVICE>}, then
 * {@code AWS_ENDPOINT_URL}) read from the given settings, so tests, replay and {@code sam local
 * invoke} can point anywhere.
 *
 * <p>Every client talks to {@code AWS_REGION}, the stack's region, except Security IR's: a
 * membership lives in one region for the whole organisation, so its client talks to
 * {@code SECURITY_IR_REGION} (default: {@code AWS_REGION}), wherever the stack runs.
 */
public final class ClientFactory implements AutoCloseable {
    private final Settings settings;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final Region securityIrRegion;
    private final int maxAttempts;
    private final SdkHttpClient http;
    private final FailedOperations failedOperations = new FailedOperations();

    public ClientFactory(Settings settings, AwsCredentialsProvider credentials) {
        this(settings, credentials, urlConnectionClient());
    }

    /** Over another HTTP client: SnapStart's priming gives one that never opens a connection ({@link PrimingHttpClient}). */
    public ClientFactory(Settings settings, AwsCredentialsProvider credentials, SdkHttpClient http) {
        this.settings = settings;
        this.credentials = credentials;
        this.region = Region.of(settings.required(Variables.AWS_REGION));
        this.securityIrRegion = settings.optional(Variables.SECURITY_IR_REGION).map(ClientFactory::securityIrRegion).orElse(region);
        this.maxAttempts = settings.integer(Variables.AWS_MAX_ATTEMPTS, 5, 1, 20);
        this.http = http;
    }

    private static SdkHttpClient urlConnectionClient() {
        keepEnoughConnectionsAlive();
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(15))
                .build();
    }

    /**
     * The URL-connection client reuses connections through the JDK's keep-alive cache, which keeps
     * at most {@code http.maxConnections} (default 5) idle connections per host: with more calls in
     * flight (the poller's concurrency) every extra connection would be closed and its TLS handshake
     * paid again. The cache reads the property once, before the first connection, so it is set here,
     * at start-up, unless the operator has set it.
     */
    static void keepEnoughConnectionsAlive() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    /** For Lambda: the environment and the function role's credentials as Lambda hands them over ({@link #credentials}). */
    public static ClientFactory fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        return new ClientFactory(settings, credentials(settings));
    }

    /**
     * The function role's credentials: Lambda puts them in environment variables, except for a
     * SnapStart version, whose snapshot must not hold them: there it sets
     * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} instead and the credentials come from that local
     * endpoint, read on the first call after the restore and refreshed before they expire.
     */
    static AwsCredentialsProvider credentials(Settings settings) {
        return settings.optional(Variables.AWS_CONTAINER_CREDENTIALS_FULL_URI).isPresent()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }

    /** Security IR in the membership's region ({@link #securityIrRegion()}). */
    public SecurityIrClient securityIr() {
        return configure(SecurityIrClient.builder(), Variables.AWS_ENDPOINT_URL_SECURITY_IR, true).region(securityIrRegion).build();
    }

    public SsmIncidentsClient ssmIncidents() {
        return configure(SsmIncidentsClient.builder(), Variables.AWS_ENDPOINT_URL_SSM_INCIDENTS, true).build();
    }

    /** What the targets' clients (Security IR, Incident Manager) saw fail after their retries, by operation. */
    public FailedOperations failedOperations() {
        return failedOperations;
    }


    public EventBridgeClient eventBridge() {
        return configure(EventBridgeClient.builder(), Variables.AWS_ENDPOINT_URL_EVENTBRIDGE, false).build();
    }

    public DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), Variables.AWS_ENDPOINT_URL_DYNAMODB, false).build();
    }

    /** The stack's region: DynamoDB, EventBridge and Incident Manager. */
    public Region region() {
        return region;
    }

    /** The Security IR membership's region: SECURITY_IR_REGION, else the stack's. */
    public Region securityIrRegion() {
        return securityIrRegion;
    }

    private static Region securityIrRegion(String value) {
        if (!AwsIds.isRegion(value)) {
            throw new ConfigurationException(Variables.SECURITY_IR_REGION,
                    "must be an AWS region name such as us-east-1 (the Security IR membership's region), got '" + value + "'");
        }
        return Region.of(value);
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>> B configure(
            B builder, String endpointVariable, boolean target) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build());
                    if (target) {
                        o.addExecutionInterceptor(failedOperations);
                    }
                });
        endpoint(endpointVariable).ifPresent(builder::endpointOverride);
        return builder;
    }

    Optional<URI> endpoint(String serviceVariable) {
        String variable = serviceVariable;
        Optional<String> value = settings.optional(variable);
        if (value.isEmpty()) {
            variable = Variables.AWS_ENDPOINT_URL;
            value = settings.optional(variable);
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ConfigurationException(variable, "must be an absolute URL such as http://localhost:4566, got '" + value.get() + "'");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(variable, "is not a URL: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
