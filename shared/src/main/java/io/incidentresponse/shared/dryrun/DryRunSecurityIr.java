package io.incidentresponse.shared.dryrun;

import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CreateCaseCommentRequest;
import software.amazon.awssdk.services.securityir.model.CreateCaseCommentResponse;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.CreateCaseResponse;
import software.amazon.awssdk.services.securityir.model.UpdateCaseRequest;
import software.amazon.awssdk.services.securityir.model.UpdateCaseResponse;

/**
 * Security IR as a dry run sees it: the requests the signal functions send are recorded (and
 * logged) instead of sent, and answered as the service would. Nothing here reaches the network;
 * any other operation fails, as the SDK interface's defaults do, so nothing is called by accident.
 */
public final class DryRunSecurityIr implements SecurityIrClient {
    /** What every case id the dry run answers starts with, so no one takes it for a real case. */
    public static final String CASE_ID_PREFIX = "dry-run-";

    private final DryRunRequests requests;

    public DryRunSecurityIr(DryRunRequests requests) {
        this.requests = requests;
    }

    /** The same client token yields the same case id, as the service's idempotency does. */
    @Override
    public CreateCaseResponse createCase(CreateCaseRequest request) {
        requests.record(SERVICE_NAME, "CreateCase", request);
        return CreateCaseResponse.builder().caseId(CASE_ID_PREFIX + DryRunIds.of(request.clientToken())).build();
    }

    @Override
    public CreateCaseCommentResponse createCaseComment(CreateCaseCommentRequest request) {
        requests.record(SERVICE_NAME, "CreateCaseComment", request);
        return CreateCaseCommentResponse.builder().commentId(DryRunIds.of(request.clientToken())).build();
    }

    @Override
    public UpdateCaseResponse updateCase(UpdateCaseRequest request) {
        requests.record(SERVICE_NAME, "UpdateCase", request);
        return UpdateCaseResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
