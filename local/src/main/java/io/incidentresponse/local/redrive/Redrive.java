package io.incidentresponse.local.redrive;

import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import io.incidentresponse.shared.text.SafeText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Empties a failure queue into the functions that own its events. Each message is read for its
 * shape ({@link FailureMessage}), routed by its event's source and detail-type as template.yaml's
 * rules route it, redelivered, and deleted only once the redelivery succeeded. What fails, and what
 * is not a failure record or an event, stays in the queue and is reported with its message id.
 *
 * <p>It always ends: it reads with long polls of {@code waitSeconds} and stops at the first answer
 * with no message it has not seen (the queue is empty, or holds only what this run kept), or after
 * {@code max} messages. A message it keeps is invisible to this run (received with a visibility
 * timeout longer than the run's work on a batch) and is made visible again at the end, so that the
 * next redrive, once the cause is fixed, finds it at once. A dry run keeps every message.
 */
final class Redrive {
    /** Long enough for a batch of ten in-process deliveries. */
    static final int VISIBILITY_SECONDS = 300;
    private static final int BATCH = 10;

    /** What happened to one message. {@code kept}: it is still in the queue. */
    record Line(String messageId, String eventId, String shape, String function, String target, String result, String detail,
                boolean kept) {
        static final String REDRIVEN = "redriven";
        static final String WOULD_REDRIVE = "would redrive";
        static final String FAILED = "failed";
        static final String UNRECOGNISED = "unrecognised";

        /** Whether this message is a problem to report: failed, unrecognised, or redriven but not deleted. */
        boolean problem() {
            return result.equals(FAILED) || result.equals(UNRECOGNISED) || result.equals(REDRIVEN) && kept;
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final TemplateFunctions functions;
    private final Redelivery redelivery;
    private final boolean dryRun;
    private final int max;
    private final int waitSeconds;
    private final List<String> notes = new ArrayList<>();

    Redrive(SqsClient sqs, String queueUrl, TemplateFunctions functions, Redelivery redelivery, boolean dryRun, int max, int waitSeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.functions = functions;
        this.redelivery = redelivery;
        this.dryRun = dryRun;
        this.max = max;
        this.waitSeconds = waitSeconds;
    }

    /** Every message handled, in the order received; each is also given to {@code progress} as it is done. */
    List<Line> run(Consumer<Line> progress) {
        Set<String> seen = new HashSet<>();
        Map<String, Message> kept = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        try {
            while (lines.size() < max) {
                int batch = Math.min(BATCH, max - lines.size());
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batch)
                        .waitTimeSeconds(waitSeconds).visibilityTimeout(VISIBILITY_SECONDS).messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
                boolean anyNew = false;
                for (Message message : messages) {
                    if (!seen.add(message.messageId())) {
                        // Back within this run (its visibility ran out): kept already; only its newest receipt handle counts.
                        kept.put(message.messageId(), message);
                        continue;
                    }
                    anyNew = true;
                    // Kept until it is known to be done: whatever stops the run, it is made visible again.
                    kept.put(message.messageId(), message);
                    Line line = handle(message);
                    if (!line.kept()) {
                        kept.remove(message.messageId());
                    }
                    lines.add(line);
                    progress.accept(line);
                }
                if (!anyNew) {
                    break;
                }
            }
        } finally {
            release(List.copyOf(kept.values()));
        }
        return lines;
    }

    /** What the run could not do that is no message's fault (e.g. making kept messages visible again). */
    List<String> notes() {
        return List.copyOf(notes);
    }

    private Line handle(Message message) {
        Map<String, String> attributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> stringValue(value).ifPresent(v -> attributes.put(name, v)));
        FailureMessage failure = FailureMessage.parse(message.body(), attributes);
        String id = message.messageId();
        String shape = failure.shape().label();
        if (failure.shape() == FailureMessage.Shape.UNRECOGNISED) {
            return new Line(id, null, shape, null, null, Line.UNRECOGNISED, failure.problem(), true);
        }
        TemplateFunctions.Route route = functions.route(failure.event());
        if (route.function() == null) {
            return new Line(id, failure.eventId(), shape, null, null, Line.FAILED, route.problem(), true);
        }
        String function = route.function().logicalId();
        Redelivery.Target target = redelivery.target(route.function(), failure);
        if (target.name() == null) {
            return new Line(id, failure.eventId(), shape, function, null, Line.FAILED, target.problem(), true);
        }
        if (dryRun) {
            return new Line(id, failure.eventId(), shape, function, target.name(), Line.WOULD_REDRIVE,
                    failure.failure().isEmpty() ? "" : "failed before: " + failure.failure(), true);
        }
        Redelivery.Delivery delivery = redelivery.deliver(target, route.function(), failure, id);
        if (!delivery.succeeded()) {
            return new Line(id, failure.eventId(), shape, function, target.name(), Line.FAILED, delivery.detail(), true);
        }
        try {
            sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            return new Line(id, failure.eventId(), shape, function, target.name(), Line.REDRIVEN, delivery.detail(), false);
        } catch (SdkException e) {
            // Delivered but still in the queue: made visible again like the others; delivering it
            // again, in the next run, is harmless (the ledger opens a case once).
            return new Line(id, failure.eventId(), shape, function, target.name(), Line.REDRIVEN, delivery.detail()
                    + "; but DeleteMessage failed, so it is still in the queue: " + SafeText.bounded(e.getMessage(), 200), true);
        }
    }

    private static Optional<String> stringValue(MessageAttributeValue value) {
        return Optional.ofNullable(value.stringValue());
    }

    /** Makes the kept messages visible again, ten at a time; what cannot be is noted (it reappears after its timeout). */
    private void release(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + BATCH));
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                int failed = sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries)).failed().size();
                if (failed > 0) {
                    notes.add(failed + " kept message(s) could not be made visible again; they reappear within "
                            + VISIBILITY_SECONDS + " s");
                }
            } catch (SdkException e) {
                notes.add("the kept messages could not be made visible again (" + SafeText.bounded(e.getMessage(), 200)
                        + "); they reappear within " + VISIBILITY_SECONDS + " s");
            }
        }
    }
}
