package io.incidentresponse.shared.dryrun;

import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.CreateTimelineEventRequest;
import software.amazon.awssdk.services.ssmincidents.model.CreateTimelineEventResponse;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentResponse;
import software.amazon.awssdk.services.ssmincidents.model.UpdateIncidentRecordRequest;
import software.amazon.awssdk.services.ssmincidents.model.UpdateIncidentRecordResponse;

/**
 * Incident Manager as a dry run sees it: what the signal functions would send is recorded (and
 * logged) instead, and answered as the service would; nothing reaches the network.
 */
public final class DryRunIncidents implements SsmIncidentsClient {
    private final DryRunRequests requests;

    public DryRunIncidents(DryRunRequests requests) {
        this.requests = requests;
    }

    /** The same client token yields the same incident ARN; the ARN says it is a dry run's. */
    @Override
    public StartIncidentResponse startIncident(StartIncidentRequest request) {
        requests.record(SERVICE_NAME, "StartIncident", request);
        return StartIncidentResponse.builder()
                .incidentRecordArn("arn:aws:ssm-incidents::000000000000:incident-record/dry-run/" + DryRunIds.of(request.clientToken()))
                .build();
    }

    @Override
    public CreateTimelineEventResponse createTimelineEvent(CreateTimelineEventRequest request) {
        requests.record(SERVICE_NAME, "CreateTimelineEvent", request);
        return CreateTimelineEventResponse.builder().incidentRecordArn(request.incidentRecordArn())
                .eventId(DryRunIds.of(request.clientToken())).build();
    }

    @Override
    public UpdateIncidentRecordResponse updateIncidentRecord(UpdateIncidentRecordRequest request) {
        requests.record(SERVICE_NAME, "UpdateIncidentRecord", request);
        return UpdateIncidentRecordResponse.builder().build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
