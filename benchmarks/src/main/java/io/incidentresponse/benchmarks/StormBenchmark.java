package io.incidentresponse.benchmarks;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.CallLog;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.emulator.SecurityIrService;
import io.incidentresponse.local.replay.LocalServices;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.testing.StormFindings;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storm benchmark (a tool, not a test): {@code --findings} GuardDuty findings arriving evenly
 * within {@code --spread} seconds, through the real handler at a Lambda concurrency of
 * {@code --concurrency}, against the emulator with {@code --latency-ms} on every Security IR call
 * and a quota of {@code --rate} calls a second on each write (CreateCase, CreateCaseComment,
 * UpdateCase; beyond it 429 ThrottlingException, which the SDK retries), and the local engine's
 * DynamoDB. A share of them ({@code --sweep}) is one SSH scanner sweeping instances, which a
 * grouping rule puts into one case; the rest are unrelated, and the new-case budget
 * ({@code --budget}) sends those beyond it into the hour's storm case.
 *
 * <p>An invocation that fails is retried as Lambda retries an asynchronous one (twice, here after
 * 1 and 2 seconds instead of 1 and 2 minutes), then counted as sent to the failure queue. It
 * reports the cases opened, comments, Security IR calls per finding, throttled calls, wall time,
 * and findings lost: a finding that is in no case (its description or a comment) and not in the
 * failure queue. That must be 0; so must findings in a case twice.
 */
public final class StormBenchmark {
    private static final String SWEEP_RULE = "[{\"name\": \"ssh-sweep\", \"match\": {\"findingType\": \"UnauthorizedAccess:EC2/SSHBruteForce\","
            + " \"account\": \"123456789012\"}, \"target\": \"SecurityIR\","
            + " \"group\": {\"by\": [\"account\", \"findingType\"], \"window\": \"PT1H\"}}]";
    private static final int LAMBDA_RETRIES = 2;

