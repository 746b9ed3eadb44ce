package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Emulated AWS Security Incident Response cases and comments, in memory. The HTTP side is reached
 * through {@link Emulator}; the public methods inspect and change state for tests. Thread-safe: all
 * state is guarded by this object's monitor, and inspection answers immutable snapshots.
 */
public final class SecurityIrService {
    static final String SERVICE = "security-ir";
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
    private long nextCaseNumber = FIRST_CASE_NUMBER;

    SecurityIrService(Clock clock) {
        this.clock = clock;
    }

    synchronized JsonNode invoke(String operation, ObjectNode input, CallContext context) {
        return switch (operation) {
            case "CreateCase" -> createCase(input, context);
            case "GetCase" -> existing(input).doc.deepCopy();
            case "UpdateCase" -> updateCase(existing(input), input);
            case "UpdateCaseStatus" -> updateCaseStatus(existing(input), input.path("caseStatus").asText());
            case "CloseCase" -> closeCase(existing(input), null);
            case "ListCases" -> listCases(input);
            case "CreateCaseComment" -> createComment(existing(input), input, context);
            case "ListComments" -> listComments(existing(input), input);
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

    /** Moves a case to any {@code CaseStatus} value, including ones only AWS sets (such as {@code Acknowledged}). */
    public synchronized void setCaseStatus(String caseId, String caseStatus) {
        requireEnum("CaseStatus", caseStatus);
        CaseState state = known(caseId);
        if (caseStatus.equals("Closed")) {
            closeCase(state, null);
        } else {
            state.doc.put("caseStatus", caseStatus).remove(List.of("closedDate", "closureCode"));
            touch(state);
        }
    }

    /** Closes a case with a {@code ClosureCode} value (or null for none), as AWS would. */
    public synchronized void closeCase(String caseId, String closureCode) {
        if (closureCode != null) {
            requireEnum("ClosureCode", closureCode);
        }
        closeCase(known(caseId), closureCode);
    }

    /** Sets {@code pendingAction} ({@code Customer} or {@code None}). */
    public synchronized void setPendingAction(String caseId, String pendingAction) {
        requireEnum("PendingAction", pendingAction);
        known(caseId).doc.put("pendingAction", pendingAction);
    }

    /** Deletes a case so that GetCase answers ResourceNotFoundException; false if it did not exist. */
    public synchronized boolean deleteCase(String caseId) {
        CaseState removed = cases.remove(caseId);
        if (removed != null && removed.clientToken != null) {
            caseIdByToken.remove(removed.clientToken);
        }
        return removed != null;
    }

    synchronized void clear() {
        cases.clear();
        caseIdByToken.clear();
        nextCaseNumber = FIRST_CASE_NUMBER;
    }

    // ---- operations ----

    private JsonNode createCase(ObjectNode input, CallContext context) {
        String token = Json.text(input, "clientToken");
        String caseId = token == null ? null : caseIdByToken.get(token);
        if (caseId == null) {
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
        }
        return Json.object().put("caseId", caseId);
    }

    private JsonNode updateCase(CaseState state, ObjectNode input) {
        ObjectNode doc = state.doc;
        for (String scalar : List.of("title", "description", "reportedIncidentStartDate", "actualIncidentStartDate",
                "engagementType", "caseMetadata")) {
            if (input.has(scalar)) {
                doc.set(scalar, input.get(scalar));
            }
        }
        change(doc, input, "watchers", item -> item.path("email").asText());
        change(doc, input, "threatActorIpAddresses", item -> item.path("ipAddress").asText());
        change(doc, input, "impactedServices", JsonNode::asText);
        change(doc, input, "impactedAwsRegions", item -> item.path("region").asText());
        change(doc, input, "impactedAccounts", JsonNode::asText);
        touch(state);
        return Json.object();
    }

    /** Applies {@code <list>ToAdd} (replacing items with the same key) and {@code <list>ToDelete}. */
    private static void change(ObjectNode doc, ObjectNode input, String list, Function<JsonNode, String> key) {
        JsonNode toAdd = input.get(list + "ToAdd");
        JsonNode toDelete = input.get(list + "ToDelete");
        if (toAdd == null && toDelete == null) {
            return;
        }
        Map<String, JsonNode> items = new LinkedHashMap<>();
        doc.path(list).forEach(item -> items.put(key.apply(item), item));
        if (toAdd != null) {
            toAdd.forEach(item -> items.put(key.apply(item), item));
        }
        if (toDelete != null) {
            toDelete.forEach(item -> items.remove(key.apply(item)));
        }
        ArrayNode result = doc.putArray(list);
        items.values().forEach(result::add);
    }

    private JsonNode updateCaseStatus(CaseState state, String caseStatus) {
        state.doc.put("caseStatus", caseStatus);
        touch(state);
        return Json.object().put("caseStatus", caseStatus);
    }

    private JsonNode closeCase(CaseState state, String closureCode) {
        if (!state.doc.path("caseStatus").asText().equals("Closed")) {
            state.doc.put("caseStatus", "Closed").set("closedDate", Json.epochSeconds(clock.instant()));
            touch(state);
        }
        if (closureCode != null) {
            state.doc.put("closureCode", closureCode);
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
