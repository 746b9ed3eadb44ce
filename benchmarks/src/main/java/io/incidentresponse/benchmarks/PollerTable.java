package io.incidentresponse.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CasePollerBenchmark} at every concurrency and prints one line per concurrency: JMH's
 * time per poll run, cases per second (cases per run / time per run), DynamoDB items read per open
 * case and GetCase calls per run. Takes JMH's
 * command-line options, which override the benchmark's defaults:
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.incidentresponse.benchmarks.PollerTable -wi 1 -i 3 -f 1
 * java -cp benchmarks/target/benchmarks.jar io.incidentresponse.benchmarks.PollerTable -p cases=500 -p concurrency=8,32
 * }</pre>
 */
public final class PollerTable {
    private PollerTable() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions command = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(command).include(CasePollerBenchmark.class.getName() + ".poll");
        if (!command.getJvmArgsAppend().hasValue() && Runtime.version().feature() >= 24) {
            // JMH 1.37 uses sun.misc.Unsafe, which JDK 24+ warns about in every fork; the flag is
            // unknown before JDK 23, so it cannot go into @Fork. These replace @Fork's jvmArgsAppend.
            options.jvmArgsAppend(CasePollerBenchmark.HEAP,
                    "--sun-misc-unsafe-memory-access=allow");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.print(table(results));
    }

    static String table(Collection<RunResult> results) {
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingInt(r -> Integer.parseInt(r.getParams().getParam("concurrency"))));
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-11s | %5s | %7s | %15s | %8s | %20s | %16s%n", "concurrency", "cases", "latency",
                "ms per run", "cases/s", "items read per case", "GetCase per run"));
        out.append("-".repeat(12)).append('|').append("-".repeat(7)).append('|').append("-".repeat(9)).append('|')
                .append("-".repeat(17)).append('|').append("-".repeat(10)).append('|').append("-".repeat(22)).append('|')
                .append("-".repeat(17)).append('\n');
        for (RunResult result : sorted) {
            Result<?> time = result.getPrimaryResult();
            double runs = secondary(result, "runs");
            double casesPolled = secondary(result, "casesPolled");
            out.append(String.format("%-11s | %5s | %4s ms | %7.0f ± %5.0f | %8.1f | %20.2f | %16.1f%n",
                    result.getParams().getParam("concurrency"),
                    result.getParams().getParam("cases"),
                    result.getParams().getParam("latencyMillis"),
                    time.getScore(), error(time),
                    casesPolled / runs / (time.getScore() / 1000),
                    secondary(result, "itemsRead") / casesPolled,
                    secondary(result, "getCaseCalls") / runs));
        }
        return out.toString();
    }

    /** A counter of {@link CasePollerBenchmark.RunMetrics}, added up over the measured iterations. */
    private static double secondary(RunResult result, String name) {
        Result<?> value = result.getSecondaryResults().get(name);
        return value == null ? Double.NaN : value.getScore();
    }

    /** JMH's 99.9% error, or 0 when there are too few samples to have one. */
    private static double error(Result<?> result) {
        double error = result.getScoreError();
        return Double.isNaN(error) ? 0 : error;
    }
}
