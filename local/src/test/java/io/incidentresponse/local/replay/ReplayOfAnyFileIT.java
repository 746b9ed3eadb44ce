package io.incidentresponse.local.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.LocalMainAccess;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.testing.SampleEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay answers for every file it is given, whatever the file holds or is, and goes on to the next. */
class ReplayOfAnyFileIT {
    @TempDir
    Path folder;

    private record Replayed(int status, List<JsonNode> lines) {
        JsonNode line(String fileName) {
            return lines.stream().filter(l -> l.get("file").asText().endsWith(fileName)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + fileName + " in " + lines));
        }
    }

    private static Replayed replay(Path... paths) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--json"));
        for (Path path : paths) {
            args.add(path.toString());
        }
        int status = LocalMainAccess.replay(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(EventJson.MAPPER.readTree(line));
            }
        }
        return new Replayed(status, lines);
    }

    private void write(String name, byte[] bytes) throws Exception {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private void write(String name, String text) throws Exception {
        write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFolderOfMixedFilesIsAnsweredFileByFileAndTheEventsInItStillOpenTheirCases() throws Exception {
        // given a folder with every kind of file that is not an event, between two that are
        write("a-finding-without-source.json", SampleEvents.edited("guardduty/ec2-ssh-brute-force.json", tree -> tree.remove("source")));
        write("array.json", "[" + SampleEvents.text("guardduty/ec2-crypto-mining.json") + "]");
        write("bare-finding.json", SampleEvents.tree("guardduty/s3-public-access.json").get("detail").toString());
        write("bare-alarm.json", SampleEvents.tree("alarm/01-api-5xx-alarm.json").get("detail").toString());
        write("blank.json", " \n\t ");
        write("empty.json", "");
        write("latin-1.json", "{\"id\": \"Z\u00fcrich\"}".getBytes(StandardCharsets.ISO_8859_1));
        write("nested/deeper/number.json", "42");
        write("not-json.json", "this is not JSON");
        write("null.json", "null");
        write("readme.txt", "not named *.json: passed over");
        write("too-large.json", " ".repeat(Replay.MAX_EVENT_BYTES + 1));
        write("unknown-event.json", "{\"id\": \"u-1\", \"detail\": {\"colour\": \"blue\"}}");
        write("z-alarm-without-detail-type.json", SampleEvents.edited("alarm/05-latency-metric-math.json", tree -> {
            tree.remove("detail-type");
            tree.remove("source");
        }));
        Path fifo = folder.resolve("pipe.json");
        boolean fifoMade = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS) && Files.exists(fifo);

        // when
        Replayed replayed = replay(folder);

        // then the events open their cases, and every other file has its answer
        assertEquals(1, replayed.status(), "rejections outside malformed/ are unexpected: " + replayed.lines());
        assertEquals("created", replayed.line("a-finding-without-source.json").get("outcome").asText());
        assertEquals("created", replayed.line("z-alarm-without-detail-type.json").get("outcome").asText());
        assertRejected(replayed, "array.json", "a JSON array, not an event");
        assertRejected(replayed, "bare-finding.json", "a GuardDuty finding without its EventBridge envelope");
        assertRejected(replayed, "bare-alarm.json", "a CloudWatch alarm state change without its EventBridge envelope");
        assertRejected(replayed, "blank.json", "empty file");
        assertRejected(replayed, "empty.json", "empty file");
        assertRejected(replayed, "latin-1.json", "not UTF-8 text (byte 0xFC at offset 9)");
        assertRejected(replayed, "number.json", "a JSON number, not an event");
        assertRejected(replayed, "not-json.json", "not valid JSON");
        assertRejected(replayed, "null.json", "a JSON null, not an event");
        assertRejected(replayed, "too-large.json", "larger than 1024 KiB");
        assertRejected(replayed, "unknown-event.json", "not an event any function in template.yaml receives");
        if (fifoMade) {
            // A named pipe would block a reader forever: it is refused without being opened.
            assertRejected(replayed, "pipe.json", "not a regular file");
        }
        assertEquals(fifoMade ? 14 : 13, replayed.lines().size(), replayed.lines().toString());
        assertTrue(replayed.lines().stream().noneMatch(l -> l.get("file").asText().endsWith("readme.txt")));
    }

    @Test
    void whatTheFailureQueueHoldsReplaysAsTheEventInIt() throws Exception {
        // given a Lambda failure record, an EventBridge dead letter (the event itself), the same saved by
        // `aws sqs receive-message`, and a failure record without its payload
        String finding = SampleEvents.text("guardduty/ec2-crypto-mining.json");
        write("1-failure-record.json", "{\"version\": \"1.0\", \"timestamp\": \"2026-03-14T04:01:02.345Z\", \"requestContext\": "
                + "{\"requestId\": \"r-1\", \"functionArn\": \"arn:aws:lambda:us-east-1:123456789012:function:gd:$LATEST\", "
                + "\"condition\": \"RetriesExhausted\", \"approximateInvokeCount\": 3}, \"requestPayload\": " + finding
                + ", \"responseContext\": {\"statusCode\": 200, \"functionError\": \"Unhandled\"}, \"responsePayload\": "
                + "{\"errorType\": \"RuntimeException\", \"errorMessage\": \"boom\"}}");
        write("2-dead-letter.json", SampleEvents.text("alarm/01-api-5xx-alarm.json"));
        write("3-saved-message.json", "{\"Messages\": [{\"MessageId\": \"m-1\", \"ReceiptHandle\": \"h\", \"Body\": "
                + EventJson.MAPPER.writeValueAsString(SampleEvents.text("guardduty/s3-public-access.json")) + "}]}");
        write("4-record-without-payload.json", "{\"requestContext\": {\"requestId\": \"r-2\"}, \"responseContext\": {}}");

        // when
        Replayed replayed = replay(folder);

        // then each event opens its case (or incident) under its own id
        assertEquals("created", replayed.line("1-failure-record.json").get("outcome").asText(), replayed.lines().toString());
        assertEquals(SampleEvents.tree("guardduty/ec2-crypto-mining.json").get("id").asText(),
                replayed.line("1-failure-record.json").get("eventId").asText());
        assertEquals("GuardDutyFindingFunction", replayed.line("1-failure-record.json").get("function").asText());
        assertEquals("created", replayed.line("2-dead-letter.json").get("outcome").asText());
        assertEquals("created", replayed.line("3-saved-message.json").get("outcome").asText());
        assertRejected(replayed, "4-record-without-payload.json", "a Lambda failure record without its requestPayload");
    }

    @Test
    void pathsThatAreMissingOrUnreadableAreAnsweredAndTheRestGoOn() throws Exception {
        // given a missing file, a file every read of which fails (even for root), and a good event after them
        Path missing = folder.resolve("missing.json");
        Path unreadable = Path.of("/proc/self/mem");
        assumeTrue(Files.exists(unreadable), "needs Linux's /proc/self/mem, whose every read at offset 0 fails");
        write("good.json", SampleEvents.text("guardduty/ec2-ssh-brute-force.json"));

        // when
        Replayed replayed = replay(missing, unreadable, folder.resolve("good.json"));

        // then
        assertRejected(replayed, "missing.json", "no such file or directory");
        assertRejected(replayed, "/proc/self/mem", "cannot be read");
        assertEquals("created", replayed.line("good.json").get("outcome").asText());
        assertEquals(1, replayed.status());
    }

    @Test
    void anEventWithAnotherSourceIsRejectedByItsFunctionNamingTheSource() throws Exception {
        // given a finding whose detail-type is GuardDuty's but whose source is not
        write("other-source.json", SampleEvents.edited("guardduty/ec2-ssh-brute-force.json",
                tree -> tree.put("source", "aws.securityhub").remove("detail-type")));

        // when
        Replayed replayed = replay(folder.resolve("other-source.json"));

        // then
        assertRejected(replayed, "other-source.json", "no detail-type, and no function in template.yaml receives source 'aws.securityhub'");
    }

    private static void assertRejected(Replayed replayed, String file, String reason) {
        JsonNode line = replayed.line(file);
        assertEquals("rejected", line.get("outcome").asText(), line.toString());
        assertTrue(line.get("detail").asText().contains(reason), line.toString());
    }
}
