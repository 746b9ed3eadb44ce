package io.incidentresponse.shared.status;

import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.ledger.PendingAnnouncement;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.StatusChange;
import io.incidentresponse.shared.signal.Target;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Publishes the product's events to an EventBridge bus: {@code Case Opened} (the signal functions)
 * and {@code Case Status Changed} (the poller), both with source {@link StatusChange#SOURCE}.
 */
public final class StatusAnnouncer implements OpeningAnnouncer {

    private final Supplier<EventBridgeClient> client;
    private final String bus;

    public StatusAnnouncer(EventBridgeClient client, String bus) {
        this(() -> client, bus);
    }

    /**
     * @param client asked on every publish; the composition roots pass an {@code OnFirstUse}, so the
     *               client is built on the first publish, once: a container that never opens a case
     *               or sees a change never pays for the EventBridge client's start-up
     */
    public StatusAnnouncer(Supplier<EventBridgeClient> client, String bus) {
        this.client = client;
        this.bus = bus;
    }

    /** Throws when the bus did not take the event, so the announcement stays pending and is retried. */
    public void announce(StatusChange change, String resourceArn) {
        publish(StatusChange.DETAIL_TYPE, EventJson.write(change), resourceArn, change.externalId());
    }

    @Override
    public void announce(CaseOpened opened) {
        publish(CaseOpened.DETAIL_TYPE, EventJson.write(opened), resourceArn(opened.target(), opened.externalId()), opened.externalId());
    }

    /** An announcement the ledger kept pending, as it was recorded. */
    public void announce(PendingAnnouncement pending, String resourceArn, String externalId) {
        publish(pending.detailType(), pending.detail(), resourceArn, externalId);
    }

    /** An incident's ARN is the event's resource; a case id is no ARN. */
    static String resourceArn(String target, String externalId) {
        return Target.INCIDENT_MANAGER.name().equals(target) ? externalId : null;
    }

    private void publish(String detailType, String detail, String resourceArn, String externalId) {
        PutEventsRequestEntry.Builder entry = PutEventsRequestEntry.builder()
                .eventBusName(bus).source(StatusChange.SOURCE).detailType(detailType).detail(detail);
        if (resourceArn != null) {
            entry.resources(resourceArn);
        }
        PutEventsResponse response = client.get().putEvents(r -> r.entries(List.of(entry.build())));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry result = response.entries().isEmpty() ? null : response.entries().get(0);
            throw new IllegalStateException("EventBridge did not take the " + detailType + " event of " + externalId + ": "
                    + (result == null ? "no entry" : result.errorCode() + " " + result.errorMessage()));
        }
    }
}
