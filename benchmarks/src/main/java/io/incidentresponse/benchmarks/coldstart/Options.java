package io.incidentresponse.benchmarks.coldstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The harness's command line (see {@link #USAGE}). */
record Options(int runs, int warmup, int warm, List<LambdaFunction> functions, Path java, Path python, List<String> jvmOptions,
               List<String> baselineJvmOptions, Path root, Path baseline, boolean verbose, boolean phases) {
    static final String USAGE = """
            usage: ColdStart [options]
              --runs N            measured launches per function (default 5)
              --warmup N          unmeasured launches per function before them (default 1): they warm
                                  up the local engine and the emulator
              --functions A,B     among guardduty-finding, alarm-incident, case-poller (default: all)
              --warm N            warm invocations per launch, a new signal each (default 5)
              --java PATH         the java that runs the functions (default: this JVM's)
              --python PATH       the Python (with boto3) that runs the signal functions' peer,
                                  benchmarks/peer/signal_peer.py (default: no peer)
              --jvm-opt OPTION    appended to the template's JAVA_TOOL_OPTIONS (repeatable)
              --baseline-jvm-opt OPTION  the same for the --baseline rows (instead of --jvm-opt); with
                                  --baseline . an A/B of JVM options on one build
              --root DIR          the repository root (default: the current directory)
              --baseline DIR      also launch each function as built in DIR (another checkout, packaged):
                                  an A/B of a change, in the same rounds
              --phases            instead of the comparison: where the guardduty function's cold start
                                  goes, phase by phase (time, classes loaded; PhaseProbe)
              --verbose           print every launch's probe line, keep every launch's output
            The functions and benchmarks must be packaged first (./dev coldstart does it).""";

    static Options parse(String[] args) {
        int runs = 5;
        int warmup = 1;
        int warm = 5;
        Path python = null;
        List<LambdaFunction> functions = List.of(LambdaFunction.values());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvmOptions = new ArrayList<>();
        List<String> baselineJvmOptions = new ArrayList<>();
        Path root = Path.of("");
        boolean verbose = false;
        boolean phases = false;
        Path baseline = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--runs" -> runs = positive(arg, value(args, ++i, arg), 1);
                case "--warmup" -> warmup = positive(arg, value(args, ++i, arg), 0);
                case "--functions" -> functions = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(LambdaFunction::named).distinct().toList();
                case "--warm" -> warm = positive(arg, value(args, ++i, arg), 1);
                case "--java" -> java = Path.of(value(args, ++i, arg));
                case "--python" -> python = Path.of(value(args, ++i, arg));
                case "--jvm-opt" -> jvmOptions.add(value(args, ++i, arg));
                case "--baseline-jvm-opt" -> baselineJvmOptions.add(value(args, ++i, arg));
                case "--root" -> root = Path.of(value(args, ++i, arg));
                case "--verbose" -> verbose = true;
                case "--phases" -> phases = true;
                case "--baseline" -> baseline = Path.of(value(args, ++i, arg)).toAbsolutePath().normalize();
                case "--help", "-h" -> throw new UsageException(null);
                default -> throw new UsageException("unknown argument " + arg);
            }
        }
        if (functions.isEmpty()) {
            throw new UsageException("--functions names none");
        }
        return new Options(runs, warmup, warm, functions, java, python, List.copyOf(jvmOptions), List.copyOf(baselineJvmOptions),
                root.toAbsolutePath().normalize(), baseline, verbose, phases);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String option, String value, int min) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UsageException(option + " must be a whole number of at least " + min + ", got " + value);
    }

    /** A bad command line (or --help, with no message): the harness prints the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
