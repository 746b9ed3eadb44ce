package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Emulated AWS Systems Manager Incident Manager incidents and timeline events, in memory. A demo
 * response plan ({@link #DEMO_RESPONSE_PLAN_ARN}) exists from the start; StartIncident with any other
 * plan answers ResourceNotFoundException unless the plan was registered here first. Thread-safe;
 * inspection answers immutable snapshots.
 */
public final class IncidentManagerService {
    static final String SERVICE = "ssm-incidents";
    public static final String DEMO_RESPONSE_PLAN_ARN =
            "arn:aws:ssm-incidents::" + Emulator.ACCOUNT_ID + ":response-plan/incident-response-demo";
    private static final String DEFAULT_SOURCE = "aws.ssm-incidents.custom";

    /** A response plan's incident template: defaults for incidents started from it. */
    public record ResponsePlan(String arn, String title, int impact, String dedupeString, String summary) {
        public ResponsePlan {
            if (arn == null || !arn.matches("arn:aws(-cn|-us-gov)?:ssm-incidents::([0-9]{12})?:response-plan/.+")) {
                throw new IllegalArgumentException("not a response plan ARN: " + arn);
            }
            if (title == null || impact < 1 || impact > 5) {
                throw new IllegalArgumentException("a response plan needs a title and an impact from 1 to 5");
            }
            dedupeString = dedupeString == null ? "" : dedupeString;
        }

        /** A plan whose template title is its name, impact 3 (medium), no dedupe string or summary. */
        public static ResponsePlan of(String arn) {
            return new ResponsePlan(arn, arn.substring(arn.lastIndexOf('/') + 1), 3, "", null);
        }

        String name() {
            return arn.substring(arn.indexOf(":response-plan/") + ":response-plan/".length());
        }
    }

    /** A snapshot of one incident; {@code record} is exactly GetIncidentRecord's incidentRecord. */
    public record Incident(
            String arn,
            String title,
            int impact,
            String status,
            String responsePlanArn,
            String clientToken,
            Instant creationTime,
            Instant resolvedTime,
            JsonNode record,
            JsonNode triggerDetails,
            JsonNode relatedItems) {
    }

    /** A snapshot of one timeline event. */
    public record TimelineEvent(
            String incidentRecordArn,
            String eventId,
            String eventType,
            Instant eventTime,
            String eventData,
            String clientToken,
            JsonNode eventReferences) {
    }

    private static final class IncidentState {
        final ObjectNode record;
        final String responsePlanArn;
        final String clientToken;
        final JsonNode triggerDetails;
        final JsonNode relatedItems;
        final List<ObjectNode> events = new ArrayList<>();
        final List<String> eventTokens = new ArrayList<>();

        IncidentState(ObjectNode record, String responsePlanArn, String clientToken, ObjectNode input) {
            this.record = record;
            this.responsePlanArn = responsePlanArn;
            this.clientToken = clientToken;
            this.triggerDetails = input.path("triggerDetails").deepCopy();
            this.relatedItems = input.path("relatedItems").deepCopy();
        }
    }

    private final Clock clock;
    private final Map<String, ResponsePlan> plans = new LinkedHashMap<>();
    private final Map<String, IncidentState> incidents = new LinkedHashMap<>();
    private final Map<String, String> incidentArnByToken = new HashMap<>();
    private final RecordFilter incidentFilter = new RecordFilter(Map.of(
            "creationTime", r -> r.get("creationTime"),
            "impact", r -> r.get("impact"),
            "status", r -> r.get("status"),
            "createdBy", r -> r.path("incidentRecordSource").get("createdBy")));
    private final RecordFilter eventFilter = new RecordFilter(Map.of(
            "eventTime", e -> e.get("eventTime"),
            "eventType", e -> e.get("eventType"),
            "eventReference", IncidentManagerService::referenceValues));

    IncidentManagerService(Clock clock) {
        this.clock = clock;
        clear();
    }

    synchronized JsonNode invoke(String operation, ObjectNode input, CallContext context) {
        return switch (operation) {
            case "StartIncident" -> startIncident(input, context);
            case "GetIncidentRecord" ->
                    Json.object().set("incidentRecord", existing(input.path("arn").asText()).record.deepCopy());
            case "UpdateIncidentRecord" -> updateIncident(existing(input.path("arn").asText()), input, context);
            case "ListIncidentRecords" -> listIncidents(input);
            case "CreateTimelineEvent" -> createEvent(existing(input.path("incidentRecordArn").asText()), input);
            case "ListTimelineEvents" -> listEvents(input);
            default -> throw OperationHandler.notImplemented(SERVICE, operation);
        };
    }

    // ---- inspection and state changes for tests ----

    /** Registers a plan with default template values (see {@link ResponsePlan#of}). */
    public ResponsePlan registerResponsePlan(String arn) {
        ResponsePlan plan = ResponsePlan.of(arn);
        registerResponsePlan(plan);
        return plan;
    }

    /** Registers (or replaces) a response plan so StartIncident accepts its ARN. */
    public synchronized void registerResponsePlan(ResponsePlan plan) {
        plans.put(plan.arn(), plan);
    }

    public synchronized List<ResponsePlan> responsePlans() {
        return List.copyOf(plans.values());
    }

    /** All incidents in creation order. */
    public synchronized List<Incident> incidents() {
        return incidents.values().stream().map(IncidentManagerService::snapshot).toList();
    }

    public synchronized Optional<Incident> findIncident(String arn) {
        return Optional.ofNullable(incidents.get(arn)).map(IncidentManagerService::snapshot);
    }

    /** The timeline events of an incident in creation order; empty for an unknown incident. */
    public synchronized List<TimelineEvent> timelineEvents(String incidentArn) {
        IncidentState state = incidents.get(incidentArn);
        if (state == null) {
            return List.of();
        }
        List<TimelineEvent> events = new ArrayList<>();
        for (int i = 0; i < state.events.size(); i++) {
            ObjectNode e = state.events.get(i);
            events.add(new TimelineEvent(incidentArn, e.path("eventId").asText(), e.path("eventType").asText(),
                    Json.instant(e.get("eventTime")), e.path("eventData").asText(), state.eventTokens.get(i),
                    e.path("eventReferences").deepCopy()));
        }
        return events;
    }

    /** Resolves an incident as a responder would: status RESOLVED and a resolvedTime. */
    public synchronized void resolveIncident(String arn) {
        setIncidentStatus(arn, "RESOLVED");
    }

    /**
     * Sets an incident's status as a responder would: {@code RESOLVED} stamps a resolvedTime (kept if
     * it was already resolved), {@code OPEN} removes it.
     */
    public synchronized void setIncidentStatus(String arn, String status) {
        if (!"OPEN".equals(status) && !"RESOLVED".equals(status)) {
            throw new IllegalArgumentException(status + " is not an IncidentRecordStatus value (OPEN or RESOLVED)");
        }
        IncidentState state = known(arn);
        setStatus(state.record, status);
        touch(state.record, Emulator.CALLER_ARN);
    }

    /**
     * Deletes an incident and its timeline, so that GetIncidentRecord answers ResourceNotFoundException
     * and its client token starts a new one; false if it did not exist.
     */
    public synchronized boolean deleteIncident(String arn) {
        IncidentState removed = incidents.remove(arn);
        if (removed != null && removed.clientToken != null) {
            incidentArnByToken.remove(removed.clientToken);
        }
        return removed != null;
    }

    /** Forgets incidents and registered plans; the demo plan remains. */
    synchronized void clear() {
        incidents.clear();
        incidentArnByToken.clear();
        plans.clear();
        plans.put(DEMO_RESPONSE_PLAN_ARN,
                new ResponsePlan(DEMO_RESPONSE_PLAN_ARN, "Incident response demo", 3, "", null));
    }

    // ---- operations ----

    private JsonNode startIncident(ObjectNode input, CallContext context) {
        String planArn = input.path("responsePlanArn").asText();
        ResponsePlan plan = plans.get(planArn);
        if (plan == null) {
            throw ApiException.notFound("Response plan " + planArn + " does not exist", "RESPONSE_PLAN", planArn);
        }
        String token = Json.text(input, "clientToken");
        String arn = token == null ? null : incidentArnByToken.get(token);
        if (arn == null) {
            arn = "arn:aws:ssm-incidents::" + context.accountId() + ":incident-record/" + plan.name() + "/"
                    + UUID.randomUUID().toString().replace("-", "");
            JsonNode now = Json.epochSeconds(clock.instant());
            ObjectNode record = Json.object().put("arn", arn);
            record.putArray("automationExecutions");
            record.set("creationTime", now);
            record.put("dedupeString", plan.dedupeString());
            record.put("impact", input.has("impact") ? input.get("impact").asInt() : plan.impact());
            ObjectNode source = record.putObject("incidentRecordSource")
                    .put("createdBy", context.callerArn())
                    .put("source", input.path("triggerDetails").path("source").asText(DEFAULT_SOURCE));
            if (input.path("triggerDetails").has("triggerArn")) {
                source.put("resourceArn", input.path("triggerDetails").path("triggerArn").asText());
            }
            record.put("lastModifiedBy", context.callerArn());
            record.set("lastModifiedTime", now);
            record.putArray("notificationTargets");
            record.put("status", "OPEN");
            if (plan.summary() != null) {
                record.put("summary", plan.summary());
            }
            record.put("title", input.has("title") ? input.path("title").asText() : plan.title());
            incidents.put(arn, new IncidentState(record, planArn, token, input));
            if (token != null) {
                incidentArnByToken.put(token, arn);
            }
        }
        return Json.object().put("incidentRecordArn", arn);
    }

    private JsonNode updateIncident(IncidentState state, ObjectNode input, CallContext context) {
        ObjectNode record = state.record;
        for (String field : List.of("title", "impact", "summary", "notificationTargets", "chatChannel")) {
            if (input.has(field)) {
                record.set(field, input.get(field));
            }
        }
        if (input.has("status")) {
            setStatus(record, input.get("status").asText());
        }
        touch(record, context.callerArn());
        return Json.object();
    }

    private void setStatus(ObjectNode record, String status) {
        if (status.equals("RESOLVED") && !record.path("status").asText().equals("RESOLVED")) {
            record.set("resolvedTime", Json.epochSeconds(clock.instant()));
        } else if (status.equals("OPEN")) {
            record.remove("resolvedTime");
        }
        record.put("status", status);
    }

    private JsonNode listIncidents(ObjectNode input) {
        incidentFilter.checkKeys(input.get("filters"));
        List<ObjectNode> matching = incidents.values().stream()
                .map(s -> s.record)
                .filter(r -> incidentFilter.matches(input.get("filters"), r))
                .toList();
        Page<ObjectNode> page = Page.of(matching, input.get("nextToken"), input.get("maxResults"), 100);
        ObjectNode out = Json.object();
        ArrayNode summaries = out.putArray("incidentRecordSummaries");
        for (ObjectNode record : page.items()) {
            ObjectNode summary = summaries.addObject();
            for (String field : List.of("arn", "creationTime", "impact", "incidentRecordSource", "resolvedTime",
                    "status", "title")) {
                if (record.has(field)) {
                    summary.set(field, record.get(field).deepCopy());
                }
            }
        }
        return page.nextToken() == null ? out : out.put("nextToken", page.nextToken());
    }

    private JsonNode createEvent(IncidentState state, ObjectNode input) {
        String arn = state.record.path("arn").asText();
        String token = Json.text(input, "clientToken");
        int existing = token == null ? -1 : state.eventTokens.indexOf(token);
        String eventId;
        if (existing >= 0) {
            eventId = state.events.get(existing).path("eventId").asText();
        } else {
            eventId = UUID.randomUUID().toString();
            ObjectNode event = Json.object().put("eventId", eventId).put("incidentRecordArn", arn);
            event.set("eventTime", input.get("eventTime"));
            event.put("eventType", input.path("eventType").asText());
            event.put("eventData", input.path("eventData").asText());
            event.set("eventReferences",
                    input.has("eventReferences") ? input.get("eventReferences") : Json.MAPPER.createArrayNode());
            event.set("eventUpdatedTime", Json.epochSeconds(clock.instant()));
            state.events.add(event);
            state.eventTokens.add(token);
        }
        return Json.object().put("eventId", eventId).put("incidentRecordArn", arn);
    }

    private JsonNode listEvents(ObjectNode input) {
        eventFilter.checkKeys(input.get("filters"));
        IncidentState state = incidents.get(input.path("incidentRecordArn").asText());
        List<ObjectNode> matching = new ArrayList<>();
        if (state != null) {
            state.events.stream().filter(e -> eventFilter.matches(input.get("filters"), e)).forEach(matching::add);
        }
        Comparator<ObjectNode> byTime = Comparator.comparing(e -> e.get("eventTime").decimalValue());
        matching.sort(input.path("sortOrder").asText("ASCENDING").equals("DESCENDING") ? byTime.reversed() : byTime);
        Page<ObjectNode> page = Page.of(matching, input.get("nextToken"), input.get("maxResults"), 100);
        ObjectNode out = Json.object();
        ArrayNode summaries = out.putArray("eventSummaries");
        for (ObjectNode event : page.items()) {
            ObjectNode summary = event.deepCopy();
            summary.remove("eventData");
            summaries.add(summary);
        }
        return page.nextToken() == null ? out : out.put("nextToken", page.nextToken());
    }

    // ---- helpers ----

    private IncidentState existing(String arn) {
        IncidentState state = incidents.get(arn);
        if (state == null) {
            throw ApiException.notFound("Incident record " + arn + " does not exist", "INCIDENT_RECORD", arn);
        }
        return state;
    }

    private IncidentState known(String arn) {
        IncidentState state = incidents.get(arn);
        if (state == null) {
            throw new IllegalArgumentException("no incident " + arn);
        }
        return state;
    }

    private void touch(ObjectNode record, String by) {
        record.put("lastModifiedBy", by).set("lastModifiedTime", Json.epochSeconds(clock.instant()));
    }

    private static JsonNode referenceValues(JsonNode event) {
        ArrayNode values = Json.MAPPER.createArrayNode();
        event.path("eventReferences").forEach(ref -> ref.properties()
                .forEach(p -> values.add(TextNode.valueOf(p.getValue().asText()))));
        return values;
    }

    private static Incident snapshot(IncidentState state) {
        ObjectNode record = state.record.deepCopy();
        return new Incident(record.path("arn").asText(), record.path("title").asText(), record.path("impact").asInt(),
                record.path("status").asText(), state.responsePlanArn, state.clientToken,
                Json.instant(record.get("creationTime")), Json.instant(record.get("resolvedTime")), record,
                state.triggerDetails.deepCopy(), state.relatedItems.deepCopy());
    }
}
