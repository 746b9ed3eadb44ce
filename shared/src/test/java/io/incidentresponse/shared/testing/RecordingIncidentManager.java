package io.incidentresponse.shared.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.CreateTimelineEventRequest;
import software.amazon.awssdk.services.ssmincidents.model.CreateTimelineEventResponse;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentResponse;
import software.amazon.awssdk.services.ssmincidents.model.UpdateIncidentRecordRequest;
import software.amazon.awssdk.services.ssmincidents.model.UpdateIncidentRecordResponse;

/** The SDK's SsmIncidentsClient interface, recording every request and honouring client tokens. */
public final class RecordingIncidentManager implements SsmIncidentsClient {
    public final List<StartIncidentRequest> startRequests = new CopyOnWriteArrayList<>();
    public final List<CreateTimelineEventRequest> timelineRequests = new CopyOnWriteArrayList<>();
    public final List<UpdateIncidentRecordRequest> updateRequests = new CopyOnWriteArrayList<>();
    private final Map<String, String> incidentsByToken = new ConcurrentHashMap<>();
    private final Map<String, CreateTimelineEventRequest> timelineByToken = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public StartIncidentResponse startIncident(StartIncidentRequest request) {
        startRequests.add(request);
        String arn = incidentsByToken.computeIfAbsent(request.clientToken(),
                token -> "arn:aws:ssm-incidents::123456789012:incident-record/plan/" + next.getAndIncrement());
        return StartIncidentResponse.builder().incidentRecordArn(arn).build();
    }

    @Override
    public CreateTimelineEventResponse createTimelineEvent(CreateTimelineEventRequest request) {
        timelineRequests.add(request);
        timelineByToken.putIfAbsent(request.clientToken(), request);
        return CreateTimelineEventResponse.builder().eventId("e-" + timelineRequests.size()).incidentRecordArn(request.incidentRecordArn()).build();
    }

    @Override
    public UpdateIncidentRecordResponse updateIncidentRecord(UpdateIncidentRecordRequest request) {
        updateRequests.add(request);
        return UpdateIncidentRecordResponse.builder().build();
    }

    public int incidentsStarted() {
        return incidentsByToken.size();
    }

    /** Timeline events as the service keeps them: one per client token. */
    public List<CreateTimelineEventRequest> timelineEvents() {
        return List.copyOf(timelineByToken.values());
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
