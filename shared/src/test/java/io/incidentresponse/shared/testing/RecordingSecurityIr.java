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
import software.amazon.awssdk.services.securityir.model.GetMembershipRequest;
import software.amazon.awssdk.services.securityir.model.GetMembershipResponse;
import software.amazon.awssdk.services.securityir.model.IncidentResponder;
import software.amazon.awssdk.services.securityir.model.ListMembershipItem;
import software.amazon.awssdk.services.securityir.model.ListMembershipsRequest;
import software.amazon.awssdk.services.securityir.model.ListMembershipsResponse;
import software.amazon.awssdk.services.securityir.model.MembershipStatus;
import software.amazon.awssdk.services.securityir.model.UpdateCaseRequest;
import software.amazon.awssdk.services.securityir.model.UpdateCaseResponse;

/**
 * The SDK's SecurityIrClient interface, recording every request and honouring client tokens. It
 * serves one Active membership in us-east-1 whose team is {@link #team} (empty by default), listed
 * {@link #membershipsPerPage} to a page behind {@link #otherMemberships}.
 */
public final class RecordingSecurityIr implements SecurityIrClient {
    public final List<CreateCaseRequest> createCaseRequests = new CopyOnWriteArrayList<>();
    public final List<CreateCaseCommentRequest> commentRequests = new CopyOnWriteArrayList<>();
    public final List<UpdateCaseRequest> updateCaseRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> casesByToken = new ConcurrentHashMap<>();
    private final AtomicInteger nextCase = new AtomicInteger(1_000_000_000);
    public volatile RuntimeException failCreateWith;
    public final List<ListMembershipsRequest> listMembershipsRequests = new CopyOnWriteArrayList<>();
    public final List<GetMembershipRequest> getMembershipRequests = new CopyOnWriteArrayList<>();
    public volatile List<IncidentResponder> team = List.of();
    public volatile String membershipId = "m-0a1b2c3d4e";
    public volatile String membershipRegion = "us-east-1";
    /** Memberships listed before ours (another region, cancelled ones, ...). */
    public volatile List<ListMembershipItem> otherMemberships = List.of();
    public volatile int membershipsPerPage = 25;
    public volatile RuntimeException failMembershipWith;

    public static IncidentResponder responder(String name, String jobTitle, String email) {
        return IncidentResponder.builder().name(name).jobTitle(jobTitle).email(email).build();
    }

    @Override
    public ListMembershipsResponse listMemberships(ListMembershipsRequest request) {
        listMembershipsRequests.add(request);
        if (failMembershipWith != null) {
            throw failMembershipWith;
        }
        List<ListMembershipItem> all = new java.util.ArrayList<>(otherMemberships);
        all.add(ListMembershipItem.builder().membershipId(membershipId).region(membershipRegion).accountId("111122223333")
                .membershipStatus(MembershipStatus.ACTIVE).build());
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(all.size(), from + membershipsPerPage);
        return ListMembershipsResponse.builder().items(all.subList(from, to))
                .nextToken(to < all.size() ? Integer.toString(to) : null).build();
    }

    @Override
    public GetMembershipResponse getMembership(GetMembershipRequest request) {
        getMembershipRequests.add(request);
        if (failMembershipWith != null) {
            throw failMembershipWith;
        }
        return GetMembershipResponse.builder().membershipId(request.membershipId()).region(membershipRegion)
                .membershipStatus(MembershipStatus.ACTIVE).incidentResponseTeam(team).build();
    }

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

    @Override
    public UpdateCaseResponse updateCase(UpdateCaseRequest request) {
        updateCaseRequests.add(request);
        return UpdateCaseResponse.builder().build();
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
