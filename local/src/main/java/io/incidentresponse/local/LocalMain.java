package io.incidentresponse.local;

import io.incidentresponse.local.redrive.CannotRedrive;
import io.incidentresponse.local.redrive.RedriveCommand;
import io.incidentresponse.local.replay.LocalServices;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.StatusDemo;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.text.SafeText;
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
 *   redrive [--queue Q] [--stack S] [--local] [--dry-run] [--max N] ...
 *                                         deliver the failure queue's events again, deleting each once delivered
 *   serve                                 run the emulator and the local AWS engine until stopped (Ctrl-C, SIGTERM)
 * </pre>
 * Exit status: 0 when every file came to what it should; 1 when one was rejected (outside a
 * {@code malformed} folder) or failed; 2 for a usage or configuration error; 3 when the tool
 * itself failed (one line on stderr says why). Whatever happens, the process ends: main() always
 * calls System.exit, after the services are closed.
 */
public final class LocalMain {
    static final int OK = 0;
    static final int UNEXPECTED_OUTCOMES = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    private LocalMain() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (Throwable e) {
            status = failed(e, List.of(args).contains("--verbose"));
        }
        System.out.flush();
        System.exit(status);
    }

    private static int run(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return USAGE;
        }
        return switch (args[0]) {
            case "replay" -> replay(List.of(args).subList(1, args.length), System.getenv(), System.out);
            case "redrive" -> redrive(List.of(args).subList(1, args.length), System.getenv(), System.out);
            case "serve" -> serve(System.getenv());
            case "help", "--help", "-h" -> {
                usage();
                yield OK;
            }
            default -> {
                System.err.println("unknown command '" + SafeText.bounded(args[0], 40) + "'");
                usage();
                yield USAGE;
            }
        };
    }

    /** One line that says what went wrong; the stack trace only when asked for. */
    static int failed(Throwable e, boolean verbose) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
        System.err.println("incident-response-local: failed: " + SafeText.bounded(message, 1000));
        if (verbose) {
            e.printStackTrace();
        }
        return FAILED;
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
                default -> {
                    if (arg.startsWith("--")) {
                        System.err.println("unknown option " + SafeText.bounded(arg, 40));
                        usage();
                        return USAGE;
                    }
                    paths.add(Path.of(arg));
                }
            }
        }
        if (paths.isEmpty()) {
            usage();
            return USAGE;
        }
        Replay.EventFiles found = Replay.eventFiles(paths);
        List<Path> files = found.files();
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
                if (!found.passedOver().isEmpty()) {
                    out.println(found.passedOver().size() + " other file(s) in the directories not replayed (not named *.json): "
                            + SafeText.bounded(String.join(", ", found.passedOver().stream().map(Path::toString).toList()), 300));
                }
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
            return failures == 0 ? OK : UNEXPECTED_OUTCOMES;
        } catch (ConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return USAGE;
        }
    }

    /** Exit status 0 when every message was redriven (or would be), 1 when one stays in the queue, 2 when none could be read. */
    static int redrive(List<String> args, Map<String, String> env, PrintStream out) {
        if (args.contains("--help") || args.contains("-h")) {
            usage();
            return OK;
        }
        try {
            RedriveCommand.Outcome outcome = RedriveCommand.run(args, env, out, System.err);
            return outcome.problems() == 0 ? OK : UNEXPECTED_OUTCOMES;
        } catch (CannotRedrive e) {
            System.err.println("redrive: " + e.getMessage());
            return USAGE;
        } catch (ConfigurationException e) {
            System.err.println("configuration error: " + e.getMessage());
            return USAGE;
        }
    }

    /**
     * Runs until the JVM is told to stop (Ctrl-C, SIGTERM): a shutdown hook then closes the services,
     * and the JVM exits with the signal's status (130, 143).
     */
    static int serve(Map<String, String> env) throws InterruptedException {
        LocalServices services = LocalServices.start(env);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            System.out.println("Stopped: the emulator and the local AWS engine are shut down.");
            System.out.flush();
        }, "serve-shutdown"));
        System.out.println("Serving until stopped (Ctrl-C or SIGTERM):");
        services.describe(System.out);
        services.environment().entrySet().stream().filter(e -> e.getKey().startsWith(Variables.AWS_ENDPOINT_URL + "_"))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println("export " + e.getKey() + "=" + e.getValue()));
        System.out.flush();
        new CountDownLatch(1).await();
        return OK;
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar local/target/incident-response-local.jar COMMAND
                  replay [--json] [--verbose] [--poll] PATH...
                                                      feed every file named, and every *.json file under
                                                      a directory named, through the handler template.yaml
                                                      wires to it, over the emulator and the local AWS
                                                      engine, moto (or AWS_ENDPOINT_URL_* where set); every
                                                      file gets an answer; --poll then follows every case
                                                      and incident to its close with the case poller;
                                                      --verbose prints on stderr what each function would
                                                      print in Lambda: its JSON log lines and its metrics
                                                      as EMF lines
                  serve                               run the emulator and the local AWS engine until stopped
                                                      (Ctrl-C or SIGTERM)
                  redrive [--queue URL|NAME|ARN] [--stack NAME] [--region R] [--endpoint-url URL]
                          [--guardduty-function F] [--alarm-function F] [--poller-function F]
                          [--local] [--dry-run] [--max N] [--wait-seconds S] [--json] [--verbose]
                                                      deliver every event in the failure queue again to the
                                                      function that owns it (asynchronous Invoke of the
                                                      stack's function, or with --local its handler here),
                                                      deleting a message only once that succeeded; the queue
                                                      and functions from --stack's outputs unless named;
                                                      --dry-run lists what it would do, --max bounds it
                exit status: 0 all as expected, 1 a file was rejected or failed (outside malformed/), or
                             a message stays in the queue (redrive), 2 usage or configuration error
                             (redrive: no queue, region, credentials or stack), 3 the tool itself failed""");
    }
}
