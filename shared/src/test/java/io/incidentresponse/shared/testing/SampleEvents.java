package io.incidentresponse.shared.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.shared.event.EventEnvelope;
import io.incidentresponse.shared.event.EventJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The sample events under events/ (copied onto the test class path), as text, trees or envelopes. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static String text(String path) {
        try (InputStream in = SampleEvents.class.getClassLoader().getResourceAsStream("events/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample event events/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode tree(String path) {
        try {
            return (ObjectNode) EventJson.MAPPER.readTree(text(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample event after {@code edit} has changed its JSON tree. */
    public static String edited(String path, Consumer<ObjectNode> edit) {
        ObjectNode tree = tree(path);
        edit.accept(tree);
        return tree.toString();
    }

    public static EventEnvelope envelope(String json, String source, String detailType) {
        return EventJson.readEnvelope(stream(json), source, detailType);
    }

    public static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
