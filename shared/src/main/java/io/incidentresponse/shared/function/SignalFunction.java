package io.incidentresponse.shared.function;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.clients.OnFirstUse;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.dryrun.DryRunIncidents;
import io.incidentresponse.shared.dryrun.DryRunRequests;
import io.incidentresponse.shared.dryrun.DryRunSecurityIr;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.metrics.FailedOperations;
import io.incidentresponse.shared.metrics.Metrics;
import io.incidentresponse.shared.pipeline.AlarmSource;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.pipeline.SignalSource;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.securityir.MembershipTeam;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.securityir.SecurityIrRegions;
import io.incidentresponse.shared.signal.CaseLinks;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.OpeningAnnouncer;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.status.StatusAnnouncer;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.Sleeper;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.securityir.SecurityIrClient;

/**
 * The composition root of the signal functions: builds one {@link SignalPipeline} from the
 * settings and the clients, once per container.
 */
public final class SignalFunction {
    /** The FunctionName dimension and the log's function outside Lambda (replay, tests). */
    public static final String FINDINGS = "guardduty-finding";
    public static final String ALARMS = "alarm-incident";

    private SignalFunction() {
    }

    /** What a signal function writes besides its result: its log and its metrics (standard output in Lambda). */
    public record Output(JsonLog log, Metrics metrics) {
        public static Output toStdout(Settings env, String fallbackName) {
            return new Output(JsonLog.toStdout(Metrics.functionName(env, fallbackName)), Metrics.toStdout(env, fallbackName));
        }

        public static Output discard() {
            return new Output(JsonLog.discard(), Metrics.discard());
        }

        /** The same lines, written elsewhere (tests, tools): what a deployed function would print. */
        public Output to(Consumer<String> sink) {
            return new Output(log.to(sink), metrics.to(sink));
        }
    }

    /** The GuardDuty finding function's pipeline. */
    public static SignalPipeline findings(Settings env, ClientFactory clients) {
        return findings(env, clients, Output.toStdout(env, FINDINGS));
    }

    public static SignalPipeline findings(Settings env, ClientFactory clients, Output output) {
        SignalSettings settings = SignalSettings.from(env);
        return pipeline(new FindingSource(), settings, clients, output, Clock.systemUTC());
    }

    /** The CloudWatch alarm function's pipeline. */
    public static SignalPipeline alarms(Settings env, ClientFactory clients) {
        return alarms(env, clients, Output.toStdout(env, ALARMS));
    }

    public static SignalPipeline alarms(Settings env, ClientFactory clients, Output output) {
        SignalSettings settings = SignalSettings.from(env);
        return pipeline(alarmSource(settings), settings, clients, output, Clock.systemUTC());
    }

    public static AlarmSource alarmSource(SignalSettings settings) {
        return new AlarmSource(settings.autoResolve(), settings.insufficientDataTimeline());
    }

    /** A pipeline over the given ledger and targets that announces nothing and counts nothing (tests, tools). */
    public static SignalPipeline pipeline(SignalSource source, SignalSettings settings, Ledger ledger, Map<Target, CaseTarget> targets,
                                          Clock clock, Sleeper sleeper, JsonLog log) {
        return pipeline(source, settings, ledger, targets, OpeningAnnouncer.NONE, new CaseLinks("us-east-1", "us-east-1"),
                new Output(log, Metrics.discard()), new FailedOperations(), clock, sleeper);
    }

    /** A pipeline over the given ledger, targets and announcer (tests, tools). */
    public static SignalPipeline pipeline(SignalSource source, SignalSettings settings, Ledger ledger, Map<Target, CaseTarget> targets,
                                          OpeningAnnouncer announcer, CaseLinks links, Output output, FailedOperations failedOperations,
                                          Clock clock, Sleeper sleeper) {
        return pipeline(source, settings, ledger, targets, announcer, links, output, failedOperations, clock, sleeper, null);
    }

    private static SignalPipeline pipeline(SignalSource source, SignalSettings settings, Ledger ledger, Map<Target, CaseTarget> targets,
                                           OpeningAnnouncer announcer, CaseLinks links, Output output, FailedOperations failedOperations,
                                           Clock clock, Sleeper sleeper, DryRunRequests dryRun) {
        return new SignalPipeline(source, new Router(settings.routing()),
                new SignalTracker(ledger, targets, settings.tracking(), settings.budget(), announcer, links, output.metrics(), clock,
                        sleeper, output.log()),
                output.log(), output.metrics(), failedOperations, dryRun);
    }

