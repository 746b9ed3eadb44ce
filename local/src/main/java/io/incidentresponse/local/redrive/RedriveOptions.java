package io.incidentresponse.local.redrive;

import io.incidentresponse.shared.text.SafeText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The redrive command's arguments. Every option takes its value as the next argument or after
 * {@code =} ({@code --max 5}, {@code --max=5}).
 *
 * @param functionNames the deployed function named for each template function (logical id), by option
 */
public record RedriveOptions(Optional<String> queue, Optional<String> stack, Optional<String> region, Optional<String> endpointUrl,
                             Map<String, String> functionNames, boolean local, boolean dryRun, int max, int waitSeconds,
                             boolean json, boolean verbose) {
    public static final int DEFAULT_MAX = 10_000;
    public static final int DEFAULT_WAIT_SECONDS = 2;
    /** The options that name a function, by the template's logical id of the function. */
    static final Map<String, String> FUNCTION_OPTIONS = Map.of(
            "--guardduty-function", "GuardDutyFindingFunction",
            "--alarm-function", "AlarmIncidentFunction",
            "--poller-function", "CasePollerFunction");

    public RedriveOptions {
        functionNames = Map.copyOf(functionNames);
    }

    /** The option that names the deployed function of a template function, e.g. --guardduty-function. */
    static Optional<String> optionFor(String logicalId) {
        return FUNCTION_OPTIONS.entrySet().stream().filter(e -> e.getValue().equals(logicalId)).map(Map.Entry::getKey).findFirst();
    }

    /** @throws CannotRedrive for an unknown option, a missing or bad value */
    public static RedriveOptions parse(List<String> args) {
        String queue = null;
        String stack = null;
        String region = null;
        String endpointUrl = null;
        Map<String, String> functions = new LinkedHashMap<>();
        boolean local = false;
        boolean dryRun = false;
        boolean json = false;
        boolean verbose = false;
        int max = DEFAULT_MAX;
        int wait = DEFAULT_WAIT_SECONDS;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--local" -> local = true;
                case "--dry-run" -> dryRun = true;
                case "--json" -> json = true;
                case "--verbose" -> verbose = true;
                case "--queue", "--stack", "--region", "--endpoint-url", "--max", "--wait-seconds",
                     "--guardduty-function", "--alarm-function", "--poller-function" -> {
                    String value;
                    if (arg.contains("=")) {
                        value = arg.substring(arg.indexOf('=') + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new CannotRedrive(name + " needs a value");
                    }
                    if (value.isBlank()) {
                        throw new CannotRedrive(name + " needs a value");
                    }
                    switch (name) {
                        case "--queue" -> queue = value;
                        case "--stack" -> stack = value;
                        case "--region" -> region = value;
                        case "--endpoint-url" -> endpointUrl = value;
                        case "--max" -> max = number(name, value, 1, 1_000_000);
                        case "--wait-seconds" -> wait = number(name, value, 0, 20);
                        default -> functions.put(FUNCTION_OPTIONS.get(name), value);
                    }
                }
                default -> throw new CannotRedrive(arg.startsWith("-")
                        ? "unknown option " + SafeText.bounded(name, 40) + " (redrive --help lists them)"
                        : "unexpected argument '" + SafeText.bounded(arg, 60) + "': name the queue with --queue");
            }
        }
        return new RedriveOptions(Optional.ofNullable(queue), Optional.ofNullable(stack), Optional.ofNullable(region),
                Optional.ofNullable(endpointUrl), functions, local, dryRun, max, wait, json, verbose);
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CannotRedrive(option + " takes a whole number from " + min + " to " + max + ", got '" + SafeText.bounded(value, 40) + "'");
    }
}
