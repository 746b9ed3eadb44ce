package io.incidentresponse.local.redrive;

import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;
import java.io.PrintStream;
import java.util.Set;

/**
 * {@code --local}: the function's handler in this process, as replay runs it, against the
 * configured endpoints. Here the outcome is known at once: a case opened, a repeat, an ignored
 * signal succeed; a rejected event or a handler that throws (the target keeps failing) fail, and
 * the message stays.
 */
final class InProcessRedelivery implements Redelivery {
    private static final Set<String> FAILED = Set.of("error", "rejected");

    private final Replay replay;
    private final PrintStream handlerLogs;

    /** @param handlerLogs where the handlers' own log lines go (they write to standard output, as in Lambda) */
    InProcessRedelivery(Replay replay, PrintStream handlerLogs) {
        this.replay = replay;
        this.handlerLogs = handlerLogs;
    }

    @Override
    public Target target(TemplateFunctions.Function function, FailureMessage message) {
        return Target.to(function.handlerClass().substring(function.handlerClass().lastIndexOf('.') + 1) + " (in-process)");
    }

    @Override
    public Delivery deliver(Target target, TemplateFunctions.Function function, FailureMessage message, String messageId) {
        byte[] event = message.eventBytes();
        PrintStream original = System.out;
        Replay.Result result;
        System.setOut(handlerLogs);
        try {
            result = replay.replay("message " + messageId, event);
        } finally {
            System.setOut(original);
        }
        String detail = String.join(" ", result.outcome(), result.externalId() == null ? "" : result.externalId(),
                result.detail() == null ? "" : result.detail()).replaceAll("\\s+", " ").trim();
        return new Delivery(!FAILED.contains(result.outcome()), detail);
    }

    @Override
    public String describe() {
        return "the handlers in this process (--local), over the configured endpoints";
    }
}
