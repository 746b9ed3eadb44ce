package io.incidentresponse.local.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentresponse.functions.alarm.AlarmIncidentHandler;
import io.incidentresponse.functions.guardduty.GuardDutyFindingHandler;
import io.incidentresponse.local.corpus.EventCorpus.Kind;
import io.incidentresponse.local.corpus.EventCorpus.Mutation;
import io.incidentresponse.local.corpus.EventCorpus.Sample;
import io.incidentresponse.local.emulator.ModelCheck;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.dryrun.SdkJson;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.event.MalformedEventException;
import io.incidentresponse.shared.function.SignalFunction;
import io.incidentresponse.shared.function.SignalSettings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.testing.InMemoryLedger;
import io.incidentresponse.shared.testing.MutableClock;
import io.incidentresponse.shared.testing.RecordingIncidentManager;
import io.incidentresponse.shared.testing.RecordingSecurityIr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tolerant reader, pinned over the whole sample corpus: every finding and alarm under events/,
 * with each non-essential member (at any depth, array elements included) removed, set to null, and
 * replaced by a value of each other JSON type, still opens its case or incident (or is ignored for
 * the same reason as the original), and every request it makes passes the emulator's validation
 * against the service model. The envelope's source and detail-type may be missing, never
 * different. A second test applies several mutations at once, from a fixed seed. (jqwik would add
 * shrinking, but the one-at-a-time walk is exhaustive and a failure names its one member already.)
 *
 * <p>Each variant runs the real handler with a fresh in-memory ledger and recording SDK clients;
 * every request it made is checked by the emulator's validator against the bundled service models
 * (as the JSON body the SDK sends: {@link SdkJson}, pinned to the real client by SdkJsonTest). So
 * the whole corpus takes seconds. The counts are printed
 * (target/surefire-reports/...EventCorpusMutationTest-output.txt).
 */
class EventCorpusMutationTest {
    private static final String PLAN = "arn:aws:ssm-incidents::123456789012:response-plan/ops";
    private static final Set<String> ROUTING = Set.of("/source", "/detail-type");
    // Besides the severity, what makes a finding ignored: changing it may open a case the original did not,
    // or archive a finding that was not (archived "false" replaced by true).
    private static final List<String> DECIDING = List.of("/detail/service/archived", "/detail/service/additionalInfo");
    // The members an essential falls back to (the finding's region, the alarm's ARN, region and account):
    // each is changed alone by the first test; changed together they may rightly leave no region or account.
    private static final List<String> FALLBACKS = List.of("/region", "/account", "/resources", "/detail/region");
    private static final int MAX_REPORTED = 25;

    private final SignalSettings settings = SignalSettings.from(new Settings(Map.of("LEDGER_TABLE", "corpus",
            "DEFAULT_RESPONSE_PLAN_ARN", PLAN)));

    /** One request the delivery made, as its JSON body. */
    record Request(String service, String operation, ObjectNode input) {
        List<String> violations() {
            return ModelCheck.violations(service, operation, input);
        }
    }

    /** What one delivery came to, and the requests it made. */
    record Answer(String status, String key, String detail, List<Request> requests) {
        boolean opened() {
            return status.equals("created");
        }

        boolean noted() {
            return requests.stream().anyMatch(r -> r.input().toString().contains("could not be read"));
        }
    }

    /** The tally the lead quotes: how many variants, and what they came to. */
    static final class Tally {
        int variants;
        int opened;
        int openedWithNotes;
        int ignoredAlike;
        int ignoredAsChanged;
        int refusedAsExpected;
        final List<String> failures = new ArrayList<>();

        void fail(String what) {
            if (failures.size() < MAX_REPORTED) {
                failures.add(what);
            }
        }
    }