    /**
     * Over the factory's clients (Lambda's, or SnapStart's priming). DynamoDB is built now: every
     * invocation reads the ledger. Each target is built with its client on the first signal routed
     * to it, and EventBridge on the first Case Opened (once per container), so a deployment whose
     * rules never route to Incident Manager (or Security IR) never builds or loads that client.
     */
    static SignalPipeline pipeline(SignalSource source, SignalSettings settings, ClientFactory clients, Output output, Clock clock) {
        if (settings.dryRun()) {
            return dryRun(source, settings, clients, output, clock);
        }
        JsonLog log = output.log();
        String membershipRegion = clients.securityIrRegion().id();
        SecurityIrRegions.warning(membershipRegion).ifPresent(log::warn);
        Map<Target, CaseTarget> targets = new EnumMap<>(Target.class);
        targets.put(Target.SECURITY_IR, FirstUse.caseTarget(() -> {
            SecurityIrClient securityIr = clients.securityIr();
            return new SecurityIrCases(securityIr, membershipTeam(settings, securityIr, membershipRegion, clock, log));
        }));
        targets.put(Target.INCIDENT_MANAGER, FirstUse.caseTarget(() -> new IncidentManagerIncidents(clients.ssmIncidents())));
        OpeningAnnouncer announcer = new StatusAnnouncer(new OnFirstUse<>(clients::eventBridge), settings.eventBus());
        return pipeline(source, settings, new DynamoDbLedger(clients.dynamoDb(), settings.ledgerTable()), targets, announcer,
                new CaseLinks(clients.region().id(), membershipRegion), output, clients.failedOperations(), clock, Sleeper.REAL);
    }

    /**
     * DRY_RUN: everything but the targets is real (the ledger, under its dry-run keys); the targets
     * record what they would send. No Security IR or Incident Manager client is even made, and the
     * membership's team is not read (that is a Security IR call too), so its watchers are not in
     * the logged requests.
     */
    private static SignalPipeline dryRun(SignalSource source, SignalSettings settings, ClientFactory clients, Output output, Clock clock) {
        output.log().warn("DRY_RUN is on: no case or incident is opened or changed; every request is logged instead",
                "dryRun", true, "watchersFromMembership", settings.watchersFromMembership() ? "not read in a dry run" : null);
        return dryRun(source, settings, DynamoDbLedger.dryRun(clients.dynamoDb(), settings.ledgerTable()), output,
                clients.failedOperations(), clock, Sleeper.REAL);
    }

    /** A dry run's pipeline over the given ledger (tests, tools): its targets only record and log what they would send. */
    public static SignalPipeline dryRun(SignalSource source, SignalSettings settings, Ledger ledger, Clock clock, Sleeper sleeper,
                                        JsonLog log) {
        return dryRun(source, settings, ledger, new Output(log, Metrics.discard()), new FailedOperations(), clock, sleeper);
    }

    /** Nothing is announced either: a dry run opens no case, so there is no Case Opened to tell. */
    public static SignalPipeline dryRun(SignalSource source, SignalSettings settings, Ledger ledger, Output output,
                                         FailedOperations failedOperations, Clock clock, Sleeper sleeper) {
        DryRunRequests requests = new DryRunRequests(output.log());
        Map<Target, CaseTarget> targets = new EnumMap<>(Target.class);
        targets.put(Target.SECURITY_IR, new SecurityIrCases(new DryRunSecurityIr(requests)));
        targets.put(Target.INCIDENT_MANAGER, new IncidentManagerIncidents(new DryRunIncidents(requests)));
        return pipeline(source, settings, ledger, targets, OpeningAnnouncer.NONE, new CaseLinks("us-east-1", "us-east-1"), output,
                failedOperations, clock, sleeper, requests);
    }

    /** The membership's team, read on the first case (nothing is called at start-up), or none when switched off. */
    private static MembershipTeam membershipTeam(SignalSettings settings, SecurityIrClient securityIr, String membershipRegion,
                                                Clock clock, JsonLog log) {
        return settings.watchersFromMembership()
                ? new MembershipTeam(securityIr, membershipRegion, settings.membershipRefresh(), clock, log)
                : MembershipTeam.none();
    }
}
