package io.incidentresponse.shared.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.CaseOpened;
import io.incidentresponse.shared.signal.StatusChange;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event recorded in a ledger item's {@code announcement} until it is published: a
 * {@code Case Opened} ({@code {"detailType":"Case Opened","detail":{...}}}) or a
 * {@code Case Status Changed}, whose detail is stored bare (the form items recorded before
 * {@code Case Opened} existed still have).
 *
 * @param detail the event's detail as JSON
 */
public record PendingAnnouncement(String detailType, String detail) {
    private static final String DETAIL_TYPE = "detailType";
    private static final String DETAIL = "detail";

    public static String of(CaseOpened opened) {
        ObjectNode envelope = EventJson.MAPPER.createObjectNode();
        envelope.put(DETAIL_TYPE, CaseOpened.DETAIL_TYPE);
        envelope.set(DETAIL, EventJson.MAPPER.valueToTree(opened));
        return envelope.toString();
    }

    public static PendingAnnouncement read(String announcement) {
        try {
            JsonNode root = EventJson.MAPPER.readTree(announcement);
            if (root.path(DETAIL_TYPE).isTextual() && root.path(DETAIL).isObject()) {
                return new PendingAnnouncement(root.get(DETAIL_TYPE).asText(), root.get(DETAIL).toString());
            }
            return new PendingAnnouncement(StatusChange.DETAIL_TYPE, announcement);
        } catch (IOException e) {
            throw new UncheckedIOException("the ledger's pending announcement is not JSON", e);
        }
    }

    public boolean isStatusChange() {
        return StatusChange.DETAIL_TYPE.equals(detailType);
    }
}
