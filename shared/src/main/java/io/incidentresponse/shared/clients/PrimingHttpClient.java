package io.incidentresponse.shared.clients;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that answers every request itself and never opens a connection: SnapStart's
 * priming runs a function's whole first invocation through clients built on it, so the
 * marshalling, signing, retry and unmarshalling code is loaded and run before the snapshot, while
 * no socket, TLS session or service-side effect exists to be copied into every restored container.
 *
 * <p>Every answer is 200 with one JSON body that each operation the functions call can read: an
 * empty ledger (no items), a case id, an incident ARN, no memberships, no failed entries. Unknown
 * members are ignored by the SDK's unmarshallers.
 */
public final class PrimingHttpClient implements SdkHttpClient {
    static final String BODY = "{\"Items\":[],\"Count\":0,\"caseId\":\"0000000001\",\"caseStatus\":\"Submitted\","
            + "\"incidentRecordArn\":\"arn:aws:ssm-incidents::000000000000:incident-record/snapstart-priming/0\","
            + "\"items\":[],\"entries\":[],\"FailedEntryCount\":0,\"Entries\":[]}";

    private final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                operations.add(request.httpRequest().firstMatchingHeader("X-Amz-Target")
                        .orElse(request.httpRequest().method() + " " + request.httpRequest().encodedPath()));
                // Read the request body as a real client would: its marshalling is part of what is primed.
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body = request.contentStreamProvider().get().newStream()) {
                        body.transferTo(OutputStream.nullOutputStream());
                    }
                }
                byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    /** The requests it has answered: the JSON protocol's X-Amz-Target, else the REST method and path. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    @Override
    public String clientName() {
        return "SnapStartPriming";
    }

    @Override
    public void close() {
        // holds nothing
    }
}
