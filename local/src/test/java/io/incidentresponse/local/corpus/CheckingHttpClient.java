package io.incidentresponse.local.corpus;

import io.incidentresponse.local.emulator.ModelCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client for the real SDK clients that sends nothing: it checks each request exactly as the
 * emulator would (its binder and validator over the bundled service models), keeps the result, and
 * answers the way the service does when all is well. Every request the product would send is thus
 * checked against the model, as the SDK marshalled it, in microseconds. Not thread-safe: one test
 * thread at a time.
 */
final class CheckingHttpClient implements SdkHttpClient {
    private final List<ModelCheck.Checked> requests = new ArrayList<>();
    private final AtomicLong next = new AtomicLong(1_000_000_000L);

    /** The requests since the last call, and forgets them. */
    List<ModelCheck.Checked> drain() {
        List<ModelCheck.Checked> out = List.copyOf(requests);
        requests.clear();
        return out;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                SdkHttpRequest http = request.httpRequest();
                byte[] body = request.contentStreamProvider().map(provider -> {
                    try (InputStream in = provider.newStream()) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).orElse(new byte[0]);
                String query = http.encodedQueryParameters().orElse("");
                ModelCheck.Checked checked = ModelCheck.check(http.method().name(), http.encodedPath(), query, http.headers(), body);
                requests.add(checked);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "application/json").build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(answer(checked.operation()))))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    private byte[] answer(String operation) {
        long id = next.getAndIncrement();
        String body = switch (operation) {
            case "CreateCase" -> "{\"caseId\":\"" + id + "\"}";
            case "StartIncident" -> "{\"incidentRecordArn\":\"arn:aws:ssm-incidents::123456789012:incident-record/plan/" + id + "\"}";
            case "CreateTimelineEvent" -> "{\"eventId\":\"e-" + id + "\",\"incidentRecordArn\":\"arn:aws:ssm-incidents::123456789012:incident-record/plan/x\"}";
            case "CreateCaseComment" -> "{\"commentId\":\"" + id + "\"}";
            default -> "{}";
        };
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
    }
}
