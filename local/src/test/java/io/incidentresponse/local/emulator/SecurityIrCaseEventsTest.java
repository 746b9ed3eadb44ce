package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.ResourceNotFoundException;
import software.amazon.awssdk.services.securityir.model.SelfManagedCaseStatus;

class SecurityIrCaseEventsTest extends EmulatorFixture<SecurityIrClient> {
    SecurityIrCaseEventsTest() {
        super(SdkClients::securityIr);
    }

    @Test
    void creatingACaseRecordsCaseCreatedInTheEventBridgeEnvelope() {
        // given no events yet
        assertEquals(List.of(), emulator.securityIr().caseEvents());

        // when a case is created
        Instant before = Instant.now().minusSeconds(1);
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // then one Case Created event is recorded, shaped as AWS sends it to EventBridge
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(1, events.size());
        JsonNode event = events.get(0);
        String caseArn = emulator.securityIr().findCase(caseId).orElseThrow().caseArn();
        assertEquals("0", event.path("version").asText());
        UUID.fromString(event.path("id").asText());
        assertEquals("Case Created", event.path("detail-type").asText());
        assertEquals("aws.security-ir", event.path("source").asText());
        assertEquals(Emulator.ACCOUNT_ID, event.path("account").asText());
        assertEquals("us-east-1", event.path("region").asText());
        assertTrue(event.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                event.path("time").asText());
        Instant time = Instant.parse(event.path("time").asText());
        assertFalse(time.isBefore(before.truncatedTo(ChronoUnit.SECONDS)));
        assertFalse(time.isAfter(Instant.now()));
        assertEquals(1, event.path("resources").size());
        assertEquals(caseArn, event.path("resources").get(0).asText());
        assertEquals(caseId, event.path("detail").path("caseId").asText());
        assertEquals(Emulator.CALLER_ARN, event.path("detail").path("updatedBy").asText());
        assertEquals("Submitted", event.path("detail").path("caseStatus").asText());
    }

    @Test
    void retryingCreateCaseWithTheSameClientTokenRecordsNoSecondEvent() {
        // given a case created with a client token
        var request = SecurityIrRequests.validCase().clientToken("finding-1").build();
        client.createCase(request);

        // when the same request is retried
        client.createCase(request);

        // then only the first created a case, and only it was announced
        assertEquals(List.of("Case Created"), detailTypes(emulator.securityIr().caseEvents()));
    }

    @Test
    void updateCaseStatusRecordsCaseUpdatedWithTheCaseIdAndNewStatus() {
        // given a case, its creation event already consumed
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        emulator.securityIr().drainCaseEvents();

        // when its status moves over the API
        client.updateCaseStatus(r -> r.caseId(caseId).caseStatus(SelfManagedCaseStatus.DETECTION_AND_ANALYSIS));

        // then Case Updated is recorded for that case, by the caller
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(List.of("Case Updated"), detailTypes(events));
        JsonNode detail = events.get(0).path("detail");
        assertEquals(caseId, detail.path("caseId").asText());
        assertEquals(Emulator.CALLER_ARN, detail.path("updatedBy").asText());
        assertEquals("Detection and Analysis", detail.path("caseStatus").asText());
    }

    @Test
    void updateCaseRecordsCaseUpdated() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when its title changes
        client.updateCase(r -> r.caseId(caseId).title("Renamed"));

