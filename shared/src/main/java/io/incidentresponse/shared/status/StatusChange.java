package io.incidentresponse.shared.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.incidentresponse.shared.event.EventJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The detail of a {@code Case Status Changed} event: what the product tells the rest of the
 * organisation when a case or incident it tracks changes status.
 *
 * @param target SECURITY_IR or INCIDENT_MANAGER
 * @param externalId the case id or incident ARN
 * @param previousStatus null for a case whose first status was never recorded
 * @param closed true when tracking ends with this change (Closed, RESOLVED, NOT_FOUND)
 */
public record StatusChange(
        String signalKey,
        String target,
        String externalId,
        String title,
        String previousStatus,
        String status,
        String pendingAction,
        String closureCode,
        String closedAt,
        boolean closed,
        String changedAt,
        String consoleUrl) {

    public static final String SOURCE = "incident-response";
    public static final String DETAIL_TYPE = "Case Status Changed";

    public String toJson() {
        try {
            return EventJson.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a status change is always JSON", e);
        }
    }

    public static StatusChange fromJson(String json) {
        try {
            return EventJson.MAPPER.readValue(json, StatusChange.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
