package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Emulated AWS Security Incident Response cases and comments, in memory. The HTTP side is reached
 * through {@link Emulator}; the public methods inspect and change state for tests. Thread-safe: all
 * state is guarded by this object's monitor, and inspection answers immutable snapshots.
 *
 * <h2>Case events</h2>
 * Security Incident Response sends its own events to the default EventBridge bus, with source
 * {@code aws.security-ir}. The emulator does not deliver them anywhere; it records, in order, the
 * event it would have sent, for {@link #caseEvents()} and {@link #drainCaseEvents()}:
 * <ul>
 *   <li>{@code Case Created}: CreateCase made a new case (not a retry with a known client token);</li>
 *   <li>{@code Case Updated}: UpdateCase, UpdateCaseStatus, {@link #setCaseStatus} to anything but
 *       {@code Closed}, {@link #setPendingAction}, or a new closure code on an already closed case;</li>
 *   <li>{@code Case Closed}: CloseCase, {@link #closeCase(String, String)} or
 *       {@code setCaseStatus(id, "Closed")} on a case that was not closed;</li>
 *   <li>{@code Case Comment Added}: CreateCaseComment added a comment (not a retry).</li>
 * </ul>
 * AWS also documents {@code Case Comment Updated} and the membership events; the emulator has no
 * operation that would send them. Deleting a case with {@link #deleteCase} sends nothing.
 *
 * <h2>The membership</h2>
 * One Active membership, {@link SecurityIrMembership#MEMBERSHIP_ID} in {@link Emulator#DEFAULT_REGION} with
 * {@link SecurityIrMembership#DEMO_TEAM} as its incident response team unless {@link #setMembership} says otherwise
 * ({@code EMULATOR_MEMBERSHIP_REGION} and {@code EMULATOR_MEMBERSHIP_TEAM}, see
 * {@link EmulatorSettings}), or none after {@link #removeMembership()}. ListMemberships lists it
 * whatever region the request was signed for (with its region); GetMembership answers only in the
 * membership's region, ResourceNotFoundException elsewhere, as a membership lives in one region.
 *
 * <h2>Client tokens</h2>
 * A CreateCase with a client token already used answers the case made with it, whatever else the
 * request says: Security IR documents only that retries with the token are ignored, not what it does
 * when the rest of the request differs (AWS services commonly refuse such a request). The emulator
 * answers the case and records the token in {@link #tokensReusedWithADifferentRequest()}, so a test
 * can hold the product to sending every retry unchanged.
 *
 * <p>The envelope is a standard EventBridge event: {@code version "0"}, {@code id} (a random UUID),
 * {@code detail-type}, {@code source}, {@code account} ({@link Emulator#ACCOUNT_ID}), {@code time}
 * (ISO-8601 UTC to the second, such as {@code 2025-03-01T12:00:00Z}), {@code region} (the case's,
 * from its ARN), {@code resources} (the case ARN) and {@code detail}. What the AWS documentation says
 * about {@code detail} (user guide pages "Security Incident Response events detail reference",
 * "Managing Security Incident Response events using Amazon EventBridge" and "Using AWS Security
 * Incident Response Events"):
 * <ul>
 *   <li>{@code caseId}: documented for every case event;</li>
 *   <li>{@code updatedBy}: documented by an example {@code Case Updated} event (value
 *       {@code security-ir.amazonaws.com}) and an example pattern matching {@code "AWS Responder"}.
 *       The emulator puts it on every case event: the caller's ARN ({@link Emulator#CALLER_ARN}) for
 *       API calls, and {@link #AWS_RESPONDER} for the test hooks, which stand for changes made on the
 *       AWS side. Which value AWS sends for a customer's own API call is not documented.</li>
 * </ul>
 * The emulator's best guesses, not documented by AWS, that consumers should not rely on: {@code
 * caseStatus} (the status after the change, on every case event), {@code closureCode} (on {@code Case
 * Closed} and closure-code updates, when the case has one) and {@code commentId} (on {@code Case
 * Comment Added}).
 */
public final class SecurityIrService {
    static final String SERVICE = "security-ir";

    /** The {@code source} of every Security Incident Response event. */
    public static final String EVENT_SOURCE = "aws.security-ir";

    /** The {@code updatedBy} of events from the test hooks, the value AWS documents for its responders. */
    public static final String AWS_RESPONDER = "AWS Responder";

    // The detail-types of the case events the emulator records.
    public static final String CASE_CREATED = "Case Created";
    public static final String CASE_UPDATED = "Case Updated";
    public static final String CASE_CLOSED = "Case Closed";
    public static final String CASE_COMMENT_ADDED = "Case Comment Added";

    private static final int FIRST_CASE_NUMBER = 1_000_000_001;

    /**
     * A snapshot of one case. {@code document} is exactly what GetCase answers (timestamps in epoch
     * seconds); the other fields are the ones tests look at most.
     */
    public record Case(
            String caseId,
            String caseArn,
            String title,
            String caseStatus,
            String closureCode,
            Instant createdDate,
            Instant closedDate,
            String clientToken,
            Map<String, String> tags,
            JsonNode document) {
    }

    /** A snapshot of one case comment. */
    public record Comment(
            String caseId, String commentId, String body, String creator, Instant createdDate, String clientToken) {
    }

    private static final class CaseState {
        final String caseId;
        final String clientToken;
        final ObjectNode doc;
        final Map<String, String> tags = new LinkedHashMap<>();
        final List<ObjectNode> comments = new ArrayList<>();
        final List<String> commentTokens = new ArrayList<>();

        CaseState(String caseId, String clientToken, ObjectNode doc) {
            this.caseId = caseId;
            this.clientToken = clientToken;
            this.doc = doc;
        }
    }

    private final Clock clock;
    private final ShapeValidator validator = new ShapeValidator(ServiceModel.securityIr());
    private final Map<String, CaseState> cases = new LinkedHashMap<>();
    private final Map<String, String> caseIdByToken = new HashMap<>();
    private final List<ObjectNode> caseEvents = new ArrayList<>();
    private final Map<String, ObjectNode> requestByToken = new HashMap<>();
    private final List<String> tokensReused = new ArrayList<>();
    private long nextCaseNumber = FIRST_CASE_NUMBER;
    private SecurityIrMembership.Membership membership = SecurityIrMembership.DEFAULT;

    SecurityIrService(Clock clock) {
        this.clock = clock;
    }

    synchronized JsonNode invoke(String operation, ObjectNode input, CallContext context) {
        return switch (operation) {
            case "CreateCase" -> createCase(input, context);
            case "GetCase" -> existing(input).doc.deepCopy();
            case "UpdateCase" -> updateCase(existing(input), input, context.callerArn());
            case "UpdateCaseStatus" ->
                    updateCaseStatus(existing(input), input.path("caseStatus").asText(), context.callerArn());
            case "CloseCase" -> closeCase(existing(input), null, context.callerArn());
            case "ListCases" -> listCases(input);
            case "CreateCaseComment" -> createComment(existing(input), input, context);
            case "ListComments" -> listComments(existing(input), input);
            case "ListMemberships" -> SecurityIrMembership.list(membership, input);
            case "GetMembership" -> SecurityIrMembership.get(membership, input, context);
            default -> throw OperationHandler.notImplemented(SERVICE, operation);
        };
    }

    // ---- inspection and state changes for tests ----

    /** All cases in creation order. */
    public synchronized List<Case> cases() {
        return cases.values().stream().map(SecurityIrService::snapshot).toList();
    }

    public synchronized Optional<Case> findCase(String caseId) {
        return Optional.ofNullable(cases.get(caseId)).map(SecurityIrService::snapshot);
    }

    /** The comments of a case in creation order; empty for an unknown case. */
    public synchronized List<Comment> comments(String caseId) {
        CaseState state = cases.get(caseId);
        if (state == null) {
            return List.of();
        }
        List<Comment> comments = new ArrayList<>();
        for (int i = 0; i < state.comments.size(); i++) {
            ObjectNode c = state.comments.get(i);
            comments.add(new Comment(caseId, c.path("commentId").asText(), c.path("body").asText(),
                    c.path("creator").asText(), Json.instant(c.get("createdDate")), state.commentTokens.get(i)));
        }
        return comments;
    }

    /**
     * Moves a case to any {@code CaseStatus} value, including ones only AWS sets (such as {@code
     * Acknowledged}), recording {@code Case Updated} ({@code Case Closed} for {@code Closed}).
     */
    public synchronized void setCaseStatus(String caseId, String caseStatus) {
        requireEnum("CaseStatus", caseStatus);
        CaseState state = known(caseId);
        if (caseStatus.equals("Closed")) {
            closeCase(state, null, AWS_RESPONDER);
        } else {
            state.doc.put("caseStatus", caseStatus).remove(List.of("closedDate", "closureCode"));
            touch(state);
            recordEvent(CASE_UPDATED, state, AWS_RESPONDER);
        }
    }

    /**
     * Closes a case with a {@code ClosureCode} value (or null for none), as AWS would, recording
     * {@code Case Closed}; on a closed case, a new closure code records {@code Case Updated}.
     */
    public synchronized void closeCase(String caseId, String closureCode) {
        if (closureCode != null) {
            requireEnum("ClosureCode", closureCode);
        }
        closeCase(known(caseId), closureCode, AWS_RESPONDER);
    }

    /** Sets {@code pendingAction} ({@code Customer} or {@code None}) and records {@code Case Updated}. */
    public synchronized void setPendingAction(String caseId, String pendingAction) {
        requireEnum("PendingAction", pendingAction);
        CaseState state = known(caseId);
        state.doc.put("pendingAction", pendingAction);
        touch(state);
        recordEvent(CASE_UPDATED, state, AWS_RESPONDER);
    }

    /** Deletes a case so that GetCase answers ResourceNotFoundException; false if it did not exist. */
    public synchronized boolean deleteCase(String caseId) {
        CaseState removed = cases.remove(caseId);
        if (removed != null && removed.clientToken != null) {
            caseIdByToken.remove(removed.clientToken);
        }
        return removed != null;
    }

    /**
     * The EventBridge events AWS would have sent for the case changes so far, oldest first (see the
     * class comment for their shape).
     */
    public synchronized List<JsonNode> caseEvents() {
        return caseEvents.stream().map(e -> (JsonNode) e.deepCopy()).toList();
    }

    /** The recorded case events, oldest first, which are then forgotten. */
    public synchronized List<JsonNode> drainCaseEvents() {
        List<JsonNode> drained = caseEvents();
        caseEvents.clear();
        return drained;
    }

    /**
     * Makes the membership live in {@code region} with {@code team}, which must be a team Security IR
     * would answer (2 to 10 responders with name, job title and email within the model's limits).
     */
    public synchronized void setMembership(String region, List<SecurityIrMembership.Responder> team) {
        membership = SecurityIrMembership.of(region, team);
    }

    /** No membership: ListMemberships answers none, GetMembership ResourceNotFoundException. */
    public synchronized void removeMembership() {
        membership = null;
    }

    public synchronized Optional<SecurityIrMembership.Membership> membership() {
        return Optional.ofNullable(membership);
    }

    /** Client tokens that came back with a CreateCase request other than their first, in order. */
    public synchronized List<String> tokensReusedWithADifferentRequest() {
        return List.copyOf(tokensReused);
    }

    synchronized void clear() {
        cases.clear();
        caseIdByToken.clear();
        caseEvents.clear();
        requestByToken.clear();
        tokensReused.clear();
        nextCaseNumber = FIRST_CASE_NUMBER;
        membership = SecurityIrMembership.DEFAULT;
    }

    // ---- operations ----

    private JsonNode createCase(ObjectNode input, CallContext context) {
        String token = Json.text(input, "clientToken");
        String caseId = token == null ? null : caseIdByToken.get(token);
        ObjectNode request = input.deepCopy();
        request.remove("clientToken");
        if (caseId != null && !request.equals(requestByToken.get(token))) {
            tokensReused.add(token);
        }
        if (caseId == null) {
            if (token != null) {
                requestByToken.put(token, request);
            }
            caseId = Long.toString(nextCaseNumber++);
            JsonNode now = Json.epochSeconds(clock.instant());
            ObjectNode doc = Json.object();
            doc.put("title", input.path("title").asText())
                    .put("caseArn",
                            "arn:aws:security-ir:" + context.region() + ":" + context.accountId() + ":case/" + caseId)
                    .put("description", input.path("description").asText())
                    .put("caseStatus", "Submitted")
                    .put("engagementType", input.path("engagementType").asText())
                    .set("reportedIncidentStartDate", input.get("reportedIncidentStartDate"));
            for (String list : List.of("impactedAwsRegions", "threatActorIpAddresses", "impactedServices")) {
                if (input.has(list)) {
                    doc.set(list, input.get(list));
                }
            }
            doc.put("pendingAction", "None");
            doc.set("impactedAccounts", input.get("impactedAccounts"));
            doc.set("watchers", input.get("watchers"));
            doc.set("createdDate", now);
            doc.set("lastUpdatedDate", now);
            doc.put("resolverType", input.path("resolverType").asText());
            CaseState state = new CaseState(caseId, token, doc);
            input.path("tags").properties().forEach(t -> state.tags.put(t.getKey(), t.getValue().asText()));
            cases.put(caseId, state);
            if (token != null) {
                caseIdByToken.put(token, caseId);
            }
            recordEvent(CASE_CREATED, state, context.callerArn());
        }
        return Json.object().put("caseId", caseId);
    }

    private JsonNode updateCase(CaseState state, ObjectNode input, String by) {
        ObjectNode doc = state.doc;
        for (String scalar : List.of("title", "description", "reportedIncidentStartDate", "actualIncidentStartDate",
                "engagementType", "caseMetadata")) {
            if (input.has(scalar)) {
                doc.set(scalar, input.get(scalar));
            }
        }
        int actors = CaseLists.merged(doc, input, "threatActorIpAddresses", item -> item.path("ipAddress").asText());
        if (actors > CaseLists.THREAT_ACTORS_MAX) {
            // The case's list is the model's ThreatActorIpList (at most 200), whatever each request adds.
            throw ApiException.validation("fieldValidationFailed", "The case would hold " + actors + " threat actor IP addresses;"
                    + " at most " + CaseLists.THREAT_ACTORS_MAX + " are allowed");
        }
        CaseLists.change(doc, input, "watchers", item -> item.path("email").asText());
        CaseLists.change(doc, input, "threatActorIpAddresses", item -> item.path("ipAddress").asText());
        CaseLists.change(doc, input, "impactedServices", JsonNode::asText);
        CaseLists.change(doc, input, "impactedAwsRegions", item -> item.path("region").asText());
        CaseLists.change(doc, input, "impactedAccounts", JsonNode::asText);
        touch(state);
        recordEvent(CASE_UPDATED, state, by);
        return Json.object();
    }

    private JsonNode updateCaseStatus(CaseState state, String caseStatus, String by) {
        state.doc.put("caseStatus", caseStatus);
        touch(state);
        recordEvent(CASE_UPDATED, state, by);
        return Json.object().put("caseStatus", caseStatus);
    }

    private JsonNode closeCase(CaseState state, String closureCode, String by) {
        boolean wasClosed = state.doc.path("caseStatus").asText().equals("Closed");
        boolean newCode = closureCode != null && !closureCode.equals(Json.text(state.doc, "closureCode"));
        if (!wasClosed) {
            state.doc.put("caseStatus", "Closed").set("closedDate", Json.epochSeconds(clock.instant()));
        }
        if (closureCode != null) {
            state.doc.put("closureCode", closureCode);
        }
        if (!wasClosed || newCode) {
            touch(state);
            recordEvent(wasClosed ? CASE_UPDATED : CASE_CLOSED, state, by);
        }
        return Json.object().put("caseStatus", "Closed").set("closedDate", state.doc.get("closedDate"));
    }

    private JsonNode listCases(ObjectNode input) {
        List<CaseState> all = new ArrayList<>(cases.values());
        Page<CaseState> page = Page.of(all, input.get("nextToken"), input.get("maxResults"), 25);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        for (CaseState state : page.items()) {
            ObjectNode item = items.addObject().put("caseId", state.caseId);
            for (String field : List.of("lastUpdatedDate", "title", "caseArn", "engagementType", "caseStatus",
                    "createdDate", "closedDate", "resolverType", "pendingAction")) {
                if (state.doc.has(field)) {
                    item.set(field, state.doc.get(field));
                }
            }
        }
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out.put("total", all.size());
    }

    private JsonNode createComment(CaseState state, ObjectNode input, CallContext context) {
        String token = Json.text(input, "clientToken");
        int existing = token == null ? -1 : state.commentTokens.indexOf(token);
        if (existing >= 0) {
            return Json.object().put("commentId", state.comments.get(existing).path("commentId").asText());
        }
        String commentId = String.format("%06d", state.comments.size() + 1);
        JsonNode now = Json.epochSeconds(clock.instant());
        ObjectNode comment = Json.object().put("commentId", commentId);
        comment.set("createdDate", now);
        comment.set("lastUpdatedDate", now);
        comment.put("creator", context.callerArn()).put("lastUpdatedBy", context.callerArn());
        comment.put("body", input.path("body").asText());
        state.comments.add(comment);
        state.commentTokens.add(token);
        recordEvent(CASE_COMMENT_ADDED, state, context.callerArn()).put("commentId", commentId);
        return Json.object().put("commentId", commentId);
    }

    private JsonNode listComments(CaseState state, ObjectNode input) {
        Page<ObjectNode> page = Page.of(state.comments, input.get("nextToken"), input.get("maxResults"), 25);
        ObjectNode out = Json.object();
        ArrayNode items = out.putArray("items");
        page.items().forEach(c -> items.add(c.deepCopy()));
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
        return out.put("total", state.comments.size());
    }

    // ---- helpers ----

    private CaseState existing(ObjectNode input) {
        String caseId = input.path("caseId").asText();
        CaseState state = cases.get(caseId);
        if (state == null) {
            throw ApiException.notFound("Case " + caseId + " does not exist", null, null);
        }
        return state;
    }

    private CaseState known(String caseId) {
        CaseState state = cases.get(caseId);
        if (state == null) {
            throw new IllegalArgumentException("no case " + caseId);
        }
        return state;
    }

    private void requireEnum(String shape, String value) {
        if (value == null || !validator.validate(shape, TextNode.valueOf(value)).isEmpty()) {
            throw new IllegalArgumentException(value + " is not a " + shape + " value");
        }
    }

    /** Records the event AWS would send for a change to {@code state}; answers its detail for additions. */
    private ObjectNode recordEvent(String detailType, CaseState state, String updatedBy) {
        String caseArn = state.doc.path("caseArn").asText();
        ObjectNode event = Json.object()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", EVENT_SOURCE)
                .put("account", Emulator.ACCOUNT_ID)
                .put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", caseArn.split(":", -1)[3]);
        event.putArray("resources").add(caseArn);
        ObjectNode detail = event.putObject("detail")
                .put("caseId", state.caseId)
                .put("updatedBy", updatedBy)
                .put("caseStatus", state.doc.path("caseStatus").asText());
        String closureCode = Json.text(state.doc, "closureCode");
        if (closureCode != null && (detailType.equals(CASE_CLOSED) || detailType.equals(CASE_UPDATED))
                && state.doc.path("caseStatus").asText().equals("Closed")) {
            detail.put("closureCode", closureCode);
        }
        caseEvents.add(event);
        return detail;
    }

    private void touch(CaseState state) {
        state.doc.set("lastUpdatedDate", Json.epochSeconds(clock.instant()));
    }

    private static Case snapshot(CaseState state) {
        ObjectNode doc = state.doc.deepCopy();
        return new Case(state.caseId, doc.path("caseArn").asText(), doc.path("title").asText(),
                doc.path("caseStatus").asText(), Json.text(doc, "closureCode"), Json.instant(doc.get("createdDate")),
                Json.instant(doc.get("closedDate")), state.clientToken, Map.copyOf(state.tags), doc);
    }
}
