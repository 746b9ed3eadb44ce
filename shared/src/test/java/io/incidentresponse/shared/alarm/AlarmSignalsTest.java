package io.incidentresponse.shared.alarm;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.signal.Detail;
import io.incidentresponse.shared.signal.Reference;
import io.incidentresponse.shared.signal.Signal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlarmSignalsTest {

    static AlarmSignal alarm(String json) {
        return AlarmSignals.fromEvent(envelope(json, AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE));
    }

    static List<String> details(Signal signal, String label) {
        return signal.details().stream().filter(d -> d.label().equals(label)).map(Detail::value).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"01-api-5xx-alarm", "02-api-5xx-alarm-again", "03-api-5xx-ok", "04-queue-insufficient-data",
            "05-latency-metric-math", "06-composite-service-health", "07-anomaly-detection", "08-root-login-security-alarm",
            "09-lambda-errors-partial"})
    void everySampleAlarmBecomesASignalKeyedByItsArn(String name) {
        // when
        AlarmSignal alarm = alarm(text("alarm/" + name + ".json"));

        // then
        assertTrue(alarm.signal().key().startsWith("alarm#arn:aws:cloudwatch:us-east-1:123456789012:alarm:"), alarm.signal().key());
        assertEquals("aws.cloudwatch", alarm.signal().source());
        assertFalse(alarm.signal().rated());
        assertEquals(alarm.stateTime(), alarm.signal().lastSeen());
        assertTrue(alarm.signal().rawEvent().contains("\"detail-type\""));
    }

    @Test
    void metricAlarmSaysWhatCrossedWithItsCloudWatchTimestamp() {
        // when
        AlarmSignal alarm = alarm(text("alarm/01-api-5xx-alarm.json"));

        // then
        assertEquals(AlarmState.ALARM, alarm.state());
        assertEquals(AlarmState.OK, alarm.previousState());
        assertEquals(Instant.parse("2026-10-14T09:12:33.871Z"), alarm.stateTime());
        assertTrue(alarm.signal().title().startsWith("prod-api-5xx-rate in ALARM: "), alarm.signal().title());
        assertTrue(alarm.signal().title().contains("threshold 25"), alarm.signal().title());
        assertTrue(details(alarm.signal(), "Metric").get(0).contains("AWS/ApplicationELB HTTPCode_Target_5XX_Count"));
        assertEquals(List.of("Elastic Load Balancing"), alarm.signal().impactedServices());
    }

    @Test
    void metricMathAlarmListsEveryQueryAndGraphsTheMetrics() {
        // when
        AlarmSignal alarm = alarm(text("alarm/05-latency-metric-math.json"));

        // then
        assertTrue(details(alarm.signal(), "Alarm").get(0).contains("metric math alarm"));
        assertEquals(3, details(alarm.signal(), "Metric").size());
        assertTrue(details(alarm.signal(), "Metric").stream().anyMatch(line -> line.contains("m1 / m2")));
        assertEquals(2, alarm.signal().references().stream().filter(r -> r.kind() == Reference.Kind.METRIC).count());
    }

    @Test
    void compositeAlarmCarriesItsRule() {
        // when
        AlarmSignal alarm = alarm(text("alarm/06-composite-service-health.json"));

        // then
        assertTrue(details(alarm.signal(), "Alarm").get(0).contains("composite alarm"));
        assertTrue(details(alarm.signal(), "Rule").get(0).contains("ALARM(\"prod-api-5xx-rate\")"), details(alarm.signal(), "Rule").toString());
        assertTrue(alarm.signal().title().contains("composite"), alarm.signal().title());
    }

    @Test
    void anomalyDetectionAlarmIsNamedAsSuch() {
        assertTrue(details(alarm(text("alarm/07-anomaly-detection.json")).signal(), "Alarm").get(0).contains("anomaly detection alarm"));
    }

    @Test
    void okAndInsufficientDataAreReadAsStates() {
        assertEquals(AlarmState.OK, alarm(text("alarm/03-api-5xx-ok.json")).state());
        assertEquals(AlarmState.INSUFFICIENT_DATA, alarm(text("alarm/04-queue-insufficient-data.json")).state());
    }

    @Test
    void alarmNameOf255CharactersIsKeptWhole() {
        // given
        String name = "a".repeat(255);
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> {
            ((ObjectNode) tree.get("detail")).put("alarmName", name);
            tree.putArray("resources").add("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name);
        });

        // when
        Signal signal = alarm(json).signal();

        // then
        assertEquals(name, signal.kind());
        assertTrue(signal.title().startsWith(name));
    }

    @Test
    void reasonLongerThanTheLimitsIsBounded() {
        // given
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> ((ObjectNode) tree.at("/detail/state")).put("reason", "R".repeat(20_000)));

        // when
        AlarmSignal alarm = alarm(json);

        // then
        assertEquals(1000, alarm.reason().length());
        assertTrue(details(alarm.signal(), "Reason").get(0).length() <= 1000);
    }

    @Test
    void alarmWithoutNameIsMalformedAndNamesTheEvent() {
        MalformedEventException error = assertThrows(MalformedEventException.class,
                () -> alarm(text("malformed/alarm-without-alarm-name.json")));
        assertEquals("2f8b4d17-c03e-96a5-e7d2-b45a08c1f369", error.eventId());
        assertTrue(error.getMessage().contains("detail.alarmName"), error.getMessage());
    }

    @Test
    void alarmWithUnknownStateIsMalformed() {
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> ((ObjectNode) tree.at("/detail/state")).put("value", "PANIC"));
        assertThrows(MalformedEventException.class, () -> alarm(json));
    }

    @Test
    void missingAlarmArnIsBuiltFromAccountRegionAndName() {
        // given
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> tree.putArray("resources"));

        // when
        Signal signal = alarm(json).signal();

        // then
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api-5xx-rate", signal.sourceId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/detail/alarmName", "/detail/state", "/detail/state/value"})
    void alarmWithoutAnEssentialMemberIsMalformedAndNamesIt(String pointer) {
        // given
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> remove(tree, pointer));

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> alarm(json));

        // then
        assertEquals("7e3b91d4-2c5a-0f86-d1e4-9a27c6b3f058", error.eventId());
        assertTrue(error.getMessage().contains(pointer.substring(1).replace('/', '.')), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/detail/alarmName", "/detail/state", "/detail/state/value"})
    void anEssentialMemberOfTheWrongTypeIsMalformedAndSaysWhy(String pointer) {
        // given the member replaced by an array
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> {
            int slash = pointer.lastIndexOf('/');
            ((ObjectNode) tree.at(pointer.substring(0, slash))).putArray(pointer.substring(slash + 1)).add("ALARM");
        });

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> alarm(json));

        // then
        assertTrue(error.getMessage().contains(pointer.substring(1).replace('/', '.')), error.getMessage());
        assertTrue(error.getMessage().contains("found an array"), error.getMessage());
    }

    @Test
    void alarmWithNeitherAnArnNorARegionIsMalformed() {
        // given
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> {
            tree.remove("resources");
            tree.remove("region");
        });

        // when
        MalformedEventException error = assertThrows(MalformedEventException.class, () -> alarm(json));

        // then
        assertTrue(error.getMessage().contains("has no valid region: neither an alarm ARN in the event's resources nor the event's region"),
                error.getMessage());
    }

    @Test
    void regionAndAccountComeFromTheAlarmArnWhenTheEventLacksThem() {
        // given
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> {
            tree.remove("region");
            tree.putObject("account").put("id", "123456789012");
        });

        // when
        Signal signal = alarm(json).signal();

        // then
        assertEquals("us-east-1", signal.region());
        assertEquals("123456789012", signal.account());
        assertEquals("alarm#arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api-5xx-rate", signal.key());
        assertEquals(List.of("The event's account could not be read: expected text, found an object"), signal.notes());
    }

    @Test
    void periodGivenAsTextIsReadAndDimensionsAsAnArrayAreSkippedAndNoted() {
        // given the period as a string and the dimensions in the API's list form
        String json = edited("alarm/01-api-5xx-alarm.json", tree -> {
            ObjectNode stat = (ObjectNode) tree.at("/detail/configuration/metrics/0/metricStat");
            stat.put("period", "60");
            ((ObjectNode) stat.get("metric")).putArray("dimensions").addObject().put("name", "LoadBalancer").put("value", "app/prod");
        });

        // when
        AlarmSignal alarm = alarm(json);

        // then
        String metric = details(alarm.signal(), "Metric").get(0);
        assertTrue(metric.endsWith("AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum over 60 s"), metric);
        assertEquals(List.of("detail.configuration.metrics[0].metricStat.metric.dimensions could not be read: "
                + "expected an object, found an array"), alarm.signal().notes());
    }

    private static void remove(ObjectNode tree, String pointer) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) tree.at(pointer.substring(0, slash))).remove(pointer.substring(slash + 1));
    }

    @Test
    void thePartialAlarmSampleIsAnIncidentWithTheMetricItCouldRead() {
        // when
        AlarmSignal alarm = alarm(text("alarm/09-lambda-errors-partial.json"));

        // then
        assertEquals(AlarmState.ALARM, alarm.state());
        assertEquals(null, alarm.previousState());
        assertEquals(Instant.parse("2026-10-14T11:03:29Z"), alarm.stateTime());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-payments-authorizer-errors", alarm.signal().sourceId());
        assertEquals("d81c6e2a-47f0-b93e-5a16-c2e09f7d4b38 = AWS/Lambda Errors Sum over 300 s", details(alarm.signal(), "Metric").get(0));
        assertEquals(List.of("AWS Lambda"), alarm.signal().impactedServices());
        assertEquals(List.of("detail.configuration.metrics[0].metricStat.metric.dimensions could not be read: "
                + "expected an object, found an array"), alarm.signal().notes());
    }
}
