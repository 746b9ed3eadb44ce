package io.incidentresponse.benchmarks;

import io.incidentresponse.local.dynamodb.LedgerTableDefinition;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.local.engine.MotoEngine;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.config.Variables;
import io.incidentresponse.shared.function.PollerFunction;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.NewClaim;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.securityir.SecurityIrStatus;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.PollReport;
import io.incidentresponse.shared.status.PollerRequests;
import io.incidentresponse.shared.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;
import software.amazon.awssdk.services.securityir.model.Watcher;

/**
 * One scheduled run of the real case poller over {@code cases} open, due Security IR cases, with
 * {@code latencyMillis} of injected latency on every emulator response, at each poll concurrency.
 *
 * <p>Everything below the poller is real: {@link PollerFunction#create} builds it from settings as
 * the Lambda does, with the SDK clients of {@link ClientFactory} pointed at the local AWS engine
 * (moto: DynamoDB with the ledger table from template.yaml, and EventBridge) and the emulator. The only stand-in is the clock, which each
 * invocation's setup moves a day ahead so that every item is due again; the cases do not change,
 * so a run is pure polling: a GetCase and an UpdateItem ({@code recordPoll}) per case, plus the
 * due-item queries on the sparse index.
 *
 * <p>Mode: {@link Mode#AverageTime}, one operation being one whole poll run. A run takes from a
 * fraction of a second (concurrency 16) to about ten seconds (concurrency 1), so timer resolution
 * and JIT effects inside one call do not matter; AverageTime lets the fast configurations repeat
 * the run within an iteration and average it, while a slow one simply takes one run per
 * iteration. (SingleShotTime would give one sample per iteration whatever the speed.) The
 * per-invocation setup that makes the items due again is outside the measured time.
 *
 * <p>Besides JMH's time per run, {@link RunMetrics} counts (as JMH auxiliary counters) runs, cases
 * polled, DynamoDB index items read ({@code PollReport.itemsRead()}) and GetCase calls (from the
 * emulator's call log). {@link PollerTable} turns them into cases per second (cases / run time),
 * items read per open case and GetCase calls per run, one line per concurrency; each fork also
 * prints those figures when its trial ends.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = CasePollerBenchmark.HEAP)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
public class CasePollerBenchmark {
    static final String HEAP = "-Xmx1g";
    static final String TABLE = "incident-response-ledger-bench";
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    /** The run's time budget (a Lambda's remaining time); far more than any run here needs. */
    private static final long BUDGET_MILLIS = Duration.ofMinutes(10).toMillis();

    /** Open, due Security IR cases per run. */
    @Param("200")
    public int cases;

    /** The poller's {@code POLL_CONCURRENCY}. */
    @Param({"1", "4", "16"})
    public int concurrency;

    /** Injected latency on every emulator response (GetCase here). */
    @Param("50")
    public int latencyMillis;

    private Emulator emulator;
    private MotoEngine engine;
    /** A new table per trial: an endpoint of your own may outlive the trial (and hold earlier ones). */
    private final String table = TABLE + "-" + Long.toString(System.currentTimeMillis(), 36);
    private ClientFactory clients;
    private MutableClock clock;
    private PollerRequests tracking;
    private int getCaseBefore;
    private boolean measuring;
    private final RunMetrics measured = new RunMetrics();

    @Setup(Level.Trial)
    public void startServicesAndOpenCases() {
        emulator = Emulator.start();
        engine = MotoEngine.start();
        // The local engine handles one request at a time: above a few calls in flight it, not the
        // poller, sets the pace. A DynamoDB you run yourself (AWS_ENDPOINT_URL_DYNAMODB) takes its place.
        String dynamoDb = Optional.ofNullable(System.getenv(Variables.AWS_ENDPOINT_URL_DYNAMODB)).filter(v -> !v.isBlank())
                .orElse(engine.endpoint().toString());
        Map<String, String> env = Map.of(
                Variables.AWS_REGION, REGION,
                Variables.LEDGER_TABLE, table,
                Variables.POLL_CONCURRENCY, Integer.toString(concurrency),
                Variables.AWS_ENDPOINT_URL_SECURITY_IR, emulator.endpoint().toString(),
                Variables.AWS_ENDPOINT_URL_SSM_INCIDENTS, emulator.endpoint().toString(),
                Variables.AWS_ENDPOINT_URL_EVENTBRIDGE, engine.endpoint().toString(),
                Variables.AWS_ENDPOINT_URL_DYNAMODB, dynamoDb);
        Settings settings = new Settings(env);
        clients = new ClientFactory(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")));
        try (DynamoDbClient dynamo = clients.dynamoDb()) {
            LedgerTableDefinition.fromClasspath().createTable(dynamo, table);
        }
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        tracking = PollerFunction.create(settings, clients, clock, warningsOnly());

        openCases();
        prime();
        emulator.faults().latency(Duration.ofMillis(latencyMillis));
    }

    /** N cases in the emulator and N ledger items that track them, written as the product writes them. */
    private void openCases() {
        try (SecurityIrClient securityIr = clients.securityIr(); DynamoDbClient dynamo = clients.dynamoDb()) {
            DynamoDbLedger ledger = new DynamoDbLedger(dynamo, table);
            Instant now = clock.instant();
            for (int n = 0; n < cases; n++) {
                int i = n;
                String key = "guardduty#" + ACCOUNT + "#" + REGION + "#bench-finding-" + i;
                String token = ClientTokens.forEpisode(key, 1);
                String title = "Benchmark finding " + i;
                String caseId = securityIr.createCase(r -> r.clientToken(token).resolverType(ResolverType.SELF).title(title)
                        .description("Case poller benchmark case " + i).engagementType(EngagementType.SECURITY_INCIDENT)
                        .reportedIncidentStartDate(now).impactedAccounts(ACCOUNT)
                        .watchers(Watcher.builder().email("secops@example.com").build())).caseId();
                if (ledger.claim(new NewClaim(key, 1, Target.SECURITY_IR, token, "bench", now, now.plusSeconds(90), 8.0,
                        Set.of(), now, now, "aws.guardduty", "UnauthorizedAccess:EC2/SSHBruteForce", ACCOUNT, REGION, title, null))
                        .isPresent()) {
                    throw new IllegalStateException("ledger item " + key + " already claimed");
                }
                if (!ledger.opened(key, 1, caseId, SecurityIrStatus.INITIAL, now, now.plus(Duration.ofMinutes(5)), null)) {
                    throw new IllegalStateException("ledger item " + key + " did not open");
                }
            }
        }
    }

    /**
     * One unmeasured run without latency, to warm the JIT and the connections. A new case is
     * recorded as {@code Submitted} and GetCase answers {@code Submitted} with pending action
     * {@code None}, which is no change: the run must find every case unchanged.
     */
    private void prime() {
        clock.advance(Duration.ofDays(1));
        PollReport report = tracking.poller().run(() -> BUDGET_MILLIS);
        if (report.polled() != cases || report.changed() != 0 || report.failed() != 0 || report.stoppedEarly()) {
            throw new IllegalStateException("priming run did not find every case polled and unchanged: " + report);
        }
    }

    /** Every item due again: the longest back-off is 72 intervals of 5 minutes, 6 hours. */
    @Setup(Level.Invocation)
    public void makeEveryItemDue() {
        clock.advance(Duration.ofDays(1));
        getCaseBefore = emulator.log().count("GetCase");
    }

    @Benchmark
    public PollReport poll(RunMetrics metrics) {
        long started = System.nanoTime();
        PollReport report = tracking.poller().run(() -> BUDGET_MILLIS);
        long nanos = System.nanoTime() - started;
        if (report.polled() != cases || report.changed() != 0 || report.failed() != 0 || report.stoppedEarly()) {
            throw new IllegalStateException("not a pure polling run over " + cases + " cases: " + report);
        }
        int getCases = emulator.log().count("GetCase") - getCaseBefore;
        metrics.add(report, getCases, nanos);
        if (measuring) {
            measured.add(report, getCases, nanos);
        }
        return report;
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
    }

    /** Prints the measured runs' figures in the fork's output, then stops everything. */
    @TearDown(Level.Trial)
    public void stop() {
        if (measured.runs > 0) {
            System.out.printf("%npoller: %d cases, concurrency %d, %d ms latency: %.1f cases/s, %.2f items read per open case,"
                            + " %.1f GetCase calls per run (%d measured runs)%n",
                    cases, concurrency, latencyMillis, measured.casesPolled * 1e9 / measured.runNanos,
                    (double) measured.itemsRead / measured.casesPolled, (double) measured.getCaseCalls / measured.runs,
                    measured.runs);
        }
        clients.close();
        emulator.close();
        engine.close();
    }

    /** The poller's INFO line after every run is noise here; warnings (a failed poll) are not. */
    private static JsonLog warningsOnly() {
        return new JsonLog(line -> {
            if (!line.startsWith("{\"level\":\"INFO\"")) {
                System.err.println(line);
            }
        });
    }

    /**
     * Secondary results: raw counts per iteration, which JMH adds up over the measured iterations.
     * Ratios of them ({@link PollerTable}, {@link #stop()}) are per run and per case; a ratio as an
     * auxiliary counter would be added up over iterations too.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class RunMetrics {
        /** Poll runs. */
        public long runs;
        /** Cases polled, over all runs. */
        public long casesPolled;
        /** Index items the due-item queries returned, over all runs ({@code PollReport.itemsRead()}). */
        public long itemsRead;
        /** GetCase calls the emulator answered, over all runs. */
        public long getCaseCalls;
        /** Nanoseconds spent in the runs, by the benchmark's own clock. */
        public long runNanos;

        @Setup(Level.Iteration)
        public void reset() {
            runs = 0;
            casesPolled = 0;
            itemsRead = 0;
            getCaseCalls = 0;
            runNanos = 0;
        }

        void add(PollReport report, int getCases, long nanos) {
            runs++;
            casesPolled += report.polled();
            itemsRead += report.itemsRead();
            getCaseCalls += getCases;
            runNanos += nanos;
        }
    }
}
