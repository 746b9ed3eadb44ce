package io.incidentresponse.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** How the local AWS engine starts and, above all, how it stops: never left running. */
class MotoEngineIT {

    @Test
    void startedEngineAnswersOnALoopbackEphemeralPortAndStartsEmpty() {
        try (MotoEngine engine = MotoEngine.start()) {
            assertEquals("http", engine.endpoint().getScheme());
            assertEquals("127.0.0.1", engine.endpoint().getHost());
            assertNotEquals(5000, engine.endpoint().getPort(), "not moto's fixed default port");
            assertEquals(List.of(), engine.dynamoDb().listTables().tableNames());
            assertTrue(engine.startupTime().compareTo(Duration.ZERO) > 0);
        }
    }

    @Test
    void twoEnginesKeepTheirOwnTables() {
        try (MotoEngine first = MotoEngine.start(); MotoEngine second = MotoEngine.start()) {
            createTable(first, "only-in-first");

            assertNotEquals(first.endpoint(), second.endpoint());
            assertEquals(List.of("only-in-first"), first.dynamoDb().listTables().tableNames());
            assertEquals(List.of(), second.dynamoDb().listTables().tableNames());
        }
    }

    @Test
    void closedEngineIsGoneAndItsPortRefusesConnections() throws Exception {
        MotoEngine engine = MotoEngine.start();
        int port = engine.endpoint().getPort();
        ProcessHandle process = ProcessHandle.of(engine.pid()).orElseThrow();

        engine.close();

        process.onExit().get(5, TimeUnit.SECONDS);
        assertFalse(process.isAlive());
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        });
        engine.close(); // again: nothing happens
    }

    @Test
    void engineOfAKilledJvmExitsByItself() throws Exception {
        // given a JVM that started an engine and printed its pid
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), EngineHolder.class.getName())
                .redirectErrorStream(true).start();
        long enginePid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String pid = null;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.startsWith(EngineHolder.PID)) {
                    pid = line.substring(EngineHolder.PID.length());
                    break;
                }
            }
            assertTrue(pid != null, "the JVM printed no engine pid: " + seen);
            enginePid = Long.parseLong(pid);
            ProcessHandle engine = ProcessHandle.of(enginePid).orElseThrow();
            assertTrue(engine.isAlive());

            // when the JVM is killed, with no chance to run a shutdown hook
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

            // then the engine notices its stdin closed, and exits
            engine.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(engine.isAlive());
        } finally {
            jvm.destroyForcibly();
        }
    }

    /** The JVM that {@link #engineOfAKilledJvmExitsByItself} kills: starts an engine and waits. */
    static final class EngineHolder {
        static final String PID = "engine pid ";

        public static void main(String[] args) throws InterruptedException {
            MotoEngine engine = MotoEngine.start();
            System.out.println(PID + engine.pid());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2));
        }
    }

    @Test
    void withoutPythonTheErrorNamesThePrerequisite(@TempDir Path home) {
        // given an installation that has to be created, with a Python that does not exist
        MotoInstallation installation = MotoInstallation.fromEnvironment(Map.of(
                MotoInstallation.HOME_VARIABLE, home.toString(),
                MotoInstallation.PYTHON_VARIABLE, home.resolve("no-such-python3").toString()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        // when
        EngineUnavailableException error = assertThrows(EngineUnavailableException.class,
                () -> MotoEngine.start(installation, new PrintStream(progress, true, StandardCharsets.UTF_8)));

        // then
        assertTrue(error.getMessage().contains("needs Python 3.9 or newer with its venv module"), error.getMessage());
        assertTrue(error.getMessage().contains(MotoInstallation.PYTHON_VARIABLE), error.getMessage());
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("Installing the local AWS engine (moto[server]=="
                + MotoInstallation.MOTO_VERSION), progress.toString(StandardCharsets.UTF_8));
        assertFalse(installation.installed());
        assertFalse(Files.exists(installation.directory().resolve(MotoInstallation.MARKER)));
    }

    @Test
    void engineThatDiesAtStartFailsWithItsExitStatusAndOutput(@TempDir Path home) throws IOException {
        // given an installation whose interpreter prints an error and exits, as a broken moto would
        MotoInstallation installation = MotoInstallation.fromEnvironment(Map.of(MotoInstallation.HOME_VARIABLE, home.toString()));
        Files.createDirectories(installation.interpreter().getParent());
        Files.writeString(installation.interpreter(), "#!/bin/sh\necho 'ModuleNotFoundError: No module named moto' >&2\nexit 3\n");
        assertTrue(installation.interpreter().toFile().setExecutable(true));
        Files.writeString(installation.directory().resolve(MotoInstallation.MARKER), MotoInstallation.REQUIREMENT + "\n");

        // when
        EngineUnavailableException error = assertThrows(EngineUnavailableException.class,
                () -> MotoEngine.start(installation, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));

        // then
        assertTrue(error.getMessage().contains("exited with status 3"), error.getMessage());
        assertTrue(error.getMessage().contains("ModuleNotFoundError: No module named moto"), error.getMessage());
    }

    @Test
    void completeInstallationIsReusedWithoutInstallingAgain() throws IOException {
        // given this machine's installation, complete (the other tests made sure of it)
        MotoInstallation installation = MotoInstallation.fromEnvironment(System.getenv());
        try (MotoEngine engine = MotoEngine.start()) {
            assertTrue(engine.isRunning());
        }
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        // when
        installation.ensureInstalled(new PrintStream(progress, true, StandardCharsets.UTF_8));

        // then
        assertTrue(installation.installed());
        assertEquals("", progress.toString(StandardCharsets.UTF_8), "nothing installed, nothing said");
        assertEquals("moto[server]==" + MotoInstallation.MOTO_VERSION,
                Files.readString(installation.directory().resolve(MotoInstallation.MARKER)).strip());
    }

    private static void createTable(MotoEngine engine, String name) {
        engine.dynamoDb().createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    }
}
