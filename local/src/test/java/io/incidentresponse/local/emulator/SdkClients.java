package io.incidentresponse.local.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;

/** Real AWS SDK v2 clients pointed at an emulator, and a raw HTTP helper for protocol-level tests. */
final class SdkClients {
    static final StaticCredentialsProvider DUMMY_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEMULATORTEST", "emulator-secret"));

    private SdkClients() {
    }

    /** A Security IR client with the SDK's default retry behaviour. */
    static SecurityIrClient securityIr(URI endpoint) {
        return pointedAt(SecurityIrClient.builder(), endpoint).build();
    }

    /** A Security IR client that never retries, so every injected fault reaches the caller. */
    static SecurityIrClient securityIrWithoutRetries(URI endpoint) {
        return pointedAt(SecurityIrClient.builder(), endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** An Incident Manager client with the SDK's default retry behaviour. */
    static SsmIncidentsClient ssmIncidents(URI endpoint) {
        return pointedAt(SsmIncidentsClient.builder(), endpoint).build();
    }

    /** Any service's client builder, set to call {@code endpoint} in us-east-1 with the dummy credentials. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B pointedAt(
            B builder, URI endpoint) {
        return builder
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(DUMMY_CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder());
    }

    /** Sends a raw request signed with a credential scope for {@code service} (signature not computed). */
    static HttpResponse<String> raw(URI endpoint, String service, String method, String pathAndQuery, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(pathAndQuery))
                .method(method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (service != null) {
            request.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEMULATORTEST/20250101/us-east-1/"
                    + service + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000");
        }
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
