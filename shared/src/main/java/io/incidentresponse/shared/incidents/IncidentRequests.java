package io.incidentresponse.shared.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.IncidentSettings;
import io.incidentresponse.shared.signal.Reference;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.text.SafeText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ssmincidents.model.ItemIdentifier;
import software.amazon.awssdk.services.ssmincidents.model.ItemType;
import software.amazon.awssdk.services.ssmincidents.model.ItemValue;
import software.amazon.awssdk.services.ssmincidents.model.RelatedItem;
import software.amazon.awssdk.services.ssmincidents.model.StartIncidentRequest;
import software.amazon.awssdk.services.ssmincidents.model.TriggerDetails;

/**
 * Builds the StartIncident request for a signal, every member within the service model: a title
 * of at most 200 characters, the event as trigger raw data (reduced, then cut, to 10,000), and the
 * alarm, its console page and each of its metrics as related items (at most 100).
 */
public final class IncidentRequests {
    private static final Pattern ARN = Pattern.compile(IncidentLimits.ARN_PATTERN);

    private IncidentRequests() {
    }

    public static StartIncidentRequest startIncident(Signal signal, IncidentSettings settings, String clientToken) {
        TriggerDetails.Builder trigger = TriggerDetails.builder()
                .source(SafeText.truncate(signal.source(), IncidentLimits.TRIGGER_SOURCE_MAX, ""))
                .timestamp(signal.lastSeen())
                .rawData(rawData(signal.rawEvent()));
        triggerArn(signal).ifPresent(trigger::triggerArn);
        return StartIncidentRequest.builder()
                .clientToken(clientToken)
                .responsePlanArn(settings.responsePlanArn())
                .impact(settings.impact())
                .title(SafeText.truncate(SafeText.clean(signal.title()), IncidentLimits.TITLE_MAX, "…"))
                .triggerDetails(trigger.build())
                .relatedItems(relatedItems(signal.references()))
                .build();
    }

    /**
     * The ARN of what raised the signal: its own id when that is an ARN (an alarm), otherwise its
     * first ARN reference (a GuardDuty finding's id is not an ARN; the finding's ARN is its reference).
     */
    static Optional<String> triggerArn(Signal signal) {
        return Stream.concat(Stream.of(signal.sourceId()),
                        signal.references().stream().filter(r -> r.kind() == Reference.Kind.ARN).map(Reference::value))
                .filter(arn -> arn != null && arn.length() <= IncidentLimits.ARN_MAX && ARN.matcher(arn).matches())
                .findFirst();
    }

    static List<RelatedItem> relatedItems(List<Reference> references) {
        List<RelatedItem> items = new ArrayList<>();
        for (Reference reference : references) {
            if (items.size() == IncidentLimits.RELATED_ITEMS_MAX) {
                break;
            }
            String title = SafeText.truncate(SafeText.clean(reference.title()), IncidentLimits.RELATED_ITEM_TITLE_MAX, "…");
            ItemIdentifier identifier = switch (reference.kind()) {
                case URL -> reference.value().length() <= IncidentLimits.URL_MAX
                        ? ItemIdentifier.builder().type(ItemType.OTHER).value(ItemValue.fromUrl(reference.value())).build() : null;
                case ARN -> reference.value().length() <= IncidentLimits.ARN_MAX && ARN.matcher(reference.value()).matches()
                        ? ItemIdentifier.builder().type(ItemType.INVOLVED_RESOURCE).value(ItemValue.fromArn(reference.value())).build() : null;
                case METRIC -> reference.value().length() <= IncidentLimits.METRIC_DEFINITION_MAX
                        ? ItemIdentifier.builder().type(ItemType.METRIC).value(ItemValue.fromMetricDefinition(reference.value())).build() : null;
            };
            if (identifier != null) {
                items.add(RelatedItem.builder().title(title).identifier(identifier).build());
            }
        }
        return items;
    }

    /**
     * The event for trigger details. When it is longer than the model allows, the parts a
     * responder needs least (metric definitions, reason data, the finding's free text) go first,
     * so what remains is still JSON; only as a last resort is the text cut.
     */
    static String rawData(String rawEvent) {
        if (rawEvent == null) {
            return null;
        }
        if (SafeText.length(rawEvent) <= IncidentLimits.RAW_DATA_MAX) {
            return rawEvent;
        }
        try {
            JsonNode tree = EventJson.MAPPER.readTree(rawEvent);
            for (String path : List.of("/detail/configuration/metrics", "/detail/state/reasonData", "/detail/previousState/reasonData",
                    "/detail/description", "/detail/service/evidence", "/detail/resource", "/detail/service")) {
                removeAt(tree, path);
                String reduced = EventJson.MAPPER.writeValueAsString(tree);
                if (SafeText.length(reduced) <= IncidentLimits.RAW_DATA_MAX) {
                    return reduced;
                }
            }
        } catch (JsonProcessingException e) {
            // not JSON after all: cut below
        }
        return SafeText.truncate(rawEvent, IncidentLimits.RAW_DATA_MAX, "…");
    }

    private static void removeAt(JsonNode tree, String path) {
        int slash = path.lastIndexOf('/');
        JsonNode parent = tree.at(path.substring(0, slash));
        if (parent instanceof ObjectNode object) {
            object.remove(path.substring(slash + 1));
        }
    }
}
