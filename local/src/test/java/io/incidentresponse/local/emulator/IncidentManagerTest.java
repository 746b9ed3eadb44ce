package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.AttributeValueList;
import software.amazon.awssdk.services.ssmincidents.model.Condition;
import software.amazon.awssdk.services.ssmincidents.model.EventReference;
import software.amazon.awssdk.services.ssmincidents.model.EventSummary;
import software.amazon.awssdk.services.ssmincidents.model.Filter;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecord;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecordStatus;
import software.amazon.awssdk.services.ssmincidents.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssmincidents.model.SortOrder;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;
import software.amazon.awssdk.services.ssmincidents.model.ValidationException;

class IncidentManagerTest extends EmulatorFixture<SsmIncidentsClient> {
    private static final String DEMO_PLAN = IncidentManagerService.DEMO_RESPONSE_PLAN_ARN;
    private static final String ALARM_ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx";

    IncidentManagerTest() {
        super(SdkClients::ssmIncidents);
    }

    @Test
    void startedIncidentIsReadBackOpenWithItsSource() {
        // given a StartIncident from a CloudWatch alarm on the demo plan
        // when started and read back (GET /getIncidentRecord?arn=...)
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();
        IncidentRecord record = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();

        // then the SDK parses the record the model describes
        assertTrue(arn.startsWith("arn:aws:ssm-incidents::000000000000:incident-record/incident-response-demo/"), arn);
        assertEquals(arn, record.arn());
        assertEquals("API 5xx alarm", record.title());
        assertEquals(2, record.impact());
        assertEquals(IncidentRecordStatus.OPEN, record.status());
        assertEquals("aws.cloudwatch", record.incidentRecordSource().source());
        assertEquals(ALARM_ARN, record.incidentRecordSource().resourceArn());
        assertEquals(Emulator.CALLER_ARN, record.incidentRecordSource().createdBy());
        assertEquals("", record.dedupeString());
        assertEquals(List.of(), record.automationExecutions());
        assertEquals(List.of(), record.notificationTargets());
        assertEquals(record.creationTime(), record.lastModifiedTime());
        assertNull(record.resolvedTime());
        assertEquals(DEMO_PLAN, emulator.incidentManager().findIncident(arn).orElseThrow().responsePlanArn());
        assertEquals("aws.cloudwatch",
                emulator.incidentManager().findIncident(arn).orElseThrow().triggerDetails().path("source").asText());
    }

    @Test
    void unknownResponsePlanAnswersResourceNotFound() {
        // given a plan that was never registered
        var request =
                alarmIncident("x").responsePlanArn("arn:aws:ssm-incidents::000000000000:response-plan/nope").build();

        // when started, then ResourceNotFoundException names the plan and nothing exists
        var e = assertThrows(ResourceNotFoundException.class, () -> client.startIncident(request));
        assertEquals("RESPONSE_PLAN", e.resourceTypeAsString());
        assertEquals(0, emulator.incidentManager().incidents().size());
    }

    @Test
    void registeredPlanProvidesTemplateDefaults() {
        // given a registered plan with its own title and impact
        String plan = "arn:aws:ssm-incidents::000000000000:response-plan/db-outage";
        emulator.incidentManager().registerResponsePlan(
                new IncidentManagerService.ResponsePlan(plan, "Database outage", 1, "db", "Primary down"));

        // when an incident is started without title or impact
        String arn = client.startIncident(r -> r.responsePlanArn(plan)).incidentRecordArn();
        IncidentRecord record = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();

        // then the template values apply
        assertEquals("Database outage", record.title());
        assertEquals(1, record.impact());
        assertEquals("db", record.dedupeString());
        assertEquals("Primary down", record.summary());
        assertEquals("aws.ssm-incidents.custom", record.incidentRecordSource().source());
    }

    @Test
    void sameClientTokenStartsOneIncident() {
        // given a StartIncident with a fixed client token
        var request = alarmIncident("API 5xx alarm").clientToken("alarm-1").build();

        // when sent twice, and once with another token
        String first = client.startIncident(request).incidentRecordArn();
        String second = client.startIncident(request).incidentRecordArn();
        String other = client.startIncident(request.toBuilder().clientToken("alarm-2").build()).incidentRecordArn();

        // then the retry answered the same incident
        assertEquals(first, second);
        assertNotEquals(first, other);
        assertEquals(2, emulator.incidentManager().incidents().size());
    }

    @Test
    void updateResolvesAndReopens() {
        // given an open incident
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();

        // when resolved with a new summary, then reopened
        client.updateIncidentRecord(
                r -> r.arn(arn).status(IncidentRecordStatus.RESOLVED).summary("Rolled back").impact(4));
        IncidentRecord resolved = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();
        client.updateIncidentRecord(r -> r.arn(arn).status(IncidentRecordStatus.OPEN).title("Back again"));
        IncidentRecord reopened = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();

        // then resolvedTime follows the status
        assertEquals(IncidentRecordStatus.RESOLVED, resolved.status());
        assertNotNull(resolved.resolvedTime());
        assertEquals("Rolled back", resolved.summary());
        assertEquals(4, resolved.impact());
        assertEquals(IncidentRecordStatus.OPEN, reopened.status());
        assertNull(reopened.resolvedTime());
        assertEquals("Back again", reopened.title());
    }

