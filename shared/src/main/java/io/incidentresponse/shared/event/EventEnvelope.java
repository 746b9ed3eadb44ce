package io.incidentresponse.shared.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The EventBridge envelope every event arrives in; {@code detail} is parsed by the source's model. */
public record EventEnvelope(
        String version,
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        String time,
        String region,
        List<String> resources,
        JsonNode detail) {

    public List<String> resources() {
        return resources == null ? List.of() : resources;
    }
}