    record Options(int findings, int spreadSeconds, int concurrency, int latencyMs, int rate, int budget, double sweep) {
        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>(Map.of("--findings", "1000", "--spread", "60", "--concurrency", "10",
                    "--latency-ms", "40", "--rate", "20", "--budget", "50", "--sweep", "0.6"));
            for (int i = 0; i < args.length; i += 2) {
                if (!values.containsKey(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: StormBenchmark [--findings N] [--spread SECONDS] [--concurrency N]"
                            + " [--latency-ms MS] [--rate CALLS_PER_SECOND] [--budget CASES_PER_HOUR] [--sweep SHARE 0..1]; got " + args[i]);
                }
                values.put(args[i], args[i + 1]);
            }
            return new Options(Integer.parseInt(values.get("--findings")), Integer.parseInt(values.get("--spread")),
                    Integer.parseInt(values.get("--concurrency")), Integer.parseInt(values.get("--latency-ms")),
                    Integer.parseInt(values.get("--rate")), Integer.parseInt(values.get("--budget")),
                    Double.parseDouble(values.get("--sweep")));
        }
    }

    private record Finding(String id, String event) {
    }

    private StormBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        PrintStream report = System.out;
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(Variables.ROUTING_RULES, SWEEP_RULE);
        env.put(Variables.MAX_NEW_CASES_PER_HOUR, Integer.toString(options.budget()));
        env.put(Variables.WATCHERS_FROM_MEMBERSHIP, "false");
        try (LocalServices services = LocalServices.start(env); ClientFactory clients = services.clients()) {
            Emulator emulator = services.emulator();
            emulator.faults().latency(Duration.ofMillis(options.latencyMs()));
            for (String write : List.of("CreateCase", "CreateCaseComment", "UpdateCase")) {
                emulator.faults().rateLimit("security-ir:" + write, options.rate());
            }
            List<Finding> findings = findings(options);
            // The handler logs a JSON line per finding to stdout, as in Lambda: not into the report.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            long started = System.nanoTime();
            Delivery delivery;
            try {
                RequestStreamHandler handler = new GuardDutyFindingHandler(services.settings(), clients);
                delivery = deliver(handler, findings, options);
            } finally {
                System.setOut(report);
            }
            double wallSeconds = (System.nanoTime() - started) / 1e9;
            print(report, options, findings, delivery, emulator, wallSeconds);
        }
    }

    /** The sweep's findings (one type, one account, each its own instance) and unrelated ones, shuffled the same way every run. */
    private static List<Finding> findings(Options options) {
        int sweep = (int) Math.round(options.findings() * options.sweep());
        List<Finding> out = new ArrayList<>();
        for (int n = 1; n <= sweep; n++) {
            out.add(new Finding(StormFindings.findingId(n), StormFindings.ssh(n)));
        }
        for (int n = 1; n <= options.findings() - sweep; n++) {
            String account = String.format("%012d", 100_000_000_000L + n);
            out.add(new Finding(StormFindings.findingId("UnauthorizedAccess:EC2/SSHBruteForce", account, n),
                    StormFindings.unrelated(n, 8.0)));
        }
        Collections.shuffle(out, new Random(12));
        return out;
    }

    private record Delivery(int invocations, int retried, List<Finding> toFailureQueue) {
    }

    /** Each finding released at its time, handled on one of {@code concurrency} slots, retried as Lambda would. */
    private static Delivery deliver(RequestStreamHandler handler, List<Finding> findings, Options options) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(options.concurrency());
        Semaphore slots = new Semaphore(options.concurrency());
        CountDownLatch done = new CountDownLatch(findings.size());
        AtomicInteger invocations = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();
        ConcurrentLinkedQueue<Finding> failed = new ConcurrentLinkedQueue<>();
        long spacingMicros = findings.isEmpty() ? 0 : options.spreadSeconds() * 1_000_000L / findings.size();
        for (int i = 0; i < findings.size(); i++) {
            Finding finding = findings.get(i);
            scheduler.schedule(new Runnable() {
                private int attempt;

                @Override
                public void run() {
                    slots.acquireUninterruptibly();
                    invocations.incrementAndGet();
                    boolean ok;
                    try {
                        handler.handleRequest(new ByteArrayInputStream(finding.event().getBytes(StandardCharsets.UTF_8)),
                                OutputStream.nullOutputStream(), null);
                        ok = true;
                    } catch (Exception | Error e) {
                        ok = false;
                    } finally {
                        slots.release();
                    }
                    if (ok) {
                        done.countDown();
                    } else if (attempt++ < LAMBDA_RETRIES) {
                        retried.incrementAndGet();
                        scheduler.schedule(this, attempt, TimeUnit.SECONDS);
                    } else {
                        failed.add(finding);
                        done.countDown();
                    }
                }
            }, i * spacingMicros, TimeUnit.MICROSECONDS);
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the storm did not finish within 30 minutes");
        }
        scheduler.shutdownNow();
        return new Delivery(invocations.get(), retried.get(), List.copyOf(failed));
    }

    private static void print(PrintStream out, Options options, List<Finding> findings, Delivery delivery, Emulator emulator,
                              double wallSeconds) {
        List<SecurityIrService.Case> cases = emulator.securityIr().cases();
        List<String> texts = new ArrayList<>();
        int comments = 0;
        for (SecurityIrService.Case found : cases) {
            texts.add(found.document().path("description").asText());
            for (SecurityIrService.Comment comment : emulator.securityIr().comments(found.caseId())) {
                texts.add(comment.body());
                comments++;
            }
        }
        int lost = 0;
        int twice = 0;
        for (Finding finding : findings) {
            String line = "Finding ID: " + finding.id();
            long times = texts.stream().filter(text -> text.contains(line)).count();
            if (times == 0 && !delivery.toFailureQueue().contains(finding)) {
                lost++;
            }
            twice += times > 1 ? 1 : 0;
        }
        List<CallLog.Call> calls = emulator.log().calls().stream().filter(c -> c.service().equals("security-ir")).toList();
        long throttled = calls.stream().filter(c -> c.status() == 429).count();
        out.printf("storm: %d findings within %d s, Lambda concurrency %d, Security IR latency %d ms, quota %d calls/s per write,"
                + " budget %d new cases/hour, %.0f%% one SSH sweep (grouped)%n", findings.size(), options.spreadSeconds(),
                options.concurrency(), options.latencyMs(), options.rate(), options.budget(), options.sweep() * 100);
        out.printf("cases opened           %d (shared ones: %s)%n", cases.size(), cases.stream().map(SecurityIrService.Case::title)
                .filter(t -> t.startsWith("New-case budget exceeded") || t.startsWith("UnauthorizedAccess:EC2/SSHBruteForce in ")).toList());
        out.printf("comments               %d%n", comments);
        out.printf("Security IR calls      %d (%.2f per finding), %d of them throttled (429)%n", calls.size(),
                (double) calls.size() / findings.size(), throttled);
        out.printf("invocations            %d (%d retried as Lambda would), %d to the failure queue%n", delivery.invocations(),
                delivery.retried(), delivery.toFailureQueue().size());
        out.printf("wall time              %.1f s%n", wallSeconds);
        out.printf("findings lost          %d%s%n", lost, twice > 0 ? " (and " + twice + " in a case more than once)" : "");
    }
}
