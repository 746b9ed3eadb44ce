package io.incidentresponse.functions.poller;

import static io.incidentresponse.shared.testing.SampleEvents.stream;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.signal.ExternalStatus;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.CaseEvents;
import io.incidentresponse.shared.status.CasePoller;
import io.incidentresponse.shared.status.PollSchedule;
import io.incidentresponse.shared.status.PollerRequests;
import io.incidentresponse.shared.status.StatusAnnouncer;
import io.incidentresponse.shared.status.StatusUpdates;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingEventBridge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CasePollerHandlerTest {
    private final InMemoryLedger ledger = new InMemoryLedger();
    private final List<String> fetched = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-20T12:00:00Z"));

    private CasePollerHandler handler() {
        StatusUpdates updates = new StatusUpdates(ledger, Map.of(Target.SECURITY_IR, id -> {
            fetched.add(id);
            return new ExternalStatus("Submitted", null, null, null, false, false);
        }), new StatusAnnouncer(new RecordingEventBridge(), "default"), new PollSchedule(Duration.ofMinutes(5)), Duration.ofDays(365),
                Duration.ofMinutes(2), "us-east-1", "us-east-1", clock, JsonLog.discard());
        return new CasePollerHandler(new PollerRequests(new CasePoller(ledger, updates, 2, Duration.ofSeconds(10), clock, JsonLog.discard()),
                new CaseEvents(ledger, updates), JsonLog.discard()));
    }

    private JsonNode invoke(String json) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler().handleRequest(stream(json), out, null);
        return EventJson.MAPPER.readTree(out.toByteArray());
    }

    @Test
    void scheduledEventRunsAPollAndAnswersWithItsReport() throws IOException {
        // when
        JsonNode report = invoke(text("schedule/scheduled-poll.json"));

        // then
        assertEquals(0, report.get("itemsRead").asInt());
        assertEquals(false, report.get("stoppedEarly").asBoolean());
    }

    @Test
    void securityIrCaseEventForAnUnknownCaseIsIgnoredSayingSo() throws IOException {
        // when
        JsonNode handled = invoke(text("security-ir/case-updated.json"));

        // then
        assertEquals("1000000001", handled.get("caseId").asText());
        assertTrue(handled.get("result").asText().startsWith("ignored"), handled.toString());
        assertTrue(fetched.isEmpty());
    }

    @Test
    void securityIrEventWithoutCaseIdIsRejectedNamingTheEvent() {
        String json = text("security-ir/case-updated.json").replace("\"caseId\": \"1000000001\",", "");
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> invoke(json));
        assertTrue(error.getMessage().startsWith("event 6b1f0d3e-8c2a-4f7b-a9e5-1c3d5f7a9b2e: "), error.getMessage());
    }
}
