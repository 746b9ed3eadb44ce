package io.incidentresponse.shared.securityir;

import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.StatusSource;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CaseStatus;
import software.amazon.awssdk.services.securityir.model.GetCaseResponse;
import software.amazon.awssdk.services.securityir.model.PendingAction;
import software.amazon.awssdk.services.securityir.model.ResourceNotFoundException;

/** A Security IR case's status from GetCase. */
public final class SecurityIrStatus implements StatusSource {
    /** What CreateCase leaves a new case in. */
    public static final String INITIAL = CaseStatus.SUBMITTED.toString();

    private final SecurityIrClient client;

    public SecurityIrStatus(SecurityIrClient client) {
        this.client = client;
    }

    @Override
    public ExternalStatus fetch(String caseId) {
        GetCaseResponse response;
        try {
            response = client.getCase(r -> r.caseId(caseId));
        } catch (ResourceNotFoundException e) {
            return ExternalStatus.notFound();
        }
        boolean closed = response.caseStatus() == CaseStatus.CLOSED;
        // "None" says the same as no pending action at all: a case does not change by gaining it.
        String pending = response.pendingAction() == PendingAction.NONE ? null : response.pendingActionAsString();
        return new ExternalStatus(response.caseStatusAsString(), pending, response.closureCodeAsString(), response.closedDate(), closed, false);
    }
}
