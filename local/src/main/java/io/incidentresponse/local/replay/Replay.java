package io.incidentresponse.local.replay;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.local.sqs.FailureMessage;
import io.incidentresponse.local.sqs.SavedMessages;
import io.incidentresponse.shared.text.SafeText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feeds event files through the real handlers, each to the function template.yaml wires to its
 * source and detail-type, and reports what each came to. Every file gets an answer: what cannot be
 * an event (nothing, not UTF-8, not a JSON object, not a regular file, unreadable, too large) is
 * {@code rejected} with the reason, and the next file goes on.
 */
public final class Replay {
    private static final long LAMBDA_TIMEOUT_MILLIS = 30_000;
    /** EventBridge events are at most 256 KB; anything much larger is not one. */
    static final int MAX_EVENT_BYTES = 1024 * 1024;

    /** What one event file came to. {@code outcome}: created, repeat, recovered, noted, ignored, rejected or error. */
    public record Result(String file, String eventId, String function, String outcome, String externalId,
                         long occurrences, String detail) {
        /** A rejection is expected only for the deliberately malformed samples. */
        public boolean unexpectedFailure() {
            return outcome.equals("error") || (outcome.equals("rejected") && !file.contains("malformed"));
        }

        static Result rejected(String file, String eventId, String function, String reason) {
            return new Result(file, eventId, function, "rejected", null, 0, SafeText.bounded(reason, 500));
        }
    }

    /**
     * What the paths hold: the files to replay, in order, and the files under the directories that
     * were passed over because they are not named *.json.
     */
    public record EventFiles(List<Path> files, List<Path> passedOver) {
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

