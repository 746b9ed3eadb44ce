package io.incidentresponse.local.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.local.engine.TestEngines;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.testing.EmfLines;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline toolkit as a user runs it: the packaged jar in a JVM of its own. "Does not hang" can
 * only be shown by a process that has to end; each is given a deadline and killed, failing the
 * test, if it does not.
 */
class ToolProcessIT {
    private static final Path JAR = Path.of("target", "incident-response-local.jar");
    private static final long DEADLINE_SECONDS = 120;

    @TempDir
    Path work;

    private record Finished(int status, String out, String err) {
    }

    private static Path events() throws URISyntaxException {
        return Path.of(ToolProcessIT.class.getClassLoader().getResource("events").toURI());
    }

    private ProcessBuilder tool(Map<String, String> env, String name, String... args) {
        assertTrue(Files.isRegularFile(JAR), JAR.toAbsolutePath() + " is built by mvn package, before the integration tests");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve(name + ".out").toFile())
                .redirectError(work.resolve(name + ".err").toFile());
        // Nothing from this JVM's environment may point the tool elsewhere.
        builder.environment().keySet().removeIf(key -> key.startsWith("AWS_") || key.startsWith("EMULATOR_")
                || List.of("LEDGER_TABLE", "ROUTING_RULES", "MIN_SEVERITY").contains(key));
        builder.environment().putAll(env);
        return builder;
    }

    private Finished finish(Process process, String name) throws Exception {
        boolean ended = process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(work.resolve(name + ".out"), StandardCharsets.UTF_8);
        String err = Files.readString(work.resolve(name + ".err"), StandardCharsets.UTF_8);
        assertTrue(ended, name + " did not end within " + DEADLINE_SECONDS + " s (it hangs)\nstdout:\n" + out + "\nstderr:\n" + err);
        return new Finished(process.exitValue(), out, err);
    }

    private Finished run(Map<String, String> env, String name, String... args) throws Exception {
        return finish(tool(env, name, args).start(), name);
    }

    @Test
    void twoReplaysStartingAtOnceAgainstOneDynamoDbEndpointBothCreateOrFindTheTableAndFinish() throws Exception {
        // given one external DynamoDB, and a table no one has created yet
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_DYNAMODB", TestEngines.dynamoDbEndpoint().toString(),
                "LEDGER_TABLE", "ledger-concurrent-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        String guardduty = events().resolve("guardduty").toString();

        // when two replays of the same findings start together
        Process first = tool(env, "first", "replay", guardduty).start();
        Process second = tool(env, "second", "replay", guardduty).start();
        Finished one = finish(first, "first");
        Finished two = finish(second, "second");

        // then both finish, every finding is answered, and each opened case was opened once
        assertEquals(0, one.status(), one.out() + one.err());
        assertEquals(0, two.status(), two.out() + two.err());
        for (String created : List.of("ec2-ssh-brute-force.json", "odd-member-types.json", "lambda-no-envelope-source.json")) {
            List<String> outcomes = new ArrayList<>();
            for (String out : List.of(one.out(), two.out())) {
                out.lines().filter(line -> line.contains(created)).forEach(line -> outcomes.add(line.split("\\s+")[2]));
            }
            assertEquals(1, outcomes.stream().filter("created"::equals).count(), created + ": " + outcomes);
            assertEquals(1, outcomes.stream().filter("repeat"::equals).count(), created + ": " + outcomes);
        }
    }

    @Test
    void aHandlerThatThrowsIsAnErrorForItsFileAndTheProcessEnds() throws Exception {
        // given Security IR failing every CreateCase, and the SDK told not to retry
        Map<String, String> env = Map.of("EMULATOR_FAIL", "CreateCase:1000:500", "AWS_MAX_ATTEMPTS", "1");

        // when
        Finished replay = run(env, "failing", "replay", events().resolve("guardduty/ec2-ssh-brute-force.json").toString(),
                events().resolve("alarm/01-api-5xx-alarm.json").toString());

        // then the finding's handler threw, the alarm still opened its incident, and the process ended with status 1
        assertEquals(1, replay.status(), replay.out() + replay.err());
        assertTrue(replay.out().lines().anyMatch(l -> l.contains("ec2-ssh-brute-force.json") && l.contains(" error ")), replay.out());
        assertTrue(replay.out().lines().anyMatch(l -> l.contains("01-api-5xx-alarm.json") && l.contains(" created ")), replay.out());
        assertTrue(replay.out().contains("2 event(s), 1 unexpected failure(s)"), replay.out());
    }

    @Test
    void aFailureOfTheToolItselfIsOneLineAndStatus3NotAHang() throws Exception {
        // given a DynamoDB endpoint where nothing listens; the emulator has started by the time it is found out
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + closedPort, "AWS_MAX_ATTEMPTS", "1");

        // when
        Finished replay = run(env, "no-dynamodb", "replay", events().resolve("guardduty").toString());

        // then
        assertEquals(3, replay.status(), replay.out() + replay.err());
        List<String> errors = replay.err().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, errors.size(), replay.err());
        assertTrue(errors.get(0).startsWith("incident-response-local: failed: cannot find or create the ledger table"), errors.get(0));
    }

    @Test
    void aReplayOfAFileWithoutSourceAnswersItAndEnds() throws Exception {
        // given the shape that once stopped replay with a NullPointerException in the middle of a folder
        Path folder = Files.createDirectories(work.resolve("events"));
        Files.copy(events().resolve("guardduty/lambda-no-envelope-source.json"), folder.resolve("a.json"));
        Files.writeString(folder.resolve("b.json"), "[]");
        Files.copy(events().resolve("guardduty/ec2-crypto-mining.json"), folder.resolve("c.json"));

        // when
        Finished replay = run(Map.of(), "no-source", "replay", folder.toString());

        // then every file is answered
        assertEquals(1, replay.status(), replay.out() + replay.err());
        assertTrue(replay.out().contains("3 event(s), 1 unexpected failure(s)"), replay.out());
        assertTrue(replay.out().lines().anyMatch(l -> l.contains("a.json") && l.contains(" created ")), replay.out());
        assertTrue(replay.out().lines().anyMatch(l -> l.contains("c.json") && l.contains(" created ")), replay.out());
    }

    @Test
    void replayVerbosePrintsTheLogAndMetricLinesAFunctionWouldPrintInLambda() throws Exception {
        // when
        Finished replay = run(Map.of(), "verbose", "replay", "--verbose", events().resolve("guardduty/ec2-ssh-brute-force.json").toString(),
                events().resolve("guardduty/archived-finding.json").toString());

        // then stdout is the report, stderr what the function printed: its JSON log lines and its EMF lines
        assertEquals(0, replay.status(), replay.out() + replay.err());
        List<String> printed = replay.err().lines().filter(line -> line.startsWith("{")).toList();
        List<EmfLines.Datum> metrics = EmfLines.parse(printed);
        Map<String, String> function = Map.of("FunctionName", "guardduty-finding");
        assertEquals(2, EmfLines.sum(metrics, "SignalsReceived", function), replay.err());
        assertEquals(1, EmfLines.sum(metrics, "CasesOpened", function), replay.err());
        assertEquals(1, EmfLines.sum(metrics, "Ignored", Map.of("FunctionName", "guardduty-finding", "Reason", "Archived")),
                replay.err());
        JsonNode created = printed.stream().filter(line -> !EmfLines.isEmf(line)).map(ToolProcessIT::json)
                .filter(line -> line.path("message").asText().equals("finding created")).findFirst()
                .orElseThrow(() -> new AssertionError(replay.err()));
        for (String field : List.of("timestamp", "level", "requestId", "function", "eventId", "signalKey")) {
            assertTrue(created.hasNonNull(field), field + " in " + created);
        }
        assertFalse(replay.out().contains("\"_aws\""), "the report on stdout has no EMF lines: " + replay.out());
    }

    private static JsonNode json(String line) {
        try {
            return EventJson.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void aRedriveWithoutCredentialsOrRegionOrReachableQueueSaysSoAndEnds() throws Exception {
        // given a home without an AWS profile, and no instance to ask for credentials
        Path home = Files.createDirectories(work.resolve("home"));
        Map<String, String> nobody = Map.of("HOME", home.toString(), "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_CONFIG_FILE", home.resolve("config").toString(), "AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        Map<String, String> withRegion = new HashMap<>(nobody);
        withRegion.put("AWS_REGION", "eu-west-1");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> unreachable = new HashMap<>(withRegion);
        unreachable.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret"));

        // when
        Finished noRegion = run(nobody, "redrive-no-region", "redrive", "--queue", "incident-response-failures");
        Finished noCredentials = run(withRegion, "redrive-no-credentials", "redrive", "--queue", "incident-response-failures");
        Finished noQueue = run(unreachable, "redrive-unreachable", "redrive", "--queue",
                "http://127.0.0.1:" + closedPort + "/123456789012/incident-response-failures");

        // then each is one line saying what is missing, status 2, and the process ended
        assertEquals(2, noRegion.status(), noRegion.out() + noRegion.err());
        assertTrue(noRegion.err().startsWith("redrive: no AWS region: give --region"), noRegion.err());
        assertEquals(2, noCredentials.status(), noCredentials.out() + noCredentials.err());
        assertTrue(noCredentials.err().startsWith("redrive: no AWS credentials: "), noCredentials.err());
        assertEquals(2, noQueue.status(), noQueue.out() + noQueue.err());
        assertTrue(noQueue.err().startsWith("redrive: cannot read http://127.0.0.1:" + closedPort + "/"), noQueue.err());
        for (Finished finished : List.of(noRegion, noCredentials, noQueue)) {
            assertEquals(1, finished.err().lines().filter(line -> !line.isBlank()).count(), finished.err());
        }
    }

    @Test
    void serveStopsCleanlyOnSigterm() throws Exception {
        // given
        Process serve = tool(Map.of(), "serve-term", "serve").start();
        awaitServing(serve, "serve-term");
        List<ProcessHandle> engine = serve.descendants().toList();
        assertEquals(1, engine.size(), "serve runs the local engine as its child: " + engine);

        // when
        serve.destroy(); // SIGTERM

        // then the shutdown hook closed the services and the JVM exited with SIGTERM's status
        Finished stopped = finish(serve, "serve-term");
        assertEquals(143, stopped.status(), stopped.out() + stopped.err());
        assertTrue(stopped.out().contains("Stopped: the emulator and the local AWS engine are shut down."), stopped.out());
        // and the engine is gone with it
        engine.getFirst().onExit().get(10, TimeUnit.SECONDS);
        assertTrue(!engine.getFirst().isAlive(), "the engine outlived serve");
    }

    @Test
    void serveStopsCleanlyOnCtrlC() throws Exception {
        // given a serve process with SIGINT as a terminal's foreground job has it: a process started in the
        // background of a non-interactive shell (a CI step, say) inherits it ignored, and so would the JVM
        assumeTrue(onPath("python3") && onPath("kill"), "needs python3 (to reset SIGINT to its default) and kill");
        ProcessBuilder builder = tool(Map.of(), "serve-int", "serve");
        List<String> command = new ArrayList<>(List.of("python3", "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])"));
        command.addAll(builder.command());
        Process serve = builder.command(command).start();
        awaitServing(serve, "serve-int");

        // when Ctrl-C is pressed
        new ProcessBuilder("kill", "-INT", Long.toString(serve.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);

        // then
        Finished stopped = finish(serve, "serve-int");
        assertEquals(130, stopped.status(), stopped.out() + stopped.err());
        assertTrue(stopped.out().contains("Stopped: the emulator and the local AWS engine are shut down."), stopped.out());
    }

    private void awaitServing(Process serve, String name) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        Path out = work.resolve(name + ".out");
        while (!Files.readString(out).contains("export AWS_ENDPOINT_URL_SSM_INCIDENTS=")) {
            if (!serve.isAlive() || System.nanoTime() > deadline) {
                serve.destroyForcibly();
                throw new AssertionError("serve did not come up:\n" + Files.readString(out) + Files.readString(work.resolve(name + ".err")));
            }
            Thread.sleep(100);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