    @Test
    void javaApiResolvesAnIncident() {
        // given an open incident
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();

        // when a test resolves it
        emulator.incidentManager().resolveIncident(arn);

        // then the SDK sees it resolved
        IncidentRecord record = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();
        assertEquals(IncidentRecordStatus.RESOLVED, record.status());
        assertEquals(record.resolvedTime(), emulator.incidentManager().findIncident(arn).orElseThrow().resolvedTime());
    }

    @Test
    void javaApiSetsAnIncidentResolvedAndOpenAgain() {
        // given an open incident
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();

        // when a test resolves it, then reopens it
        emulator.incidentManager().setIncidentStatus(arn, "RESOLVED");
        IncidentRecord resolved = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();
        emulator.incidentManager().setIncidentStatus(arn, "OPEN");
        IncidentRecord reopened = client.getIncidentRecord(r -> r.arn(arn)).incidentRecord();

        // then the SDK sees each status, with a resolvedTime only while resolved
        assertEquals(IncidentRecordStatus.RESOLVED, resolved.status());
        assertNotNull(resolved.resolvedTime());
        assertEquals(IncidentRecordStatus.OPEN, reopened.status());
        assertNull(reopened.resolvedTime());
    }

    @Test
    void setIncidentStatusRefusesUnknownStatusesAndIncidents() {
        // given an open incident
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();

        // then a status Incident Manager does not have, or an unknown incident, is refused
        assertThrows(IllegalArgumentException.class, () -> emulator.incidentManager().setIncidentStatus(arn, "CLOSED"));
        assertThrows(IllegalArgumentException.class, () -> emulator.incidentManager().setIncidentStatus(arn, null));
        assertThrows(IllegalArgumentException.class,
                () -> emulator.incidentManager().setIncidentStatus(arn + "0", "RESOLVED"));
        assertEquals("OPEN", emulator.incidentManager().findIncident(arn).orElseThrow().status());
    }

    @Test
    void deletedIncidentAnswersResourceNotFound() {
        // given an incident started with a client token, that a test then deletes
        StartIncidentRequest request = alarmIncident("API 5xx alarm").clientToken("alarm-1").build();
        String arn = client.startIncident(request).incidentRecordArn();
        assertTrue(emulator.incidentManager().deleteIncident(arn));

        // when it is read through the SDK, then it is gone
        ResourceNotFoundException e =
                assertThrows(ResourceNotFoundException.class, () -> client.getIncidentRecord(r -> r.arn(arn)));
        assertEquals(404, e.statusCode());
        assertTrue(emulator.incidentManager().findIncident(arn).isEmpty());
        assertEquals(List.of(), client.listIncidentRecords(r -> {}).incidentRecordSummaries());
        assertFalse(emulator.incidentManager().deleteIncident(arn));

        // and its client token starts a new incident
        assertNotEquals(arn, client.startIncident(request).incidentRecordArn());
    }

    @Test
    void unknownIncidentAnswersResourceNotFound() {
        // given an incident ARN that does not exist
        String arn = "arn:aws:ssm-incidents::000000000000:incident-record/incident-response-demo/0000";

        // then reads, updates and timeline events fail with ResourceNotFoundException
        assertThrows(ResourceNotFoundException.class, () -> client.getIncidentRecord(r -> r.arn(arn)));
        assertThrows(ResourceNotFoundException.class, () -> client.updateIncidentRecord(r -> r.arn(arn).title("t")));
        assertThrows(ResourceNotFoundException.class, () -> client.createTimelineEvent(r -> r.incidentRecordArn(arn)
                .eventType("Custom Event").eventTime(Instant.now()).eventData("\"x\"")));
    }

