package io.incidentresponse.shared.dryrun;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;

/** A dry run's logged request is read by people: timestamps as plain epoch seconds, as the SDK sends them. */
class SdkJsonTimestampTest {
    @Test
    void aWholeSecondIsWrittenAsBareEpochSeconds() {
        // given
        CreateCaseRequest request = CreateCaseRequest.builder().reportedIncidentStartDate(Instant.parse("2026-03-14T04:02:11Z")).build();

        // when
        String written = SdkJson.of(request).get("reportedIncidentStartDate").toString();

        // then
        assertEquals("1773460931", written);
    }

    @Test
    void millisecondsAreKeptWithoutAnExponent() {
        // given
        CreateCaseRequest request = CreateCaseRequest.builder().reportedIncidentStartDate(Instant.parse("2026-03-14T04:02:11.250Z")).build();

        // when
        String written = SdkJson.of(request).get("reportedIncidentStartDate").toString();

        // then
        assertEquals("1773460931.250", written);
    }
}
