package io.incidentresponse.local.replay;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.text.SafeText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Feeds event files through the real handlers, each to the function template.yaml wires to its
 * source and detail-type, and reports what each came to.
 */
public final class Replay {
    private static final long LAMBDA_TIMEOUT_MILLIS = 30_000;

    /** What one event file came to. {@code outcome}: created, repeat, ignored, rejected or error. */
    public record Result(String file, String eventId, String function, String outcome, String externalId,
                         long occurrences, String detail) {
        /** A rejection is expected only for the deliberately malformed samples. */
        public boolean unexpectedFailure() {
            return outcome.equals("error") || (outcome.equals("rejected") && !Path.of(file).toString().contains("malformed"));
        }
    }

    private final TemplateFunctions functions;
    private final Settings settings;
    private final ClientFactory clients;
    private final Map<String, RequestStreamHandler> handlers = new HashMap<>();

    public Replay(TemplateFunctions functions, Settings settings, ClientFactory clients) {
        this.functions = functions;
        this.settings = settings;
        this.clients = clients;
    }

    /** Every *.json file under the paths, in path order (so numbered files replay in sequence). */
    public static List<Path> eventFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        return files;
    }

    public Result replay(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new Result(file.toString(), null, null, "error", null, 0, "cannot read: " + e.getMessage());
        }
        JsonNode event;
        try {
            event = EventJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            event = null;
        }
        String eventId = event == null ? null : textOrNull(event.path("id"));
        String source = event == null ? null : event.path("source").asText(null);
        String detailType = event == null ? null : event.path("detail-type").asText(null);
        var function = event == null ? functions.functions().stream().findFirst() : functions.receiving(source, detailType);
        if (function.isEmpty()) {
            return new Result(file.toString(), eventId, null, "rejected", null, 0,
                    "no function in template.yaml receives source '" + source + "' detail-type '" + detailType + "'");
        }
        // An unparseable file reaches the first function, as a broken delivery would: its handler reports it.
        String logicalId = function.get().logicalId();
        try {
            RequestStreamHandler handler = handler(function.get().handlerClass());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(bytes), out, new ReplayContext(logicalId, LAMBDA_TIMEOUT_MILLIS));
            JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
            if (!outcome.has("status")) {
                // The poller answers with what it did (a poll report, or a case event's result), not an outcome.
                String what = outcome.has("result") ? outcome.path("result").asText() : "polled";
                return new Result(file.toString(), eventId, logicalId, what, textOrNull(outcome.path("caseId")), 0, outcome.toString());
            }
            return new Result(file.toString(), eventId, logicalId, outcome.path("status").asText("unknown"),
                    textOrNull(outcome.path("externalId")), outcome.path("occurrences").asLong(), textOrNull(outcome.path("detail")));
        } catch (MalformedEventException e) {
            return new Result(file.toString(), e.eventId() == null ? eventId : e.eventId(), logicalId, "rejected", null, 0,
                    SafeText.bounded(e.getMessage(), 500));
        } catch (RuntimeException | IOException e) {
            return new Result(file.toString(), eventId, logicalId, "error", null, 0,
                    SafeText.bounded(e.getClass().getSimpleName() + ": " + e.getMessage(), 500));
        }
    }

    private RequestStreamHandler handler(String className) {
        return handlers.computeIfAbsent(className, name -> {
            try {
                return (RequestStreamHandler) Class.forName(name).getConstructor(Settings.class, ClientFactory.class)
                        .newInstance(settings, clients);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("template.yaml names handler " + name
                        + ", which has no (Settings, ClientFactory) constructor on the class path", e);
            }
        });
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
    }
}
