package io.incidentresponse.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.alarm.AlarmIncidentHandler;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.emulator.Emulator;
import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Outcome;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.tracking.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;

/**
 * The three functions: where each one's artifact is, which sample event starts it, what its
 * second (warm) invocation is, what must be in the ledger before it runs, and what a correct run
 * did (checked after every launch, so a figure is never that of a failing function).
 */
enum LambdaFunction {
    /** First: the sample finding opens a Security IR case. Warm: another finding (another id) opens another. */
    GUARDDUTY_FINDING("guardduty-finding", "GuardDutyFindingFunction", "events/guardduty/ec2-ssh-brute-force.json", "finding") {
        @Override
        JsonNode warmEvent(JsonNode first, int number) {
            ObjectNode event = withNewEventId(first);
            ObjectNode detail = (ObjectNode) event.get("detail");
            String findingId = detail.path("id").asText();
            detail.put("id", findingId + WARM + number);
            detail.put("arn", detail.path("arn").asText().replace(findingId, findingId + WARM + number));
            return event;
        }

        @Override
        List<String> check(List<JsonNode> outputs, Map<String, Integer> calls) {
            List<String> problems = new ArrayList<>(allCreated(outputs));
            problems.addAll(expect(count(calls, "CreateCase", outputs.size())));
            return problems;
        }
    },

    /** First: the sample ALARM opens an Incident Manager incident. Warm: another alarm in ALARM opens another. */
    ALARM_INCIDENT("alarm-incident", "AlarmIncidentFunction", "events/alarm/01-api-5xx-alarm.json", "alarm") {
        @Override
        JsonNode warmEvent(JsonNode first, int number) {
            ObjectNode event = withNewEventId(first);
            ObjectNode detail = (ObjectNode) event.get("detail");
            String name = detail.path("alarmName").asText();
            detail.put("alarmName", name + WARM + number);
            var resources = event.withArray("resources");
            for (int i = 0; i < resources.size(); i++) {
                resources.set(i, resources.get(i).asText().replace(":alarm:" + name, ":alarm:" + name + WARM + number));
            }
            return event;
        }

        @Override
        List<String> check(List<JsonNode> outputs, Map<String, Integer> calls) {
            List<String> problems = new ArrayList<>(allCreated(outputs));
            problems.addAll(expect(count(calls, "StartIncident", outputs.size())));
            return problems;
        }
    },

