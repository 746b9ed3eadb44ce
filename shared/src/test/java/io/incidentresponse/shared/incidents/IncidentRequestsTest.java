package io.incidentresponse.shared.incidents;

import static io.incidentresponse.shared.testing.SampleEvents.edited;
import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.routing.IncidentSettings;
import io.incidentresponse.shared.signal.Signal;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;

class IncidentRequestsTest {
    private static final IncidentSettings SETTINGS =
            new IncidentSettings("arn:aws:ssm-incidents::123456789012:response-plan/triage", 2);
    private static final String SSH = "guardduty/ec2-ssh-brute-force.json";

    private static Signal finding(String json) {
        return FindingSignals.fromEvent(envelope(json, FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    @Test
    void alarmIncidentIsTriggeredByTheAlarmArn() {
        // given
        Signal alarm = AlarmSignals.fromEvent(envelope(text("alarm/01-api-5xx-alarm.json"), AlarmSignals.SOURCE,
                AlarmSignals.DETAIL_TYPE)).signal();

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(alarm, SETTINGS, "token-1");

        // then
        assertEquals("aws.cloudwatch", request.triggerDetails().source());
        assertEquals("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-api-5xx-rate", request.triggerDetails().triggerArn());
    }

    @Test
    void findingRoutedToIncidentManagerIsTriggeredByTheFindingArnNotItsId() {
        // given a finding, whose own id is not an ARN
        Signal finding = finding(text(SSH));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(finding, SETTINGS, "token-1");

        // then
        assertEquals("aws.guardduty", request.triggerDetails().source());
        assertEquals("arn:aws:guardduty:us-east-1:123456789012:detector/d04ad45f8d342e220f55255275b7784a/finding/"
                + "1f2bac3473f376bafe35b67eba3f2b0c", request.triggerDetails().triggerArn());
        assertEquals(2, request.impact());
    }

    @Test
    void findingWithoutAnArnHasNoTriggerArn() {
        // given
        Signal finding = finding(edited(SSH, tree -> ((ObjectNode) tree.get("detail")).remove("arn")));

        // when
        StartIncidentRequest request = IncidentRequests.startIncident(finding, SETTINGS, "token-1");

        // then the model's pattern would refuse the finding id, so none is sent
        assertNull(request.triggerDetails().triggerArn());
        assertEquals("aws.guardduty", request.triggerDetails().source());
    }
}
