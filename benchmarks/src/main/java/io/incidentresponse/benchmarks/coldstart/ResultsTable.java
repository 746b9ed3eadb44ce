package io.incidentresponse.benchmarks.coldstart;

import io.incidentresponse.benchmarks.coldstart.ColdStart.Launch;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The harness's summary: one line per contender (medians, with the range of the headline figure),
 * then the ratios of each function to its Python peer and to the Java hello handler, cold (start
 * to first response) and warm (a warm invocation).
 */
final class ResultsTable {
    private ResultsTable() {
    }

    static String table(Map<Contender, List<Launch>> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-30s | %4s | %21s | %7s | %7s | %8s | %6s | %7s | %8s | %7s%n", "contender", "runs",
                "start to first resp.", "to main", "init", "1st call", "warm", "warm CPU", "peak RSS", "heap"));
        out.append(String.format("%-30s | %4s | %21s | %7s | %7s | %8s | %6s | %7s | %8s | %7s%n", "", "",
                "ms, median (min-max)", "ms", "ms", "ms", "ms", "ms", "MB", "MB"));
        out.append("-".repeat(31)).append('|').append("-".repeat(6)).append('|').append("-".repeat(23)).append('|')
                .append("-".repeat(9)).append('|').append("-".repeat(9)).append('|').append("-".repeat(10)).append('|')
                .append("-".repeat(8)).append('|').append("-".repeat(9)).append('|').append("-".repeat(10)).append('|')
                .append("-".repeat(8)).append('\n');
        results.forEach((row, launches) -> out.append(String.format(Locale.ROOT,
                "%-30s | %4d | %6.0f (%5.0f-%6.0f) | %7.0f | %7.0f | %8.0f | %6.1f | %7.1f | %8.0f | %7s%n",
                row.name(), launches.size(),
                median(launches, Launch::startToFirstMs), min(launches, Launch::startToFirstMs), max(launches, Launch::startToFirstMs),
                median(launches, Launch::jvmToMainMs), median(launches, Launch::initMs), median(launches, Launch::firstInvokeMs),
                median(launches, Launch::warmInvokeMs), median(launches, Launch::warmCpuMs), median(launches, Launch::peakRssMb),
                row.kind() == Contender.Kind.PEER ? "-" : String.format(Locale.ROOT, "%.1f", median(launches, Launch::heapAfterFirstMb)))));
        out.append("(to main: launch to the probe's main (the script's first line for the peer); init: the handler's class and"
                + " constructor (imports and clients for the peer); 1st call: the first invocation; warm: median of each launch's warm"
                + " invocations; warm CPU: the invoking thread's CPU time in one; peak RSS: VmHWM / ru_maxrss; heap: in use after"
                + " the first invocation and a System.gc())\n");
        out.append(ratios(results));
        return out.toString();
    }

    /** Each function against its peer and the hello handler: ratios of medians, cold and warm. */
    static String ratios(Map<Contender, List<Launch>> results) {
        StringBuilder out = new StringBuilder("\nratios (of medians)            | cold: function / peer | function / hello"
                + " | warm: function / peer | cold, warm: / baseline\n");
        Optional<List<Launch>> hello = Optional.ofNullable(results.get(Contender.HELLO));
        results.forEach((row, launches) -> {
            if (row.kind() != Contender.Kind.FUNCTION) {
                return;
            }
            Optional<List<Launch>> peer = row.function().peerKind == null || row.baseline() ? Optional.empty()
                    : Optional.ofNullable(results.get(Contender.peerOf(row.function())));
            double cold = median(launches, Launch::startToFirstMs);
            Optional<List<Launch>> baseline = Optional.ofNullable(results.get(Contender.baselineOf(row.function())));
            out.append(String.format(Locale.ROOT, "%-30s | %21s | %16s | %21s | %s%n", row.name(),
                    peer.map(p -> ratio(cold, median(p, Launch::startToFirstMs))).orElse("no peer"),
                    hello.map(h -> ratio(cold, median(h, Launch::startToFirstMs))).orElse("-"),
                    peer.map(p -> ratio(median(launches, Launch::warmInvokeMs), median(p, Launch::warmInvokeMs))).orElse("no peer"),
                    row.baseline() ? "" : baseline.map(b -> ratio(cold, median(b, Launch::startToFirstMs)) + ", "
                            + ratio(median(launches, Launch::warmInvokeMs), median(b, Launch::warmInvokeMs))).orElse("-")));
        });
        return out.toString();
    }

    /**
     * The phase breakdown: each phase's median time over the timed launches (the first phase's is
     * the harness's launch to main) and the classes loaded in it, median over the launches with the
     * class log (whose own times are slower, and not shown).
     */
    static String phases(Map<Contender, List<Launch>> results) {
        List<Launch> timed = results.get(Contender.PHASE_ROWS.get(0));
        List<Launch> logged = results.get(Contender.PHASE_ROWS.get(1));
        StringBuilder out = new StringBuilder(String.format("%-68s | %9s | %8s | %8s%n", "phase (guardduty-finding, in order)",
                "ms median", "classes", "from CDS"));
        out.append("-".repeat(69)).append('|').append("-".repeat(11)).append('|').append("-".repeat(10)).append('|')
                .append("-".repeat(9)).append('\n');
        List<ColdStart.Phase> names = timed.getFirst().phases();
        double totalMs = 0;
        int totalClasses = 0;
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            double ms = i == 0 ? median(timed, Launch::jvmToMainMs) : median(timed, l -> l.phases().get(index).ms());
            double classes = median(logged, l -> l.phases().get(index).classes());
            double shared = median(logged, l -> l.phases().get(index).sharedClasses());
            totalMs += ms;
            totalClasses += (int) classes;
            out.append(String.format(Locale.ROOT, "%-68s | %9.1f | %8.0f | %8.0f%n", names.get(i).name(), ms, classes, shared));
        }
        out.append(String.format(Locale.ROOT, "%-68s | %9.1f | %8d |%n", "sum of the medians", totalMs, totalClasses));
        out.append(String.format(Locale.ROOT, "(%d timed launches, %d with -Xlog:class+load; start to first response, median: %.0f ms)%n",
                timed.size(), logged.size(), median(timed, Launch::startToFirstMs)));
        List<Launch> primed = results.get(Contender.PHASE_ROWS.get(2));
        if (primed != null && !primed.isEmpty()) {
            out.append(String.format("%nprimed as SnapStart's hook does before the snapshot (%d launches)%n", primed.size()));
            List<ColdStart.Phase> primedNames = primed.getFirst().phases();
            boolean after = false;
            double restoredFirst = 0;
            for (int i = 0; i < primedNames.size(); i++) {
                int index = i;
                String name = primedNames.get(i).name();
                double ms = median(primed, l -> l.phases().get(index).ms());
                if (name.startsWith("SnapStart priming")) {
                    after = true;
                    out.append(String.format(Locale.ROOT, "%-68s | %9.1f |%n", name, ms));
                } else if (after && !name.equals("warm invocation")) {
                    restoredFirst += ms;
                    out.append(String.format(Locale.ROOT, "%-68s | %9.1f |%n", name, ms));
                }
            }
            out.append(String.format(Locale.ROOT, "%-68s | %9.1f |%n", "a restored container's first invocation (the sum after priming)",
                    restoredFirst));
        }
        return out.toString();
    }

    private static String ratio(double a, double b) {
        return String.format(Locale.ROOT, "%.2f", a / b);
    }

    static double median(List<Launch> launches, ToDoubleFunction<Launch> figure) {
        double[] values = launches.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    static double max(List<Launch> launches, ToDoubleFunction<Launch> figure) {
        return launches.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }

    static double min(List<Launch> launches, ToDoubleFunction<Launch> figure) {
        return launches.stream().mapToDouble(figure).min().orElse(Double.NaN);
    }
}
