package io.incidentresponse.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** UpdateCase's list members ({@code <list>ToAdd}, {@code <list>ToDelete}) applied to a case document. */
final class CaseLists {
    /** The model's ThreatActorIpList bound (ServiceLimitsTest holds CaseLimits to it), which the case's own list keeps too. */
    static final int THREAT_ACTORS_MAX = 200;

    private CaseLists() {
    }

    /** How many items {@code <list>} would hold after the request's adds and deletes. */
    static int merged(ObjectNode doc, ObjectNode input, String list, Function<JsonNode, String> key) {
        Set<String> items = new HashSet<>();
        doc.path(list).forEach(item -> items.add(key.apply(item)));
        input.path(list + "ToAdd").forEach(item -> items.add(key.apply(item)));
        input.path(list + "ToDelete").forEach(item -> items.remove(key.apply(item)));
        return items.size();
    }

    /** Applies {@code <list>ToAdd} (replacing items with the same key) and {@code <list>ToDelete}. */
    static void change(ObjectNode doc, ObjectNode input, String list, Function<JsonNode, String> key) {
        JsonNode toAdd = input.get(list + "ToAdd");
        JsonNode toDelete = input.get(list + "ToDelete");
        if (toAdd == null && toDelete == null) {
            return;
        }
        Map<String, JsonNode> items = new LinkedHashMap<>();
        doc.path(list).forEach(item -> items.put(key.apply(item), item));
        if (toAdd != null) {
            toAdd.forEach(item -> items.put(key.apply(item), item));
        }
        if (toDelete != null) {
            toDelete.forEach(item -> items.remove(key.apply(item)));
        }
        ArrayNode result = doc.putArray(list);
        items.values().forEach(result::add);
    }
}
