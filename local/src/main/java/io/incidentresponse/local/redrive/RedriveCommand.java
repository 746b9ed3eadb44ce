package io.incidentresponse.local.redrive;

import io.incidentresponse.local.replay.LocalServices;
import io.incidentresponse.local.replay.Replay;
import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.template.SamTemplate;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.text.SafeText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * {@code redrive}: the failure queue back into the functions (see {@link Redrive}). Which queue:
 * {@code --queue} (URL, name or ARN), else the stack's FailureQueueUrl output ({@code --stack}),
 * else with {@code --local} the local failure queue. Which functions: the deployed ones by
 * asynchronous Invoke, or with {@code --local} the handlers in this process.
 */
public final class RedriveCommand {
    /** How a run ended: messages handled, and how many of them are a problem (failed, unrecognised, not deleted). */
    public record Outcome(int messages, int problems) {
    }

    private RedriveCommand() {
    }

    /**
     * @throws CannotRedrive for what stops it before (or while) reading the queue: usage, no region,
     *                       no credentials, no stack, no queue
     */
    public static Outcome run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        RedriveOptions options = RedriveOptions.parse(args);
        PrintStream handlerLogs = options.verbose() ? err : new PrintStream(OutputStream.nullOutputStream());
        if (options.local()) {
            if (!options.functionNames().isEmpty()) {
                throw new CannotRedrive("--local runs the handlers in this process: the --*-function options name deployed "
                        + "functions, and go without --local");
            }
            try (LocalServices services = LocalServices.start(env); ClientFactory clients = services.clients()) {
                AwsAccess access = AwsAccess.resolve(options, services.environment(), Optional.of(services.credentials()));
                Optional<StackOutputs> stack = stack(options, access);
                String queue = options.queue().or(() -> stack.flatMap(StackOutputs::failureQueueUrl))
                        .or(() -> Optional.ofNullable(services.environment().get(LocalServices.FAILURE_QUEUE_URL)))
                        .orElseThrow(() -> new CannotRedrive("name the queue: --queue <URL, name or ARN>, or --stack <name>"));
                Replay replay = new Replay(TemplateFunctions.fromClasspath(), services.settings(), clients);
                try (SqsClient sqs = access.sqs()) {
                    return drive(options, access, sqs, queue, new InProcessRedelivery(replay, handlerLogs), out);
                }
            }
        }
        AwsAccess access = AwsAccess.resolve(options, env, Optional.empty());
        Optional<StackOutputs> stack = stack(options, access);
        Map<String, String> functionNames = new HashMap<>(stack.map(StackOutputs::functionArns).orElse(Map.of()));
        functionNames.putAll(options.functionNames());
        String queue = options.queue().or(() -> stack.flatMap(StackOutputs::failureQueueUrl)).orElseThrow(() -> new CannotRedrive(
                stack.isPresent() ? "the stack has no FailureQueueUrl output: name the queue with --queue <URL, name or ARN>"
                        : "name the queue: --queue <URL, name or ARN>, or --stack <name> (its FailureQueueUrl output)"));
        try (SqsClient sqs = access.sqs(); LambdaClient lambda = access.lambda()) {
            return drive(options, access, sqs, queue, new LambdaRedelivery(lambda, functionNames, access.describe("LAMBDA")), out);
        }
    }

    /** The stack's outputs, when one is named. */
    private static Optional<StackOutputs> stack(RedriveOptions options, AwsAccess access) {
        if (options.stack().isEmpty()) {
            return Optional.empty();
        }
        try (CloudFormationClient cloudFormation = access.cloudFormation()) {
            return Optional.of(StackOutputs.describe(cloudFormation, options.stack().get(), SamTemplate.bundled(),
                    access.describe("CLOUDFORMATION")));
        }
    }

    private static Outcome drive(RedriveOptions options, AwsAccess access, SqsClient sqs, String queue, Redelivery redelivery,
                                 PrintStream out) {
        String queueUrl = queueUrl(sqs, queue, access);
        String depth = depth(sqs, queueUrl, access);
        if (!options.json()) {
            out.println((options.dryRun() ? "Dry run (nothing is delivered or deleted): " : "Redriving ") + queueUrl + depth);
            out.println("  to " + redelivery.describe());
            out.println();
            out.printf("%-36s %-36s %-14s %-24s %-13s %s%n", "MESSAGE ID", "EVENT ID", "SHAPE", "FUNCTION", "RESULT", "TARGET, DETAIL");
        }
        Redrive redrive = new Redrive(sqs, queueUrl, TemplateFunctions.fromClasspath(), redelivery, options.dryRun(), options.max(),
                options.waitSeconds());
        List<Redrive.Line> lines;
        try {
            lines = redrive.run(line -> print(line, options.json(), out));
        } catch (SdkException e) {
            throw new CannotRedrive("cannot read " + queueUrl + ": " + SafeText.bounded(e.getMessage(), 300), e);
        }
        int problems = (int) lines.stream().filter(Redrive.Line::problem).count();
        if (!options.json()) {
            out.println();
            out.println(summary(lines, options));
            redrive.notes().forEach(note -> out.println("note: " + note));
        }
        return new Outcome(lines.size(), problems);
    }

    private static String summary(List<Redrive.Line> lines, RedriveOptions options) {
        long redriven = lines.stream().filter(l -> l.result().equals(Redrive.Line.REDRIVEN) && !l.kept()).count();
        long would = lines.stream().filter(l -> l.result().equals(Redrive.Line.WOULD_REDRIVE)).count();
        long failed = lines.stream().filter(l -> l.result().equals(Redrive.Line.FAILED)).count();
        long unrecognised = lines.stream().filter(l -> l.result().equals(Redrive.Line.UNRECOGNISED)).count();
        long undeleted = lines.stream().filter(l -> l.result().equals(Redrive.Line.REDRIVEN) && l.kept()).count();
        String bounded = lines.size() >= options.max() ? " (--max " + options.max() + " reached; more may be waiting)" : "";
        if (options.dryRun()) {
            return lines.size() + " message(s)" + bounded + ": " + would + " would be redriven, " + (failed + unrecognised)
                    + " could not be (" + failed + " without a function, " + unrecognised + " unrecognised); all are still in the queue";
        }
        return lines.size() + " message(s)" + bounded + ": " + redriven + " redriven and deleted, " + (failed + unrecognised + undeleted)
                + " still in the queue (" + failed + " failed, " + unrecognised + " unrecognised"
                + (undeleted > 0 ? ", " + undeleted + " redriven but not deleted" : "") + ")";
    }

    private static void print(Redrive.Line line, boolean json, PrintStream out) {
        if (json) {
            try {
                out.println(EventJson.MAPPER.writeValueAsString(line));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        String target = line.target() == null ? "" : line.target();
        String detail = line.detail() == null ? "" : line.detail();
        out.printf("%-36s %-36s %-14s %-24s %-13s %s%n", line.messageId(), line.eventId() == null ? "-" : line.eventId(), line.shape(),
                line.function() == null ? "-" : line.function(), line.result(),
                (target + (target.isEmpty() || detail.isEmpty() ? "" : "  ") + detail).trim());
    }

    /** The queue's URL: as given, or looked up by name (or by the name and account in an ARN). */
    static String queueUrl(SqsClient sqs, String queue, AwsAccess access) {
        if (queue.startsWith("https://") || queue.startsWith("http://")) {
            return queue;
        }
        Optional<String[]> arn = AwsAccess.ownerAndNameOfArn(queue);
        String name = arn.map(parts -> parts[1]).orElse(queue);
        try {
            return sqs.getQueueUrl(r -> r.queueName(name).queueOwnerAWSAccountId(arn.map(parts -> parts[0]).orElse(null))).queueUrl();
        } catch (SdkException e) {
            if (isMissingQueue(e)) {
                throw new CannotRedrive("no queue '" + SafeText.bounded(queue, 200) + "' (SQS at " + access.describe("SQS") + ")", e);
            }
            throw new CannotRedrive("cannot find the queue '" + SafeText.bounded(queue, 200) + "' (SQS at " + access.describe("SQS")
                    + "): " + SafeText.bounded(e.getMessage(), 300), e);
        }
    }

    /** " (3 message(s) waiting, 1 in flight)"; a queue that does not exist is an error here, before anything is read. */
    private static String depth(SqsClient sqs, String queueUrl, AwsAccess access) {
        try {
            GetQueueAttributesResponse attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
            return " (" + attributes.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + " message(s) waiting, "
                    + attributes.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight)";
        } catch (SdkException e) {
            if (isMissingQueue(e)) {
                throw new CannotRedrive("no queue at " + SafeText.bounded(queueUrl, 200) + " (SQS at " + access.describe("SQS") + ")", e);
            }
            return " (its depth is unknown: " + SafeText.bounded(e.getMessage(), 200) + ")";
        }
    }

    /**
     * SQS's answer for a queue that is not there: QueueDoesNotExist in its JSON protocol, the query
     * protocol's AWS.SimpleQueueService.NonExistentQueue from older servers and emulators.
     */
    static boolean isMissingQueue(SdkException e) {
        if (e instanceof QueueDoesNotExistException) {
            return true;
        }
        String code = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? String.valueOf(service.awsErrorDetails().errorCode()) : "";
        return code.contains("NonExistentQueue") || code.contains("QueueDoesNotExist");
    }
}