    @Test
    void everyNonEssentialMemberMissingNullOrOfAnotherTypeStillOpensItsCaseOrIsIgnoredAlike() {
        // given every finding and alarm sample, and what each comes to as it is
        List<Sample> samples = EventCorpus.samples();
        Tally tally = new Tally();
        int originalsOpened = 0;

        for (Sample sample : samples) {
            Answer original = deliver(sample.kind(), sample.event());
            if (original.status().equals("rejected")) {
                continue; // the malformed samples: nothing to keep open
            }
            originalsOpened += original.opened() ? 1 : 0;
            checkRequests(sample.name() + " as it is", original, tally);
            // when each member is changed, one at a time
            for (Mutation mutation : EventCorpus.mutations(sample)) {
                Answer variant = deliver(sample.kind(), mutation.applyTo(sample.event()));
                // then
                judge(sample.name() + " " + mutation, List.of(mutation), original, variant, tally);
            }
        }

        System.out.printf("corpus: %d samples (%d open a case or incident as they are); %d one-member variants: %d opened "
                        + "(%d of them noting a part that could not be read), %d ignored for the original's reason, "
                        + "%d ignored because the change archived it, %d refused for a different source or detail-type; %d failures%n",
                samples.size(), originalsOpened, tally.variants, tally.opened, tally.openedWithNotes, tally.ignoredAlike,
                tally.ignoredAsChanged, tally.refusedAsExpected, tally.failures.size());
        assertEquals(List.of(), tally.failures);
        assertTrue(samples.size() >= 20, "the corpus is every finding and alarm under events/: " + samples.size());
        assertTrue(tally.variants > 5_000, "variants: " + tally.variants);
    }

    @Test
    void severalMembersChangedAtOnceStillOpenTheCaseOrAreIgnoredAlike() {
        // given a fixed seed, so a failure replays exactly
        Random random = new Random(20261014L);
        Tally tally = new Tally();

        for (Sample sample : EventCorpus.samples()) {
            Answer original = deliver(sample.kind(), sample.event());
            if (original.status().equals("rejected")) {
                continue;
            }
            List<Mutation> candidates = EventCorpus.mutations(sample).stream().filter(m -> !ROUTING.contains(m.pointer())
                    && FALLBACKS.stream().noneMatch(f -> m.pointer().equals(f) || m.pointer().startsWith(f + "/"))).toList();
            for (int i = 0; i < 60; i++) {
                // when 2 to 6 members are changed together
                ObjectNode event = sample.event().deepCopy();
                List<Mutation> applied = new ArrayList<>();
                for (int n = 2 + random.nextInt(5); n > 0; n--) {
                    Mutation mutation = candidates.get(random.nextInt(candidates.size()));
                    if (mutation.apply(event)) {
                        applied.add(mutation);
                    }
                }
                // then
                judge(sample.name() + " " + applied, applied, original, deliver(sample.kind(), event), tally);
            }
        }

        System.out.printf("corpus: %d multi-member variants: %d opened (%d noting a part that could not be read), %d ignored alike, "
                + "%d ignored because a change archived it; %d failures%n", tally.variants, tally.opened, tally.openedWithNotes,
                tally.ignoredAlike, tally.ignoredAsChanged, tally.failures.size());
        assertEquals(List.of(), tally.failures);
    }

    private void judge(String what, List<Mutation> mutations, Answer original, Answer variant, Tally tally) {
        tally.variants++;
        checkRequests(what, variant, tally);
        boolean routing = mutations.size() == 1 && ROUTING.contains(mutations.get(0).pointer());
        if (routing && !missing(mutations.get(0))) {
            String member = mutations.get(0).pointer().substring(1);
            if (variant.status().equals("rejected") && variant.detail().contains(member)) {
                tally.refusedAsExpected++;
            } else {
                tally.fail(what + ": expected a rejection naming " + member + ", got " + variant);
            }
            return;
        }
        boolean deciding = mutations.stream().anyMatch(m -> DECIDING.stream().anyMatch(d -> m.pointer().startsWith(d))
                || m.pointer().equals("/detail/service"));
        if (variant.opened() && (original.opened() || deciding) && original.key().equals(variant.key())) {
            tally.opened++;
            tally.openedWithNotes += variant.noted() ? 1 : 0;
        } else if (variant.status().equals(original.status()) && !variant.opened() && original.key().equals(variant.key())
                && withoutTimes(original.detail()).equals(withoutTimes(variant.detail()))) {
            tally.ignoredAlike++;
        } else if (deciding && variant.status().equals("ignored") && original.key().equals(variant.key())) {
            tally.ignoredAsChanged++; // e.g. archived "false" replaced by true: now it is archived
        } else {
            tally.fail(what + ": the original came to " + original.status() + " " + original.key() + " (" + original.detail()
                    + "), the variant to " + variant.status() + " " + variant.key() + " (" + variant.detail() + ")");
        }
    }

