package io.incidentresponse.local.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.shared.alarm.AlarmSignals;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.guardduty.FindingSignals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The sample events under events/ that are findings or alarms, and the one-member mutations of
 * each: every JSON member and array element, except the event's essentials, removed, set to null,
 * and replaced by a value of each other JSON type.
 */
final class EventCorpus {
    enum Kind { FINDING, ALARM }

    /** A sample event, and which members it cannot do without. */
    record Sample(String name, Kind kind, ObjectNode event) {
        /**
         * The essentials, and of a pair that stand in for each other the one left when the sample
         * lacks the other: the finding's region or the event's; the alarm ARN in resources, or the
         * event's region and account it is built from.
         */
        Set<String> essentials() {
            Set<String> essentials = new HashSet<>();
            if (kind == Kind.FINDING) {
                essentials.addAll(List.of("/detail", "/detail/id", "/detail/type", "/detail/accountId", "/detail/severity"));
                if (!event.at("/detail/region").isTextual()) {
                    essentials.add("/region");
                }
                if (!event.at("/region").isTextual()) {
                    essentials.add("/detail/region");
                }
                return essentials;
            }
            essentials.addAll(List.of("/detail", "/detail/alarmName", "/detail/state", "/detail/state/value"));
            JsonNode resources = event.path("resources");
            boolean arn = false;
            for (int i = 0; i < resources.size(); i++) {
                arn |= resources.get(i).asText().contains(":alarm:");
            }
            if (!arn) {
                essentials.addAll(List.of("/region", "/account"));
            } else if (!event.at("/region").isTextual() || !event.at("/account").isTextual()) {
                essentials.add("/resources");
                for (int i = 0; i < resources.size(); i++) {
                    essentials.add("/resources/" + i);
                }
            }
            return essentials;
        }
    }

    /** One change to one member: {@code replacement} null means removed. */
    record Mutation(String pointer, String change, JsonNode replacement) {
        ObjectNode applyTo(ObjectNode event) {
            ObjectNode copy = event.deepCopy();
            apply(copy);
            return copy;
        }

        /** Changes the event in place; false when the member is no longer there (an earlier change removed it). */
        boolean apply(ObjectNode event) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = event.at(pointer.substring(0, slash));
            String name = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent instanceof ObjectNode object && object.has(name)) {
                if (replacement == null) {
                    object.remove(name);
                } else {
                    object.set(name, replacement.deepCopy());
                }
                return true;
            }
            if (parent instanceof ArrayNode array && name.matches("\\d+") && Integer.parseInt(name) < array.size()) {
                if (replacement == null) {
                    array.remove(Integer.parseInt(name));
                } else {
                    array.set(Integer.parseInt(name), replacement.deepCopy());
                }
                return true;
            }
            return false;
        }

        @Override
        public String toString() {
            return pointer + " " + change;
        }
    }

    /** One value of each JSON type, each unlike what a member of that type would hold. */
    static final Map<JsonNodeType, JsonNode> REPLACEMENTS = replacements();

    private EventCorpus() {
    }

    private static Map<JsonNodeType, JsonNode> replacements() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<JsonNodeType, JsonNode> values = new LinkedHashMap<>();
        values.put(JsonNodeType.STRING, json.textNode(""));
        values.put(JsonNodeType.NUMBER, json.numberNode(7));
        values.put(JsonNodeType.BOOLEAN, json.booleanNode(true));
        values.put(JsonNodeType.OBJECT, json.objectNode().put("unexpected", true));
        values.put(JsonNodeType.ARRAY, json.arrayNode().add("unexpected"));
        return values;
    }

    /** Every finding and alarm under events/ (the test class path's copy), in path order. */
    static List<Sample> samples() {
        Path root;
        try {
            root = Path.of(EventCorpus.class.getClassLoader().getResource("events").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event;
                try {
                    event = EventJson.MAPPER.readTree(file.toFile());
                } catch (IOException e) {
                    continue; // not JSON (malformed/truncated-json.json): nothing to mutate
                }
                kind(event).ifPresent(kind -> samples.add(new Sample(root.relativize(file).toString(), kind, (ObjectNode) event)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }

    private static Optional<Kind> kind(JsonNode event) {
        if (!event.isObject()) {
            return Optional.empty();
        }
        String source = event.path("source").asText("");
        if (source.equals(FindingSignals.SOURCE) || source.isEmpty() && TemplateFunctions.looksLikeFinding(event.path("detail"))) {
            return Optional.of(Kind.FINDING);
        }
        if (source.equals(AlarmSignals.SOURCE) || source.isEmpty() && TemplateFunctions.looksLikeAlarm(event.path("detail"))) {
            return Optional.of(Kind.ALARM);
        }
        return Optional.empty();
    }

    /** Every one-member mutation of the sample, in document order. */
    static List<Mutation> mutations(Sample sample) {
        List<Mutation> out = new ArrayList<>();
        walk(sample.event(), "", sample.essentials(), out);
        return out;
    }

    private static void walk(JsonNode node, String pointer, Set<String> essentials, List<Mutation> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                String child = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
                visit(member.getValue(), child, essentials, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), pointer + "/" + i, essentials, out);
            }
        }
    }

    private static void visit(JsonNode value, String pointer, Set<String> essentials, List<Mutation> out) {
        if (!essentials.contains(pointer)) {
            out.add(new Mutation(pointer, "removed", null));
            if (!value.isNull()) {
                out.add(new Mutation(pointer, "set to null", JsonNodeFactory.instance.nullNode()));
            }
            REPLACEMENTS.forEach((type, replacement) -> {
                if (type != value.getNodeType()) {
                    out.add(new Mutation(pointer, "replaced by " + replacement, replacement));
                }
            });
        }
        walk(value, pointer, essentials, out);
    }
}
