package io.incidentresponse.shared.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollScheduleTest {
    private static final Instant NOW = Instant.parse("2026-10-20T12:00:00Z");

    @ParameterizedTest
    @CsvSource({"0, 5", "59, 5", "60, 15", "359, 15", "360, 60", "1439, 60", "1440, 360", "100000, 360"})
    void quietCasesArePolledLessOften(long minutesUnchanged, long minutesToNextPoll) {
        // given a five-minute schedule and a case unchanged for a while
        PollSchedule schedule = new PollSchedule(Duration.ofMinutes(5));

        // when
        Instant next = schedule.next(NOW, NOW.minus(Duration.ofMinutes(minutesUnchanged)));

        // then
        assertEquals(NOW.plus(Duration.ofMinutes(minutesToNextPoll)), next);
    }
}
