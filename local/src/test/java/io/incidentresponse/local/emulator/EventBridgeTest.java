package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

class EventBridgeTest extends EmulatorFixture<EventBridgeClient> {
    EventBridgeTest() {
        super(SdkClients::eventBridgeWithoutRetries);
    }

    @Test
    void putEventsRecordsEveryEntry() {
        // given two entries, one on a custom bus with resources and a time
        Instant time = Instant.parse("2025-03-01T12:00:00Z");
        PutEventsRequestEntry first = entry("{\"caseId\":\"1000000001\"}").eventBusName("incidents")
                .resources("arn:aws:security-ir:us-east-1:000000000000:case/1000000001").time(time).build();
        PutEventsRequestEntry second = entry("{\"n\":2}").build();

        // when published
        PutEventsResponse response = client.putEvents(r -> r.entries(first, second));

        // then both are recorded with everything the entry carried
        assertEquals(0, response.failedEntryCount());
        assertEquals(2, response.entries().size());
        var events = emulator.eventBridge().publishedEvents();
        assertEquals(response.entries().get(0).eventId(), events.get(0).eventId());
        assertEquals("incident-response", events.get(0).source());
        assertEquals("Case Created", events.get(0).detailType());
        assertEquals("{\"caseId\":\"1000000001\"}", events.get(0).detail());
        assertEquals("incidents", events.get(0).eventBusName());
        assertEquals(List.of("arn:aws:security-ir:us-east-1:000000000000:case/1000000001"), events.get(0).resources());
        assertEquals(time, events.get(0).time());
        assertEquals("default", events.get(1).eventBusName());
        assertNull(events.get(1).time());
        assertEquals(1, emulator.log().count("PutEvents"));
    }

    @Test
    void entryWithoutSourceOrWithBadDetailFailsAlone() {
        // given a good entry, one without Source and one whose Detail is not JSON
        var good = entry("{}").build();
        var noSource = entry("{}").source(null).build();
        var badDetail = entry("not json").build();

        // when published together
        PutEventsResponse response = client.putEvents(r -> r.entries(good, noSource, badDetail));

        // then only the good one is recorded and the others report their error codes
        assertEquals(2, response.failedEntryCount());
        assertTrue(response.entries().get(0).eventId() != null);
        assertEquals("InvalidArgument", response.entries().get(1).errorCode());
        assertEquals("MalformedDetail", response.entries().get(2).errorCode());
        assertEquals(1, emulator.eventBridge().publishedEvents().size());
        assertEquals(2, emulator.log().rejections().size());
    }

    @Test
    void elevenEntriesAreAValidationException() {
        // given 11 entries where at most 10 are allowed
        List<PutEventsRequestEntry> entries = IntStream.range(0, 11).mapToObj(i -> entry("{}").build()).toList();

        // when published, then the whole request is rejected
        EventBridgeException e =
                assertThrows(EventBridgeException.class, () -> client.putEvents(r -> r.entries(entries)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertEquals(0, emulator.eventBridge().publishedEvents().size());
    }

    @Test
    void throttledPutEventsIsSeenByTheSdk() {
        // given PutEvents throttled once
        emulator.faults().throttle("PutEvents", 1);

        // when published without retries, then the SDK sees a throttling error and nothing is recorded
        EventBridgeException e = assertThrows(EventBridgeException.class,
                () -> client.putEvents(r -> r.entries(entry("{}").build())));
        assertEquals("ThrottlingException", e.awsErrorDetails().errorCode());
        assertTrue(e.isThrottlingException());
        assertEquals(0, emulator.eventBridge().publishedEvents().size());
    }

    @Test
    void otherEventBridgeOperationsAreUnknown() {
        // given an operation the stand-in does not implement, when called, then 404 UnknownOperationException
        EventBridgeException e = assertThrows(EventBridgeException.class, () -> client.listRules(r -> {}));
        assertEquals(404, e.statusCode());
        assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
    }

    private static PutEventsRequestEntry.Builder entry(String detail) {
        return PutEventsRequestEntry.builder().source("incident-response").detailType("Case Created").detail(detail);
    }
}
