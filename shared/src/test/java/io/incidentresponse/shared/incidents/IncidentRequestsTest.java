package io.incidentresponse.shared.incidents;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.text.SafeText;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssmincidents.model.ItemType;
import software.amazon.awssdk.services.ssmincidents.model.RelatedItem;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;

class IncidentRequestsTest {
    private static final IncidentSettings PLAN = new IncidentSettings("arn:aws:ssm-incidents::123456789012:response-plan/ops", 2);

    private static Signal alarm(String json) {
        return AlarmSignals.fromEvent(envelope(json, AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE)).signal();
    }

    private static List<ItemType> types(StartIncidentRequest request) {
        return request.relatedItems().stream().map(item -> item.identifier().type()).toList();
    }

    @Test
    void alarmMapsEveryMemberOfStartIncident() {
        // given
        Signal signal = alarm(text("alarm/01-api-5xx-alarm.json"));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(signal, PLAN, "token-1");

        // then
        assertEquals("token-1", request.clientToken());
        assertEquals(PLAN.responsePlanArn(), request.responsePlanArn());
        assertEquals(2, request.impact());
        assertTrue(request.title().startsWith("prod-api-5xx-rate in ALARM"), request.title());
        assertEquals("aws.cloudwatch", request.triggerDetails().source());
        assertEquals(signal.lastSeen(), request.triggerDetails().timestamp());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api-5xx-rate", request.triggerDetails().triggerArn());
        assertEquals("prod-api-5xx-rate", readTree(request.triggerDetails().rawData()).at("/detail/alarmName").asText());
        assertEquals(List.of(ItemType.OTHER, ItemType.INVOLVED_RESOURCE, ItemType.METRIC), types(request));
        RelatedItem metric = request.relatedItems().get(2);
        assertTrue(metric.identifier().value().metricDefinition().contains("HTTPCode_Target_5XX_Count"));
        assertTrue(request.relatedItems().get(0).identifier().value().url().contains("/cloudwatch/home?region=us-east-1#alarmsV2:alarm/prod-api-5xx-rate"));
    }

    @Test
    void titleIsBoundedTo200() {
        // given an alarm name of 255 characters
        String name = "n".repeat(255);
        Signal signal = alarm(edited("alarm/01-api-5xx-alarm.json", tree -> ((ObjectNode) tree.get("detail")).put("alarmName", name)));

        // when
        String title = IncidentRequests.startIncident(signal, PLAN, "t").title();

        // then
        assertEquals(200, SafeText.length(title));
        assertTrue(title.endsWith("…"));
    }

    @Test
    void moreThan100MetricsAreCappedAtTheRelatedItemLimit() {
        // given a metric math alarm with 120 metrics
        Signal signal = alarm(edited("alarm/05-latency-metric-math.json", tree -> {
            ArrayNode metrics = (ArrayNode) tree.at("/detail/configuration/metrics");
            ObjectNode template = (ObjectNode) metrics.get(1).deepCopy();
            for (int i = 0; i < 120; i++) {
                metrics.add(template.deepCopy().put("id", "x" + i));
            }
        }));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(signal, PLAN, "t");

        // then
        assertEquals(100, request.relatedItems().size());
        assertTrue(SafeText.length(request.triggerDetails().rawData()) <= 10_000);
        assertNotNull(readTree(request.triggerDetails().rawData()), "reduced raw data is still JSON");
    }

    @Test
    void reasonDataBeyond10000IsDroppedFromRawDataKeepingItJson() {
        // given
        Signal signal = alarm(edited("alarm/01-api-5xx-alarm.json",
                tree -> ((ObjectNode) tree.at("/detail/state")).put("reasonData", "{\"x\":\"" + "9".repeat(12_000) + "\"}")));

        // when
        String raw = IncidentRequests.startIncident(signal, PLAN, "t").triggerDetails().rawData();

        // then
        assertTrue(SafeText.length(raw) <= 10_000);
        assertEquals("prod-api-5xx-rate", readTree(raw).at("/detail/alarmName").asText());
    }

    @Test
    void compositeAlarmHasNoMetricItems() {
        StartIncidentRequest request = IncidentRequests.startIncident(alarm(text("alarm/06-composite-service-health.json")), PLAN, "t");
        assertEquals(List.of(ItemType.OTHER, ItemType.INVOLVED_RESOURCE), types(request));
    }

    @Test
    void guardDutyFindingMapsToAnIncidentTriggeredByTheFinding() {
        // given
        Signal signal = FindingSignals.fromEvent(envelope(text("guardduty/ec2-ssh-brute-force.json"), FindingSignals.SOURCE,
                FindingSignals.DETAIL_TYPE));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(signal, PLAN, "t");

        // then
        assertEquals("aws.guardduty", request.triggerDetails().source());
        assertTrue(request.triggerDetails().triggerArn().startsWith("arn:aws:guardduty:"));
        assertEquals(List.of(ItemType.OTHER, ItemType.INVOLVED_RESOURCE), types(request));
        assertTrue(SafeText.length(request.title()) <= 200);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return EventJson.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void findingWithoutAnArnHasNoTriggerArn() {
        // given
        Signal finding = FindingSignals.fromEvent(envelope(edited("guardduty/ec2-ssh-brute-force.json",
                tree -> ((ObjectNode) tree.get("detail")).remove("arn")), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(finding, PLAN, "token-1");

        // then the model's pattern would refuse the finding id, so none is sent
        assertNull(request.triggerDetails().triggerArn());
        assertEquals("aws.guardduty", request.triggerDetails().source());
    }
}
