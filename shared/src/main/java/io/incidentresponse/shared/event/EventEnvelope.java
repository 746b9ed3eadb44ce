package io.incidentresponse.shared.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The EventBridge envelope every event arrives in; {@code detail} is read by the source's model.
 *
 * @param notes what reading the envelope tolerated (no source, a derived id, an unreadable member),
 *              for the case's notes; not part of the event, so never written with it
 */
public record EventEnvelope(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        JsonNode detail,
        @JsonIgnore List<String> notes) {

    public List<String> resources() {
        return resources == null ? List.of() : resources;
    }

    @Override
    @JsonIgnore
    public List<String> notes() {
        return notes == null ? List.of() : notes;
    }
}
