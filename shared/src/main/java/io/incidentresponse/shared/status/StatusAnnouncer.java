package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.StatusChange;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes {@code Case Status Changed} events to an EventBridge bus. */
public final class StatusAnnouncer {

    private final Supplier<EventBridgeClient> client;
    private final String bus;

    public StatusAnnouncer(EventBridgeClient client, String bus) {
        this(() -> client, bus);
    }

    /** With the client built on the first announcement (a poll run that changes nothing never builds it). */
    public StatusAnnouncer(Supplier<EventBridgeClient> client, String bus) {
        this.client = client;
        this.bus = bus;
    }

    /** Throws when the bus did not take the event, so the announcement stays pending and is retried. */
    public void announce(StatusChange change, String resourceArn) {
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(bus).source(StatusChange.SOURCE).detailType(StatusChange.DETAIL_TYPE).detail(EventJson.write(change));
        if (resourceArn != null) {
            entry.resources(resourceArn);
        }
        PutEventsResponse response = client.get().putEvents(r -> r.entries(List.of(entry.build())));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
            throw new IllegalStateException("EventBridge did not take the status change of " + change.externalId() + ": "
                    + (result == null ? "no entry" : result.errorCode() + " " + result.errorMessage()));
        }
    }
}