        // then Case Updated follows Case Created
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(List.of("Case Created", "Case Updated"), detailTypes(events));
        assertEquals(caseId, events.get(1).path("detail").path("caseId").asText());
    }

    @Test
    void closeCaseRecordsCaseClosedOnceEvenIfRepeated() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when it is closed over the API, twice
        client.closeCase(r -> r.caseId(caseId));
        client.closeCase(r -> r.caseId(caseId));

        // then Case Closed is recorded once, with the closed status
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(List.of("Case Created", "Case Closed"), detailTypes(events));
        JsonNode detail = events.get(1).path("detail");
        assertEquals(caseId, detail.path("caseId").asText());
        assertEquals("Closed", detail.path("caseStatus").asText());
        assertEquals(Emulator.CALLER_ARN, detail.path("updatedBy").asText());
        assertFalse(detail.has("closureCode"));
    }

    @Test
    void addingACommentRecordsCaseCommentAddedWithTheCommentId() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when a comment is added, then retried with the same token
        String commentId = client.createCaseComment(r -> r.caseId(caseId).body("note").clientToken("c-1")).commentId();
        client.createCaseComment(r -> r.caseId(caseId).body("note").clientToken("c-1"));

        // then one Case Comment Added names the case and the comment
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(List.of("Case Created", "Case Comment Added"), detailTypes(events));
        assertEquals(caseId, events.get(1).path("detail").path("caseId").asText());
        assertEquals(commentId, events.get(1).path("detail").path("commentId").asText());
    }

    @Test
    void testHooksRecordEventsAsAnAwsResponder() {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        emulator.securityIr().drainCaseEvents();

        // when a test acknowledges it, asks the customer, closes it, then sets a closure code
        emulator.securityIr().setCaseStatus(caseId, "Acknowledged");
        emulator.securityIr().setPendingAction(caseId, "Customer");
        emulator.securityIr().setCaseStatus(caseId, "Closed");
        emulator.securityIr().closeCase(caseId, "False Positive");

        // then each change is recorded, by the AWS responder
        List<JsonNode> events = emulator.securityIr().caseEvents();
        assertEquals(List.of("Case Updated", "Case Updated", "Case Closed", "Case Updated"), detailTypes(events));
        for (JsonNode event : events) {
            assertEquals(caseId, event.path("detail").path("caseId").asText());
            assertEquals(SecurityIrService.AWS_RESPONDER, event.path("detail").path("updatedBy").asText());
        }
        assertEquals("Acknowledged", events.get(0).path("detail").path("caseStatus").asText());
        assertEquals("Closed", events.get(2).path("detail").path("caseStatus").asText());
        assertEquals("False Positive", events.get(3).path("detail").path("closureCode").asText());
    }

    @Test
    void closeCaseHookRecordsCaseClosedWithItsClosureCode() {
        // given an open case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when a test closes it as a false positive, then repeats the same close
        emulator.securityIr().closeCase(caseId, "False Positive");
        emulator.securityIr().closeCase(caseId, "False Positive");

        // then one Case Closed carries the closure code
        List<JsonNode> events = emulator.securityIr().drainCaseEvents();
        assertEquals(List.of("Case Created", "Case Closed"), detailTypes(events));
        assertEquals("False Positive", events.get(1).path("detail").path("closureCode").asText());
    }

    @Test
    void setPendingActionMovesLastUpdatedDate() throws Exception {
        // given a case
        String caseId = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        Instant created = client.getCase(r -> r.caseId(caseId)).lastUpdatedDate();
        Thread.sleep(5);

        // when AWS asks the customer for something
        emulator.securityIr().setPendingAction(caseId, "Customer");

        // then a poller comparing lastUpdatedDate sees the change the event announced
        assertTrue(client.getCase(r -> r.caseId(caseId)).lastUpdatedDate().isAfter(created));
    }

    @Test
    void drainCaseEventsReturnsThemInOrderAndEmptiesTheList() {
        // given two cases
        String first = client.createCase(SecurityIrRequests.validCase().build()).caseId();
        String second = client.createCase(SecurityIrRequests.validCase().build()).caseId();

        // when drained twice
        List<JsonNode> drained = emulator.securityIr().drainCaseEvents();
        List<JsonNode> again = emulator.securityIr().drainCaseEvents();

        // then the first drain has both, in order, with distinct ids, and nothing remains
        assertEquals(List.of(first, second),
                drained.stream().map(e -> e.path("detail").path("caseId").asText()).toList());
        assertNotEquals(drained.get(0).path("id").asText(), drained.get(1).path("id").asText());
        assertEquals(List.of(), again);
        assertEquals(List.of(), emulator.securityIr().caseEvents());
    }

    @Test
    void caseEventsAreSnapshotsThatCallersCannotChange() {
        // given a recorded event
        client.createCase(SecurityIrRequests.validCase().build());

        // when a caller edits what caseEvents answered
        ((ObjectNode) emulator.securityIr().caseEvents().get(0))
                .put("detail-type", "Edited");

        // then the recorded event is unchanged
        assertEquals("Case Created", emulator.securityIr().caseEvents().get(0).path("detail-type").asText());
    }

    @Test
    void resetClearsCaseEvents() {
        // given recorded events
        client.createCase(SecurityIrRequests.validCase().build());
        assertEquals(1, emulator.securityIr().caseEvents().size());

        // when the emulator is reset
        emulator.reset();

        // then none remain
        assertEquals(List.of(), emulator.securityIr().caseEvents());
        assertEquals(List.of(), emulator.securityIr().drainCaseEvents());
    }

    @Test
    void failedCallsRecordNoEvents() {
        // given CreateCase failing once with a 500, and a case id that does not exist
        emulator.faults().fail("CreateCase", 1, 500);

        // when the SDK retries CreateCase through the fault, and UpdateCaseStatus names the missing case
        client.createCase(SecurityIrRequests.validCase().build());
        assertThrows(ResourceNotFoundException.class, () -> client.updateCaseStatus(
                r -> r.caseId("9999999999").caseStatus(SelfManagedCaseStatus.SUBMITTED)));

        // then only the case actually created was announced
        assertEquals(2, emulator.log().count("CreateCase"));
        assertEquals(List.of("Case Created"), detailTypes(emulator.securityIr().caseEvents()));
    }

    private static List<String> detailTypes(List<JsonNode> events) {
        return events.stream().map(e -> e.path("detail-type").asText()).toList();
    }
}
