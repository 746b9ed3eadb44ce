package io.incidentresponse.local;

import io.incidentresponse.local.replay.LocalServices;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.StatusDemo;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.event.EventJson;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The offline toolkit's command line.
 * <pre>
 *   replay [--json] [--verbose] [--poll] PATH...   feed event files through the real handlers, then
 *                                                  (--poll) follow every case to its close
 *   serve                                 run the emulator and the local AWS engine until interrupted
 * </pre>
 */
public final class LocalMain {
    private LocalMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        int status = switch (args[0]) {
            case "replay" -> replay(List.of(args).subList(1, args.length), System.getenv(), System.out);
            case "serve" -> serve(System.getenv());
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(status);
    }

    static int replay(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
        boolean json = false;
        boolean verbose = false;
        boolean poll = false;
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--json" -> json = true;
                case "--verbose" -> verbose = true;
                case "--poll" -> poll = true;
                default -> paths.add(Path.of(arg));
            }
        }
        if (paths.isEmpty()) {
            usage();
            return 2;
        }
        List<Path> files = Replay.eventFiles(paths);
        // The handlers log JSON lines to stdout, as in Lambda; here they go to stderr with --verbose.
        PrintStream handlerLogs = verbose ? System.err : new PrintStream(OutputStream.nullOutputStream());
        PrintStream original = System.out;
        try (LocalServices services = LocalServices.start(env); ClientFactory clients = services.clients()) {
            if (!json) {
                out.println("Replaying " + files.size() + " event file(s) through the handlers in template.yaml:");
                services.describe(out);
                out.println();
                out.printf("%-52s %-38s %-9s %s%n", "FILE", "EVENT ID", "OUTCOME", "CASE / INCIDENT, DETAIL");
            }
            Replay replay = new Replay(TemplateFunctions.fromClasspath(), services.settings(), clients);
            int failures = 0;
            for (Path file : files) {
                System.setOut(handlerLogs);
                Replay.Result result;
                try {
                    result = replay.replay(file);
                } finally {
                    System.setOut(original);
                }
                failures += result.unexpectedFailure() ? 1 : 0;
                if (json) {
                    out.println(EventJson.MAPPER.writeValueAsString(result));
                } else {
                    String what = result.externalId() == null ? "" : result.externalId();
                    String detail = result.detail() == null ? "" : result.detail();
                    out.printf("%-52s %-38s %-9s %s%n", result.file(), result.eventId(), result.outcome(),
                            (what + (what.isEmpty() || detail.isEmpty() ? "" : "  ") + detail).trim());
                }
            }
            if (!json) {
                out.println();
                out.println(files.size() + " event(s), " + failures + " unexpected failure(s)");
            }
            if (poll && !json) {
                if (services.emulator() == null) {
                    out.println("--poll follows cases in the embedded emulator; with every service overridden there is none.");
                } else {
                    System.setOut(handlerLogs);
                    try {
                        new StatusDemo(services, clients, out).run();
                    } finally {
                        System.setOut(original);
                    }
                }
            }
            return failures == 0 ? 0 : 1;
        } catch (ConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
    }

    static int serve(Map<String, String> env) throws InterruptedException {
        try (LocalServices services = LocalServices.start(env)) {
            System.out.println("Serving until interrupted (Ctrl-C):");
            services.describe(System.out);
            services.environment().entrySet().stream().filter(e -> e.getKey().startsWith("AWS_ENDPOINT_URL_"))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> System.out.println("export " + e.getKey() + "=" + e.getValue()));
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
        }
        return 0;
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar local/target/incident-response-local.jar COMMAND
                  replay [--json] [--verbose] [--poll] PATH...
                                                      feed every event file under PATH through the handler
                                                      template.yaml wires to it, over the emulator and
                                                      the local AWS engine, moto (or AWS_ENDPOINT_URL_*
                                                      where set);
                                                      --poll then follows every case and incident to its
                                                      close with the case poller
                  serve                               run the emulator and the local AWS engine until interrupted""");
    }
}
