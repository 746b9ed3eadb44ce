package io.incidentresponse.local.engine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private Python virtual environment with a pinned {@code moto[server]}, created on first use
 * under {@code ${XDG_CACHE_HOME:-~/.cache}/incident-response/moto-<version>} and reused after.
 *
 * <p>Creating it takes about a minute (pip downloads moto and its dependencies from PyPI) and says
 * so on the progress stream. Two processes doing it at once are serialised by a file lock beside
 * the directory; the second finds the first one's work done. A directory counts as installed only
 * once its marker file holds this class's requirement: an interrupted install is started again,
 * and a change of {@link #MOTO_VERSION} installs a new directory next to the old one.
 *
 * <p>Needs Python 3.9 or newer with its {@code venv} module ({@code python3}, or the interpreter
 * {@value #PYTHON_VARIABLE} names). Nothing is installed outside that directory.
 */
public final class MotoInstallation {
    /** The moto release the toolkit and the tests are written against. */
    public static final String MOTO_VERSION = "5.2.5";
    static final String REQUIREMENT = "moto[server]==" + MOTO_VERSION;
    /** Names the Python 3 interpreter to create the environment with (default {@code python3}). */
    public static final String PYTHON_VARIABLE = "INCIDENT_RESPONSE_PYTHON";
    /** Overrides where the environment lives (default: the user's cache directory, above). */
    public static final String HOME_VARIABLE = "INCIDENT_RESPONSE_ENGINE_HOME";
    static final String MARKER = ".installed";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    private static final Object IN_THIS_JVM = new Object();

    private final Path directory;
    private final String python;

    MotoInstallation(Path directory, String python) {
        this.directory = directory;
        this.python = python;
    }

    /** Where this machine's environment lives, from the environment variables (see the class comment). */
    public static MotoInstallation fromEnvironment(Map<String, String> env) {
        Path home;
        if (present(env.get(HOME_VARIABLE))) {
            home = Path.of(env.get(HOME_VARIABLE));
        } else if (present(env.get("XDG_CACHE_HOME"))) {
            home = Path.of(env.get("XDG_CACHE_HOME"), "incident-response");
        } else {
            home = Path.of(System.getProperty("user.home"), ".cache", "incident-response");
        }
        return new MotoInstallation(home.resolve("moto-" + MOTO_VERSION),
                present(env.get(PYTHON_VARIABLE)) ? env.get(PYTHON_VARIABLE) : "python3");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    public Path directory() {
        return directory;
    }

    /** The environment's interpreter (it exists once {@link #ensureInstalled} has returned). */
    public Path interpreter() {
        return directory.resolve("bin").resolve("python");
    }

    public boolean installed() {
        try {
            return Files.isExecutable(interpreter()) && Files.isRegularFile(directory.resolve(MARKER))
                    && Files.readString(directory.resolve(MARKER), StandardCharsets.UTF_8).strip().equals(REQUIREMENT);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the interpreter, creating the environment first if it is not complete.
     *
     * @param progress where to say what is being installed (only when something is)
     * @throws EngineUnavailableException naming the prerequisite that is missing, or with the
     *     output of the step that failed
     */
    public Path ensureInstalled(PrintStream progress) {
        if (installed()) {
            return interpreter();
        }
        synchronized (IN_THIS_JVM) {
            try {
                Files.createDirectories(directory.getParent());
                Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock(); // waits while another process installs
                    try {
                        if (!installed()) {
                            install(progress);
                        }
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new EngineUnavailableException("Cannot create the local AWS engine's environment in " + directory
                        + ": " + e.getMessage(), e);
            }
        }
        return interpreter();
    }

    private void install(PrintStream progress) throws IOException {
        long started = System.nanoTime();
        progress.println("Installing the local AWS engine (" + REQUIREMENT + ": DynamoDB, SQS, EventBridge) into "
                + directory + " with " + python + "; first use only, about a minute ...");
        deleteRecursively(directory);
        Path log = directory.resolveSibling(directory.getFileName() + "-install.log");
        Files.deleteIfExists(log);
        run(List.of(python, "-m", "venv", directory.toString()), log, "create a virtual environment");
        run(List.of(interpreter().toString(), "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                "--quiet", REQUIREMENT), log, "install " + REQUIREMENT);
        Files.writeString(directory.resolve(MARKER), REQUIREMENT + "\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        progress.printf("Installed %s in %d s.%n", REQUIREMENT, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private void run(List<String> command, Path log, String what) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new EngineUnavailableException(missingPython("'" + command.getFirst() + "' could not be run (" + e.getMessage() + ")"), e);
        }
        // Ctrl-C during the install ends pip too (the next run starts the install again).
        Thread stopOnExit = new Thread(process::destroyForcibly, "moto-install-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean finished;
        try {
            finished = process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("Interrupted while trying to " + what, e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to.
            }
        }
        if (!finished) {
            process.destroyForcibly();
            throw new EngineUnavailableException("Gave up trying to " + what + " after " + INSTALL_TIMEOUT.toMinutes()
                    + " minutes; its output is in " + log);
        }
        if (process.exitValue() != 0) {
            String output = tail(log);
            String message = "Could not " + what + " (exit " + process.exitValue() + "): " + String.join(" ", command)
                    + (output.isEmpty() ? "" : "\n" + output);
            if (command.contains("venv")) {
                message = missingPython(message);
            } else {
                message += "\n(" + REQUIREMENT + " needs Python 3.9 or newer, and pip needs to reach PyPI)";
            }
            throw new EngineUnavailableException(message + "\n(full output: " + log + ")");
        }
    }

    private String missingPython(String problem) {
        return "The local AWS engine needs Python 3.9 or newer with its venv module (Debian/Ubuntu: apt-get install"
                + " python3 python3-venv; or set " + PYTHON_VARIABLE + " to a Python 3 interpreter): " + problem;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path each : all) {
            Files.deleteIfExists(each);
        }
    }

    /**
     * Creates this machine's environment if it is not complete, and says where it is: what
     * {@code .ci/run} does before the tests, to time the installation on its own.
     */
    public static void main(String[] args) {
        MotoInstallation installation = fromEnvironment(System.getenv());
        try {
            installation.ensureInstalled(System.err);
        } catch (EngineUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        System.out.println(REQUIREMENT + " ready in " + installation.directory());
    }

    @Override
    public String toString() {
        return "MotoInstallation[" + directory + "]";
    }
}
