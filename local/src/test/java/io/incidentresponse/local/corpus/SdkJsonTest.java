package io.incidentresponse.local.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.emulator.ModelCheck;
import io.incidentresponse.shared.dryrun.SdkJson;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.incidents.IncidentRequests;
import io.incidentresponse.shared.securityir.CaseRequests;
import io.incidentresponse.shared.signal.CaseSettings;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Watcher;
import io.incidentresponse.shared.testing.SampleEvents;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.CreateCaseRequest;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;

/** The corpus test's JSON of a request is what the real SDK client puts on the wire for it. */
class SdkJsonTest {
    private static final URI NOWHERE = URI.create("http://checked.invalid");
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"));
    // Numbers compare by value: the wire has 1760433153.871 where the tree may hold a double.
    private static final Comparator<JsonNode> SAME = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @Test
    void aCreateCaseRequestIsWhatTheSecurityIrClientSends() {
        // given the request for a sample finding, with watchers and threat actors
        CreateCaseRequest request = CaseRequests.createCase(FindingSignals.fromEvent(SampleEvents.envelope(
                        SampleEvents.text("guardduty/iam-credential-exfiltration.json"), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE)),
                new CaseSettings(EngagementType.SECURITY_INCIDENT, ResolverType.AWS, List.of(new Watcher("soc@example.com", "SOC", null))),
                "token-1");
        CheckingHttpClient http = new CheckingHttpClient();

        // when the real client sends it
        try (SecurityIrClient client = SecurityIrClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(NOWHERE).build()) {
            client.createCase(request);
        }

        // then the emulator binds from the wire exactly what SdkJson makes of it
        assertSameAsTheWire(request, http.drain());
    }

    @Test
    void aStartIncidentRequestIsWhatTheIncidentManagerClientSends() {
        // given the request for a sample alarm, with its related items and raw event
        StartIncidentRequest request = IncidentRequests.startIncident(AlarmSignals.fromEvent(SampleEvents.envelope(
                        SampleEvents.text("alarm/05-latency-metric-math.json"), AlarmSignals.SOURCE, AlarmSignals.DETAIL_TYPE)).signal(),
                new IncidentSettings("arn:aws:ssm-incidents::123456789012:response-plan/ops", 3), "token-2");
        CheckingHttpClient http = new CheckingHttpClient();

        // when the real client sends it
        try (SsmIncidentsClient client = SsmIncidentsClient.builder().httpClient(http).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(NOWHERE).build()) {
            client.startIncident(request);
        }

        // then
        assertSameAsTheWire(request, http.drain());
    }

    private static void assertSameAsTheWire(SdkPojo request, List<ModelCheck.Checked> sent) {
        assertEquals(1, sent.size());
        assertEquals(List.of(), sent.get(0).violations());
        assertTrue(sent.get(0).input().equals(SAME, SdkJson.of(request)),
                "wire: " + sent.get(0).input() + "\nSdkJson: " + SdkJson.of(request));
    }
}