    @Test
    void timelineEventsAreIdempotentAndListedByTime() {
        // given an incident
        String arn = client.startIncident(alarmIncident("API 5xx alarm").build()).incidentRecordArn();
        Instant t0 = Instant.parse("2025-03-01T12:00:00Z");

        // when two events are added out of order, one of them retried with the same token
        String later = client.createTimelineEvent(r -> r.incidentRecordArn(arn).clientToken("e-2")
                .eventType("Custom Event").eventTime(t0.plusSeconds(60)).eventData("\"second\"")
                .eventReferences(EventReference.fromResource(ALARM_ARN))).eventId();
        String retried = client.createTimelineEvent(r -> r.incidentRecordArn(arn).clientToken("e-2")
                .eventType("Custom Event").eventTime(t0.plusSeconds(60)).eventData("\"second\"")).eventId();
        client.createTimelineEvent(
                r -> r.incidentRecordArn(arn).eventType("Note").eventTime(t0).eventData("\"first\""));
        List<EventSummary> ascending = client.listTimelineEvents(r -> r.incidentRecordArn(arn)).eventSummaries();
        List<EventSummary> descending = client
                .listTimelineEvents(r -> r.incidentRecordArn(arn).sortOrder(SortOrder.DESCENDING))
                .eventSummaries();
        List<EventSummary> custom = client.listTimelineEvents(r -> r.incidentRecordArn(arn).filters(
                Filter.builder().key("eventType").condition(Condition.fromEqualsValue(
                        AttributeValueList.fromStringValues(List.of("Custom Event")))).build())).eventSummaries();

        // then there are two events, sorted by event time, and filters apply
        assertEquals(later, retried);
        assertEquals(List.of(t0, t0.plusSeconds(60)), ascending.stream().map(EventSummary::eventTime).toList());
        assertEquals(later, descending.get(0).eventId());
        assertEquals(List.of(later), custom.stream().map(EventSummary::eventId).toList());
        assertEquals(ALARM_ARN, ascending.get(1).eventReferences().get(0).resource());
        var events = emulator.incidentManager().timelineEvents(arn);
        assertEquals(2, events.size());
        assertEquals("\"second\"", events.get(0).eventData());
        assertEquals("e-2", events.get(0).clientToken());
    }

    @Test
    void listIncidentRecordsFiltersByStatus() {
        // given one open and one resolved incident
        String open = client.startIncident(alarmIncident("open").build()).incidentRecordArn();
        String resolved = client.startIncident(alarmIncident("resolved").build()).incidentRecordArn();
        emulator.incidentManager().resolveIncident(resolved);

        // when listed with and without a status filter
        var all = client.listIncidentRecords(r -> {}).incidentRecordSummaries();
        var openOnly = client.listIncidentRecords(r -> r.filters(Filter.builder().key("status")
                .condition(Condition.fromEqualsValue(AttributeValueList.fromStringValues(List.of("OPEN")))).build()))
                .incidentRecordSummaries();

        // then the filter keeps only the open one
        assertEquals(2, all.size());
        assertEquals(List.of(open), openOnly.stream().map(s -> s.arn()).toList());
        assertThrows(ValidationException.class, () -> client.listIncidentRecords(r -> r.filters(
                Filter.builder().key("color").condition(Condition.fromBefore(Instant.now())).build())));
    }

    @Test
    void validationUsesTheIncidentManagerErrorShape() {
        // given an impact outside 1..5
        var e = assertThrows(ValidationException.class,
                () -> client.startIncident(alarmIncident("x").impact(9).build()));

        // then the message names the member and the range
        assertEquals(400, e.statusCode());
        assertTrue(e.getMessage().contains("impact"), e.getMessage());
        assertTrue(e.getMessage().contains("less than or equal to 5"), e.getMessage());
    }

    @Test
    void unionWithTwoMembersIsRejected() throws Exception {
        // given a ListIncidentRecords filter condition with both before and after (a union allows one)
        String body = "{\"filters\":[{\"key\":\"creationTime\",\"condition\":{\"before\":1,\"after\":2}}]}";

        // when posted raw
        var response = SdkClients.raw(emulator.endpoint(), "ssm-incidents", "POST", "/listIncidentRecords", body);

        // then it is rejected naming the union
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("filters.0.condition"), response.body());
        assertTrue(response.body().contains("exactly one member"), response.body());
        assertTrue(!response.body().contains("fieldList"), "ssm-incidents' ValidationException has only a message");
    }

    @Test
    void serviceQualifiedFaultHitsOnlyThatService() {
        // given StartIncident throttled once in Incident Manager, and a rule for another service's operation
        emulator.faults().throttle("ssm-incidents:StartIncident", 1).fail("security-ir:StartIncident", 1, 500);

        // when started by a client with default retries
        client.startIncident(alarmIncident("x").build());

        // then the SDK retried through the throttle once, and the other rule never matched
        assertEquals(1, emulator.incidentManager().incidents().size());
        assertEquals(2, emulator.log().count("StartIncident"));
        assertEquals(429, emulator.log().calls().get(0).status());
        assertEquals("ThrottlingException", emulator.log().calls().get(0).errorType());
        assertEquals(1, emulator.faults().pending("security-ir:StartIncident"));
    }

    private static StartIncidentRequest.Builder alarmIncident(String title) {
        return StartIncidentRequest.builder()
                .responsePlanArn(DEMO_PLAN)
                .title(title)
                .impact(2)
                .triggerDetails(t -> t.source("aws.cloudwatch").timestamp(Instant.parse("2025-03-01T12:00:00Z"))
                        .triggerArn(ALARM_ARN).rawData("{\"alarm\":\"api-5xx\"}"));
    }
}