    /** An ignored recovery names when it happened, which may come from the state or the event time: the reason is the rest. */
    private static String withoutTimes(String detail) {
        return detail.replaceAll("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z", "(time)");
    }

    /** A routing member missing, null or blank is taken as the function's own. */
    private static boolean missing(Mutation mutation) {
        return mutation.replacement() == null || mutation.replacement().isNull()
                || mutation.replacement().isTextual() && mutation.replacement().asText().isBlank();
    }

    private static void checkRequests(String what, Answer answer, Tally tally) {
        for (Request request : answer.requests()) {
            if (!request.violations().isEmpty()) {
                tally.fail(what + ": " + request.operation() + " fails the service model: " + request.violations());
            }
        }
        if (answer.opened() && answer.requests().stream().noneMatch(r -> r.operation().equals("CreateCase")
                || r.operation().equals("StartIncident"))) {
            tally.fail(what + ": opened without a CreateCase or StartIncident");
        }
    }

    private Answer deliver(Kind kind, JsonNode event) {
        MutableClock clock = new MutableClock(Instant.parse("2026-10-14T10:00:00Z"));
        RecordingSecurityIr securityIr = new RecordingSecurityIr();
        RecordingIncidentManager incidents = new RecordingIncidentManager();
        Map<Target, CaseTarget> targets = Map.of(Target.SECURITY_IR, new SecurityIrCases(securityIr),
                Target.INCIDENT_MANAGER, new IncidentManagerIncidents(incidents));
        RequestStreamHandler handler = kind == Kind.FINDING
                ? new GuardDutyFindingHandler(SignalFunction.pipeline(new FindingSource(), settings, new InMemoryLedger(), targets, clock,
                        clock::advance, JsonLog.discard()))
                : new AlarmIncidentHandler(SignalFunction.pipeline(SignalFunction.alarmSource(settings), settings, new InMemoryLedger(),
                        targets, clock, clock::advance, JsonLog.discard()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String status;
        String key = null;
        String detail;
        try {
            handler.handleRequest(new ByteArrayInputStream(EventJson.MAPPER.writeValueAsBytes(event)), out, null);
            JsonNode outcome = EventJson.MAPPER.readTree(out.toByteArray());
            status = outcome.path("status").asText();
            key = outcome.path("signalKey").asText(null);
            detail = outcome.path("detail").asText("");
        } catch (MalformedEventException e) {
            status = "rejected";
            detail = e.getMessage();
        } catch (IOException | RuntimeException e) {
            status = "error";
            detail = e.toString();
        }
        List<Request> requests = new ArrayList<>();
        securityIr.createCaseRequests.forEach(r -> requests.add(new Request("security-ir", "CreateCase", SdkJson.of(r))));
        securityIr.commentRequests.forEach(r -> requests.add(new Request("security-ir", "CreateCaseComment", SdkJson.of(r))));
        incidents.startRequests.forEach(r -> requests.add(new Request("ssm-incidents", "StartIncident", SdkJson.of(r))));
        incidents.timelineRequests.forEach(r -> requests.add(new Request("ssm-incidents", "CreateTimelineEvent", SdkJson.of(r))));
        incidents.updateRequests.forEach(r -> requests.add(new Request("ssm-incidents", "UpdateIncidentRecord", SdkJson.of(r))));
        return new Answer(status, key, detail, requests);
    }
}
