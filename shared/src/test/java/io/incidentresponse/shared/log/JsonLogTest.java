package io.incidentresponse.shared.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.event.EventJson;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private enum Colour { RED }

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-14T09:12:34.567891Z"), ZoneOffset.UTC);

    @Test
    void everyFieldIsWrittenTimesAndEnumsAsText() {
        // given
        List<String> lines = new ArrayList<>();
        JsonLog log = new JsonLog(lines::add, CLOCK, null);

        // when
        log.info("alarm changed", "at", Instant.parse("2026-10-14T09:12:33.871Z"), "colour", Colour.RED, "count", 3,
                "resolved", true, "missing", null, "text", "a \"quoted\"\nline");

        // then
        assertEquals("{\"timestamp\":\"2026-10-14T09:12:34.567Z\",\"level\":\"INFO\",\"message\":\"alarm changed\","
                + "\"at\":\"2026-10-14T09:12:33.871Z\",\"colour\":\"RED\","
                + "\"count\":3,\"resolved\":true,\"text\":\"a \\\"quoted\\\"\\nline\"}", lines.get(0));
    }

    @Test
    void everyLineOfAnInvocationCarriesItsRequestIdFunctionEventAndSignal() throws Exception {
        // given
        List<String> lines = new ArrayList<>();
        JsonLog log = new JsonLog(lines::add, CLOCK, "stack-GuardDutyFindingFunction-1A2B");

        // when
        log.beginInvocation("8f5d1c9e-0b7a-4c5e-9f1d-2a3b4c5d6e7f");
        log.withInvocationField("eventId", "e-1");
        log.withInvocationField("signalKey", "guardduty#123456789012#us-east-1#abc");
        log.warn("took over a stale claim", "episode", 2);
        log.endInvocation();
        log.info("between invocations");

        // then
        JsonNode line = EventJson.MAPPER.readTree(lines.get(0));
        assertEquals("2026-10-14T09:12:34.567Z", line.get("timestamp").asText());
        assertEquals("WARN", line.get("level").asText());
        assertEquals("8f5d1c9e-0b7a-4c5e-9f1d-2a3b4c5d6e7f", line.get("requestId").asText());
        assertEquals("stack-GuardDutyFindingFunction-1A2B", line.get("function").asText());
        assertEquals("e-1", line.get("eventId").asText());
        assertEquals("guardduty#123456789012#us-east-1#abc", line.get("signalKey").asText());
        assertEquals(2, line.get("episode").asInt());
        JsonNode after = EventJson.MAPPER.readTree(lines.get(1));
        assertFalse(after.has("requestId"));
        assertFalse(after.has("eventId"));
        assertEquals("stack-GuardDutyFindingFunction-1A2B", after.get("function").asText());
    }

    @Test
    void aLineNamingItsOwnEventIdKeepsItWhereTheInvocationsWouldBe() throws Exception {
        // given
        List<String> lines = new ArrayList<>();
        JsonLog log = new JsonLog(lines::add, CLOCK, null);
        log.beginInvocation("r-1");
        log.withInvocationField("eventId", "e-1");

        // when
        log.error("rejected malformed event", "eventId", "e-2", "problem", "no detail");

        // then
        assertEquals("{\"timestamp\":\"2026-10-14T09:12:34.567Z\",\"level\":\"ERROR\",\"message\":\"rejected malformed event\","
                + "\"requestId\":\"r-1\",\"eventId\":\"e-2\",\"problem\":\"no detail\"}", lines.get(0));
    }
}
