package io.incidentresponse.shared.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CreateCaseCommentRequest;
import software.amazon.awssdk.services.securityir.model.CreateCaseCommentResponse;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.CreateCaseResponse;

/** The SDK's SecurityIrClient interface, recording every request and honouring client tokens. */
public final class RecordingSecurityIr implements SecurityIrClient {
    public final List<CreateCaseRequest> createCaseRequests = new CopyOnWriteArrayList<>();
    public final List<CreateCaseCommentRequest> commentRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> casesByToken = new ConcurrentHashMap<>();
    private final AtomicInteger nextCase = new AtomicInteger(1_000_000_000);
    public volatile RuntimeException failCreateWith;

    @Override
    public CreateCaseResponse createCase(CreateCaseRequest request) {
        createCaseRequests.add(request);
        if (failCreateWith != null) {
            throw failCreateWith;
        }
        String caseId = casesByToken.computeIfAbsent(request.clientToken(), token -> Integer.toString(nextCase.getAndIncrement()));
        return CreateCaseResponse.builder().caseId(caseId).build();
    }

    @Override
    public CreateCaseCommentResponse createCaseComment(CreateCaseCommentRequest request) {
        commentRequests.add(request);
        return CreateCaseCommentResponse.builder().commentId("c-" + commentRequests.size()).build();
    }

    public int casesCreated() {
        return casesByToken.size();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