    /**
     * Before the launch the ledger holds what the two signal functions leave behind ten minutes
     * earlier: the sample finding's Security IR case and the sample alarm's incident, both due;
     * then the case moves to Acknowledged and the incident is resolved. First: a scheduled run
     * polls both (GetCase, GetIncidentRecord), records both changes and publishes two Case Status
     * Changed events. Warm: the next scheduled run, which finds nothing due (the first brought every
     * item up to date), so it only queries the due-item index.
     */
    CASE_POLLER("case-poller", "CasePollerFunction", "events/schedule/scheduled-poll.json", null) {
        @Override
        JsonNode warmEvent(JsonNode first, int number) {
            return withNewEventId(first);
        }

        @Override
        void prepare(Map<String, String> environment, Emulator emulator, Path root) {
            Settings settings = new Settings(environment);
            // The signal functions' own code, on a clock ten minutes back: their first poll
            // (TrackerSettings.firstPoll, five minutes after opening) is then five minutes overdue.
            Clock tenMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
            try (ClientFactory clients = new ClientFactory(settings, StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("coldstart", "coldstart")));
                 DynamoDbClient dynamo = clients.dynamoDb();
                 SecurityIrClient securityIr = clients.securityIr();
                 SsmIncidentsClient incidents = clients.ssmIncidents()) {
                SignalSettings signalSettings = SignalSettings.from(settings);
                DynamoDbLedger ledger = new DynamoDbLedger(dynamo, signalSettings.ledgerTable());
                Map<Target, CaseTarget> targets = Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr),
                        Target.INCIDENT_MANAGER, new IncidentManagerIncidents(incidents));
                JsonNode caseOutcome = invokeInProcess((in, out) -> new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(),
                                signalSettings, ledger, targets, tenMinutesAgo, Sleeper.REAL, JsonLog.discard())).handleRequest(in, out, null),
                        root.resolve(GUARDDUTY_FINDING.sampleEvent));
                JsonNode incidentOutcome = invokeInProcess((in, out) -> new AlarmIncidentHandler(SignalFunction.pipeline(
                                SignalFunction.alarmSource(signalSettings), signalSettings, ledger, targets, tenMinutesAgo, Sleeper.REAL,
                                JsonLog.discard())).handleRequest(in, out, null),
                        root.resolve(ALARM_INCIDENT.sampleEvent));
                List<String> problems = expect(status(caseOutcome, "seeded case", Outcome.CREATED),
                        status(incidentOutcome, "seeded incident", Outcome.CREATED));
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("could not seed the poller's ledger: " + problems);
                }
                emulator.securityIr().setCaseStatus(caseOutcome.path("externalId").asText(), "Acknowledged");
                emulator.incidentManager().resolveIncident(incidentOutcome.path("externalId").asText());
            }
        }

        @Override
        List<String> check(List<JsonNode> outputs, Map<String, Integer> calls) {
            List<String> problems = new ArrayList<>();
            JsonNode first = outputs.getFirst();
            if (first.path("polled").asInt(-1) != 2 || first.path("changed").asInt(-1) != 2 || first.path("failed").asInt(-1) != 0) {
                problems.add("first run should poll 2 items and find both changed, none failed: " + first);
            }
            for (JsonNode warm : outputs.subList(1, outputs.size())) {
                if (warm.path("polled").asInt(-1) != 0 || warm.path("failed").asInt(-1) != 0) {
                    problems.add("a warm run should find nothing due: " + warm);
                }
            }
            problems.addAll(expect(count(calls, "GetCase", 1), count(calls, "GetIncidentRecord", 1),
                    count(calls, STATUS_EVENTS_DELIVERED, 2)));
            return problems;
        }
    };

    /** Not an emulator call: the Case Status Changed events a rule delivered to its queue on the local engine. */
    static final String STATUS_EVENTS_DELIVERED = "Case Status Changed event delivered";

    private static final String WARM = "-warm";

    final String name;
    final String logicalId;
    final String sampleEvent;
    /** The Python peer's argument (benchmarks/peer/signal_peer.py), null where there is no peer. */
    final String peerKind;

    LambdaFunction(String name, String logicalId, String sampleEvent, String peerKind) {
        this.name = name;
        this.logicalId = logicalId;
        this.sampleEvent = sampleEvent;
        this.peerKind = peerKind;
    }

    /** The event of the warm invocation {@code number} (1, 2, ...), made from the first: a new signal each. */
    abstract JsonNode warmEvent(JsonNode first, int number);

    /** What must exist before the launch (the ledger table exists and is empty; the emulator is reset). */
    void prepare(Map<String, String> environment, Emulator emulator, Path root) {
    }

    /**
     * Problems with a launch, none if it did what it should: the invocations' outputs (the first,
     * then the warm ones), the emulator's successful calls during the launch by operation, and the
     * status events delivered ({@link #STATUS_EVENTS_DELIVERED}).
     */
    abstract List<String> check(List<JsonNode> outputs, Map<String, Integer> calls);

    private static List<String> allCreated(List<JsonNode> outputs) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            String problem = status(outputs.get(i), i == 0 ? "first" : "warm " + i, Outcome.CREATED);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    static LambdaFunction named(String name) {
        for (LambdaFunction function : values()) {
            if (function.name.equals(name)) {
                return function;
            }
        }
        throw new IllegalArgumentException("no function " + name + " (one of guardduty-finding, alarm-incident, case-poller)");
    }

    /** Where {@code ./mvnw -pl functions/<name> -am package} leaves the function's module output. */
    Path target(Path root) {
        return root.resolve("functions").resolve(name).resolve("target");
    }

    /**
     * The deployment artifact's class path, as {@code sam build} lays it out (the root Makefile):
     * the function jar and every jar of {@code target/lambda/lib}.
     */
    List<Path> classPath(Path root) {
        Path target = target(root);
        List<Path> jars = new ArrayList<>();
        try (var files = Files.list(target)) {
            files.filter(p -> {
                String file = p.getFileName().toString();
                return file.startsWith(name + "-") && file.endsWith(".jar") && !file.endsWith("-sources.jar")
                        && !file.endsWith("-javadoc.jar") && !file.endsWith("-tests.jar") && !file.endsWith("-test-sources.jar");
            }).sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException(missing(target), e);
        }
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one " + name + " jar in " + target + ", found " + jars + ": " + missing(target));
        }
        Path lib = target.resolve("lambda").resolve("lib");
        try (var files = Files.list(lib)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
        } catch (IOException e) {
            throw new IllegalStateException(missing(target), e);
        }
        return jars;
    }

    private String missing(Path target) {
        return "build the function first: ./mvnw -B -q -pl functions/" + name + " -am package -DskipTests (./dev coldstart does)"
                + " [looked in " + target + "]";
    }

    static ObjectNode withNewEventId(JsonNode event) {
        ObjectNode copy = event.deepCopy();
        copy.put("id", UUID.randomUUID().toString());
        return copy;
    }

    private interface StreamHandler {
        void handle(java.io.InputStream in, java.io.OutputStream out) throws IOException;
    }

    private static JsonNode invokeInProcess(StreamHandler handler, Path event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handle(new ByteArrayInputStream(Files.readAllBytes(event)), out);
            return EventJson.MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String status(JsonNode outcome, String which, String expected) {
        String status = outcome.path("status").asText(null);
        return expected.equals(status) ? null : which + " invocation should be " + expected + ": " + outcome;
    }

    private static String count(Map<String, Integer> calls, String operation, int expected) {
        int actual = calls.getOrDefault(operation, 0);
        return actual == expected ? null : expected + " successful " + operation + " call(s) expected, " + actual + " made";
    }

    /** The non-null ones of {@code problems}. */
    private static List<String> expect(String... problems) {
        return java.util.Arrays.stream(problems).filter(java.util.Objects::nonNull).toList();
    }
}
