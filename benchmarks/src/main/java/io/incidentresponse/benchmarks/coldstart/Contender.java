package io.incidentresponse.benchmarks.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentresponse.benchmarks.coldstart.probe.EchoHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One row of the comparison, launched once per round: a function as deployed, the Python boto3
 * peer of a signal function ({@code benchmarks/peer/signal_peer.py}, a baseline making the same
 * calls), or the Java hello-world handler ({@link EchoHandler}: the JVM and the probe, nothing else).
 */
record Contender(String name, Kind kind, LambdaFunction function, boolean baseline) {
    /** PHASES: the guardduty function broken into phases (PhaseProbe); PHASE_CLASSES: the same, logging each class loaded. */
    enum Kind { FUNCTION, PEER, HELLO, PHASES, PHASE_CLASSES, PHASES_PRIMED }

    /**
     * The phase breakdown's rows: timed, with -Xlog:class+load (whose times are not used), and timed
     * with SnapStart's priming run after init (what a restored container's first invocation pays).
     */
    static final List<Contender> PHASE_ROWS = List.of(
            new Contender("guardduty-finding phases", Kind.PHASES, LambdaFunction.GUARDDUTY_FINDING, false),
            new Contender("guardduty-finding phases, class log", Kind.PHASE_CLASSES, LambdaFunction.GUARDDUTY_FINDING, false),
            new Contender("guardduty-finding phases, primed", Kind.PHASES_PRIMED, LambdaFunction.GUARDDUTY_FINDING, false));

    /** The hello handler runs on the guardduty function's events and its aws-lambda-java-core jar. */
    static final Contender HELLO = new Contender("java hello (echo)", Kind.HELLO, LambdaFunction.GUARDDUTY_FINDING, false);

    static Contender of(LambdaFunction function) {
        return new Contender(function.name, Kind.FUNCTION, function, false);
    }

    /** The function as another build has it (--baseline DIR: an A/B of a change, launched in the same rounds). */
    static Contender baselineOf(LambdaFunction function) {
        return new Contender(function.name + " @baseline", Kind.FUNCTION, function, true);
    }

    static Contender peerOf(LambdaFunction function) {
        if (function.peerKind == null) {
            throw new IllegalArgumentException(function.name + " has no Python peer");
        }
        return new Contender(function.name + " python peer", Kind.PEER, function, false);
    }

    /**
     * The rows of one round, in launch order: each function followed by its peer (when there is a
     * peer interpreter and the function has a peer), then the hello handler.
     */
    static List<Contender> rows(List<LambdaFunction> functions, boolean withPeers) {
        return rows(functions, withPeers, false);
    }

    /** As {@link #rows(List, boolean)}, with each function's baseline build right after it when {@code withBaseline}. */
    static List<Contender> rows(List<LambdaFunction> functions, boolean withPeers, boolean withBaseline) {
        List<Contender> rows = new ArrayList<>();
        for (LambdaFunction function : functions) {
            rows.add(of(function));
            if (withBaseline) {
                rows.add(baselineOf(function));
            }
            if (withPeers && function.peerKind != null) {
                rows.add(peerOf(function));
            }
        }
        rows.add(HELLO);
        return rows;
    }

    /** Whether a launch needs a ledger table, an emulator reset and the function's preparation. */
    boolean callsServices() {
        return kind != Kind.HELLO;
    }

    /** Problems with a launch, none if it did what it should (see {@link LambdaFunction#check}). */
    List<String> check(JsonNode firstEvent, List<JsonNode> outputs, Map<String, Integer> calls) {
        if (kind == Kind.HELLO) {
            return outputs.getFirst().equals(firstEvent) ? List.of() : List.of("the echo handler did not return its input: " + outputs.getFirst());
        }
        return function.check(outputs, calls);
    }
}
