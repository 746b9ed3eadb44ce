package io.incidentresponse.local.redrive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The redrive loop over a scripted queue: what it asks SQS for, and that it ends whatever the queue answers. */
class RedriveTest {
    private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/ir-FailureQueue";
    private static final String EVENT = "{\"id\": \"e-%d\", \"source\": \"aws.guardduty\", \"detail-type\": \"GuardDuty Finding\", \"detail\": {}}";

    /** Answers each ReceiveMessage with the next scripted batch (then with the last one for ever), and records the calls. */
    private static final class ScriptedQueue implements SqsClient {
        final Deque<List<Message>> batches = new ArrayDeque<>();
        final List<ReceiveMessageRequest> receives = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        boolean deleteFails;
        List<Message> last = List.of();

        ScriptedQueue then(Message... batch) {
            batches.add(List.of(batch));
            return this;
        }

        @Override
        public ReceiveMessageResponse receiveMessage(ReceiveMessageRequest request) {
            receives.add(request);
            if (receives.size() > 1000) {
                throw new AssertionError("the run does not end");
            }
            if (!batches.isEmpty()) {
                last = batches.removeFirst();
            }
            int count = Math.min(request.maxNumberOfMessages(), last.size());
            if (count < last.size()) {
                batches.addFirst(last.subList(count, last.size()));
            }
            return ReceiveMessageResponse.builder().messages(last.subList(0, count)).build();
        }

        @Override
        public DeleteMessageResponse deleteMessage(DeleteMessageRequest request) {
            if (deleteFails) {
                throw SqsException.builder().message("Access to the resource is denied").statusCode(403).build();
            }
            deleted.add(request.receiptHandle());
            return DeleteMessageResponse.builder().build();
        }

        @Override
        public ChangeMessageVisibilityBatchResponse changeMessageVisibilityBatch(ChangeMessageVisibilityBatchRequest request) {
            request.entries().forEach(entry -> {
                assertEquals(0, entry.visibilityTimeout());
                released.add(entry.receiptHandle());
            });
            return ChangeMessageVisibilityBatchResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    /** Delivers to a function named "gd", failing (or throwing) for the event ids asked. */
    private static final class Deliveries implements Redelivery {
        final List<String> delivered = new ArrayList<>();
        final List<String> failing;
        final boolean throwing;

        Deliveries(List<String> failing, boolean throwing) {
            this.failing = failing;
            this.throwing = throwing;
        }

        @Override
        public Target target(TemplateFunctions.Function function, FailureMessage message) {
            return Target.to("gd");
        }

        @Override
        public Delivery deliver(Target target, TemplateFunctions.Function function, FailureMessage message, String messageId) {
            if (throwing) {
                throw new IllegalStateException("the configuration is wrong for every event");
            }
            delivered.add(message.eventId());
            return new Delivery(!failing.contains(message.eventId()), failing.contains(message.eventId()) ? "throttled" : "queued");
        }

        @Override
        public String describe() {
            return "test";
        }
    }

    private static Message message(int n, String receipt) {
        return Message.builder().messageId("m-" + n).receiptHandle(receipt).body(EVENT.formatted(n)).build();
    }

    private static Redrive redrive(ScriptedQueue queue, Redelivery redelivery, boolean dryRun, int max) {
        return new Redrive(queue, QUEUE, TemplateFunctions.fromClasspath(), redelivery, dryRun, max, 2);
    }

    @Test
    void aMessageThatComesBackWithinTheRunIsHandledOnceAndTheRunEnds() {
        // given a queue that answers the same failing message every time, with a new receipt handle
        ScriptedQueue queue = new ScriptedQueue().then(message(1, "r1")).then(message(1, "r2"));
        Deliveries deliveries = new Deliveries(List.of("e-1"), false);

        // when
        List<Redrive.Line> lines = redrive(queue, deliveries, false, 100).run(line -> { });

        // then it was delivered once, kept, and made visible again with its newest receipt handle
        assertEquals(1, lines.size());
        assertEquals(List.of("e-1"), deliveries.delivered);
        assertEquals("failed", lines.getFirst().result());
        assertEquals(List.of("r2"), queue.released);
        assertEquals(2, queue.receives.size());
    }

    @Test
    void eachReceiveLongPollsForAtMostWhatMaxLeavesWithTheAttributesThatSayWhy() {
        // given
        ScriptedQueue queue = new ScriptedQueue();
        for (int n = 0; n < 25; n += 10) {
            List<Message> batch = new ArrayList<>();
            for (int i = n; i < Math.min(25, n + 10); i++) {
                batch.add(message(i, "r" + i));
            }
            queue.then(batch.toArray(Message[]::new));
        }
        queue.then();

        // when
        List<Redrive.Line> lines = redrive(queue, new Deliveries(List.of(), false), false, 13).run(line -> { });

        // then
        assertEquals(13, lines.size());
        assertEquals(List.of(10, 3), queue.receives.stream().map(ReceiveMessageRequest::maxNumberOfMessages).toList());
        queue.receives.forEach(r -> {
            assertEquals(2, r.waitTimeSeconds());
            assertEquals(Redrive.VISIBILITY_SECONDS, r.visibilityTimeout());
            assertEquals(List.of("All"), r.messageAttributeNames());
        });
        assertEquals(13, queue.deleted.size());
        assertTrue(queue.released.isEmpty());
    }

    @Test
    void whateverStopsTheRunTheMessageInHandIsMadeVisibleAgain() {
        // given
        ScriptedQueue queue = new ScriptedQueue().then(message(1, "r1"));

        // when
        assertThrows(IllegalStateException.class, () -> redrive(queue, new Deliveries(List.of(), true), false, 100).run(line -> { }));

        // then
        assertEquals(List.of("r1"), queue.released);
        assertTrue(queue.deleted.isEmpty());
    }

    @Test
    void aDeliveredMessageThatCannotBeDeletedIsReportedAndLeftToComeBack() {
        // given
        ScriptedQueue queue = new ScriptedQueue().then(message(1, "r1")).then();
        queue.deleteFails = true;

        // when
        List<Redrive.Line> lines = redrive(queue, new Deliveries(List.of(), false), false, 100).run(line -> { });

        // then it counts as a problem, and is made visible again like any message left in the queue
        assertEquals("redriven", lines.getFirst().result());
        assertTrue(lines.getFirst().kept() && lines.getFirst().problem(), lines.toString());
        assertTrue(lines.getFirst().detail().contains("DeleteMessage failed"), lines.getFirst().detail());
        assertEquals(List.of("r1"), queue.released);
    }

    @Test
    void aDryRunDeliversAndDeletesNothingAndReleasesEverything() {
        // given
        ScriptedQueue queue = new ScriptedQueue().then(message(1, "r1"), message(2, "r2")).then();
        Deliveries deliveries = new Deliveries(List.of(), false);

        // when
        List<Redrive.Line> lines = redrive(queue, deliveries, true, 100).run(line -> { });

        // then
        assertEquals(List.of("would redrive", "would redrive"), lines.stream().map(Redrive.Line::result).toList());
        assertTrue(deliveries.delivered.isEmpty() && queue.deleted.isEmpty());
        assertEquals(List.of("r1", "r2"), queue.released);
        assertTrue(lines.stream().noneMatch(Redrive.Line::problem));
    }
}