    /**
     * Every path named, whatever it is (replay answers for each), and every *.json file under the
     * directories among them, in path order so that numbered files replay in sequence. A directory
     * that cannot be listed stands in the list itself, to be answered for.
     */
    public static EventFiles eventFiles(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        List<Path> passedOver = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path)) {
                files.add(path);
                continue;
            }
            List<Path> found = new ArrayList<>();
            try {
                // Following links, as a shell would; a loop is reported to visitFileFailed and passed over.
                Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? found : passedOver).add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        (e instanceof FileSystemLoopException ? passedOver : found).add(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                        if (e != null) {
                            found.add(directory);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                found.add(path);
            }
            found.stream().sorted().forEach(files::add);
        }
        return new EventFiles(files, passedOver);
    }

    /** Replays one file; never throws for anything the file holds or lacks. */
    public Result replay(Path file) {
        byte[] bytes;
        try {
            bytes = read(file);
        } catch (NotAnEvent e) {
            return Result.rejected(file.toString(), null, null, e.getMessage());
        }
        return replay(file.toString(), bytes);
    }

    /**
     * Replays one event given as bytes ({@code name} says where it came from: a file, a queue's
     * message); never throws for anything the bytes hold or lack. Besides an EventBridge event (what
     * a rule's dead-letter queue holds, too), it takes what the failure queue holds and what
     * {@code aws sqs receive-message} saves of it: a Lambda failure record, whose requestPayload is
     * the event, and one SQS message, whose body is either.
     */
    public Result replay(String name, byte[] bytes) {
        CharBuffer text = CharBuffer.allocate(bytes.length);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CoderResult decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(input, text, true);
        if (decoded.isError()) {
            return Result.rejected(name, null, null, String.format("not UTF-8 text (byte 0x%02X at offset %d): EventBridge delivers "
                    + "events as UTF-8 JSON", bytes[input.position()] & 0xff, input.position()));
        }
        if (text.flip().toString().isBlank()) {
            return Result.rejected(name, null, null, "empty file: no event in it");
        }
        JsonNode event;
        try {
            event = EventJson.MAPPER.readTree(bytes);
        } catch (IOException e) {
            event = null;
        }
        if (event != null && event.isObject() && (SavedMessages.isOne(event) || FailureMessage.isFailureRecord(event))) {
            FailureMessage unwrapped = SavedMessages.isOne(event) ? SavedMessages.read(event) : FailureMessage.of(event, Map.of());
            if (unwrapped.event() == null) {
                return Result.rejected(name, null, null, unwrapped.problem());
            }
            event = unwrapped.event();
            try {
                bytes = EventJson.MAPPER.writeValueAsBytes(event);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // The id names the event only in an envelope (a bare finding's id is the finding's).
        String eventId = event == null || !(event.has("detail") || event.has("source") || event.has("detail-type"))
                ? null : textOrNull(event.path("id"));
        if (event != null && !event.isObject()) {
            return Result.rejected(name, null, null, "a JSON " + event.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ", not an event: replay takes one EventBridge event (a JSON object) per file");
        }
        // An unparseable file reaches the first function, as a broken delivery would: its handler reports it.
        TemplateFunctions.Route route = event == null ? new TemplateFunctions.Route(functions.functions().getFirst(), null)
                : functions.route(event);
        if (route.function() == null) {
            return Result.rejected(name, eventId, null, route.problem());
        }
        return invoke(name, bytes, eventId, route.function().logicalId(), route.function().handlerClass());
    }

    private Result invoke(String file, byte[] bytes, String eventId, String logicalId, String handlerClass) {
        try {
            RequestStreamHandler handler = handler(handlerClass);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(bytes), out, new ReplayContext(logicalId, LAMBDA_TIMEOUT_MILLIS));
            JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
            if (!outcome.has("status")) {
                // The poller answers with what it did (a poll report, or a case event's result), not an outcome.
                String what = outcome.has("result") ? outcome.path("result").asText() : "polled";
                return new Result(file, eventId, logicalId, what, textOrNull(outcome.path("caseId")), 0, outcome.toString());
            }
            return new Result(file, textOrNull(outcome.path("eventId")) == null ? eventId : outcome.path("eventId").asText(),
                    logicalId, outcome.path("status").asText("unknown"), textOrNull(outcome.path("externalId")),
                    outcome.path("occurrences").asLong(), textOrNull(outcome.path("detail")));
        } catch (MalformedEventException e) {
            return Result.rejected(file, e.eventId() == null ? eventId : e.eventId(), logicalId, e.getMessage());
        } catch (ConfigurationException e) {
            // Not this event's fault: every other would fail the same way. The command reports it once.
            throw e;
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Exception | Error e) {
            // Whatever the handler threw, this file is answered and the next one goes on.
            return new Result(file, eventId, logicalId, "error", null, 0,
                    SafeText.bounded(e.getClass().getSimpleName() + ": " + e.getMessage(), 500));
        }
    }

    /** Why a file cannot be an event, found before (or instead of) reading it. */
    private static final class NotAnEvent extends Exception {
        NotAnEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The file's bytes; what is not a regular file, or is larger than any event, is refused without reading it. */
    private static byte[] read(Path file) throws NotAnEvent {
        try {
            if (!Files.exists(file)) {
                throw new NotAnEvent("no such file or directory");
            }
            if (Files.isDirectory(file)) {
                // Only a directory the walk could not list comes here: list it again for the reason.
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(file)) {
                    entries.iterator().hasNext();
                }
                throw new NotAnEvent("a directory whose files could not all be listed");
            }
            if (!Files.isRegularFile(file)) {
                throw new NotAnEvent("not a regular file (a device, pipe or socket): an event is a file");
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_EVENT_BYTES + 1);
                if (bytes.length > MAX_EVENT_BYTES) {
                    throw new NotAnEvent("larger than " + MAX_EVENT_BYTES / 1024 + " KiB, and no EventBridge event is (the limit is 256 KB)");
                }
                return bytes;
            }
        } catch (AccessDeniedException e) {
            throw new NotAnEvent("cannot be read: permission denied");
        } catch (IOException e) {
            throw new NotAnEvent("cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
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
        return node == null || node.isNull() || !node.isValueNode() || node.asText().isBlank() ? null : node.asText();
    }
}
