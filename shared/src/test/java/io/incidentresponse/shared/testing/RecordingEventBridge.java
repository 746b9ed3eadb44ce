package io.incidentresponse.shared.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** The SDK's EventBridgeClient interface, recording every entry put; can be told to refuse them. */
public final class RecordingEventBridge implements EventBridgeClient {
    public final List<PutEventsRequestEntry> entries = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;

    @Override
    public PutEventsResponse putEvents(PutEventsRequest request) {
        if (refuse) {
            return PutEventsResponse.builder().failedEntryCount(request.entries().size())
                    .entries(PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("refused").build()).build();
        }
        entries.addAll(request.entries());
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("e-" + entries.size()).build()).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }
}
