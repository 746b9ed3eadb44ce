package io.incidentresponse.shared.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLogTest {
    private enum Colour { RED }

    @Test
    void everyFieldIsWrittenTimesAndEnumsAsText() {
        // given
        List<String> lines = new ArrayList<>();
        JsonLog log = new JsonLog(lines::add);

        // when
        log.info("alarm changed", "at", Instant.parse("2026-10-14T09:12:33.871Z"), "colour", Colour.RED, "count", 3,
                "resolved", true, "missing", null, "text", "a \"quoted\"\nline");

        // then
        assertEquals("{\"level\":\"INFO\",\"message\":\"alarm changed\",\"at\":\"2026-10-14T09:12:33.871Z\",\"colour\":\"RED\","
                + "\"count\":3,\"resolved\":true,\"text\":\"a \\\"quoted\\\"\\nline\"}", lines.get(0));
    }
}
