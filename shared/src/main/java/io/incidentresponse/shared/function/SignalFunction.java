package io.incidentresponse.shared.function;

import io.incidentresponse.shared.clients.ClientFactory;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.incidents.IncidentManagerIncidents;
import io.incidentresponse.shared.ledger.DynamoDbLedger;
import io.incidentresponse.shared.ledger.Ledger;
import io.incidentresponse.shared.log.JsonLog;
import io.incidentresponse.shared.pipeline.AlarmSource;
import io.incidentresponse.shared.pipeline.FindingSource;
import io.incidentresponse.shared.pipeline.SignalPipeline;
import io.incidentresponse.shared.pipeline.SignalSource;
import io.incidentresponse.shared.routing.Router;
import io.incidentresponse.shared.securityir.MembershipTeam;
import io.incidentresponse.shared.securityir.SecurityIrCases;
import io.incidentresponse.shared.securityir.SecurityIrRegions;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Target;
import io.incidentresponse.shared.tracking.SignalTracker;
import io.incidentresponse.shared.tracking.Sleeper;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import software.amazon.awssdk.services.securityir.SecurityIrClient;

/**
 * The composition root of the signal functions: builds one {@link SignalPipeline} from the
 * settings and the clients, once per container.
 */
public final class SignalFunction {
    private SignalFunction() {
    }

    /** The GuardDuty finding function's pipeline. */
    public static SignalPipeline findings(Settings env, ClientFactory clients) {
        SignalSettings settings = SignalSettings.from(env);
        return pipeline(new FindingSource(), settings, clients);
    }

    /** The CloudWatch alarm function's pipeline. */
    public static SignalPipeline alarms(Settings env, ClientFactory clients) {
        SignalSettings settings = SignalSettings.from(env);
        return pipeline(alarmSource(settings), settings, clients);
    }

    public static AlarmSource alarmSource(SignalSettings settings) {
        return new AlarmSource(settings.autoResolve(), settings.insufficientDataTimeline());
    }

    /** A pipeline over the given ledger and targets (tests, tools). */
    public static SignalPipeline pipeline(SignalSource source, SignalSettings settings, Ledger ledger, Map<Target, CaseTarget> targets,
                                          Clock clock, Sleeper sleeper, JsonLog log) {
        return new SignalPipeline(source, new Router(settings.routing()),
                new SignalTracker(ledger, targets, settings.tracking(), clock, sleeper, log), log);
    }

    /**
     * DynamoDB is built now: every invocation reads the ledger. Each target is built with its
     * client on the first signal routed to it (once per container), so a deployment whose rules
     * never route to Incident Manager (or Security IR) never builds or loads that client.
     */
    private static SignalPipeline pipeline(SignalSource source, SignalSettings settings, ClientFactory clients) {
        return pipeline(source, settings, clients, Clock.systemUTC(), JsonLog.toStdout());
    }

    /** Over the factory's clients, with the given clock and log (Lambda's, or SnapStart's priming). */
    static SignalPipeline pipeline(SignalSource source, SignalSettings settings, ClientFactory clients, Clock clock, JsonLog log) {
        String membershipRegion = clients.securityIrRegion().id();
        SecurityIrRegions.warning(membershipRegion).ifPresent(log::warn);
        Map<Target, CaseTarget> targets = new EnumMap<>(Target.class);
        targets.put(Target.SECURITY_IR, FirstUse.caseTarget(() -> {
            SecurityIrClient securityIr = clients.securityIr();
            return new SecurityIrCases(securityIr, membershipTeam(settings, securityIr, membershipRegion, clock, log));
        }));
        targets.put(Target.INCIDENT_MANAGER, FirstUse.caseTarget(() -> new IncidentManagerIncidents(clients.ssmIncidents())));
        return pipeline(source, settings, new DynamoDbLedger(clients.dynamoDb(), settings.ledgerTable()), targets,
                clock, Sleeper.REAL, log);
    }

    /** The membership's team, read on the first case (nothing is called at start-up), or none when switched off. */
    private static MembershipTeam membershipTeam(SignalSettings settings, SecurityIrClient securityIr, String membershipRegion,
                                                Clock clock, JsonLog log) {
        return settings.watchersFromMembership()
                ? new MembershipTeam(securityIr, membershipRegion, settings.membershipRefresh(), clock, log)
                : MembershipTeam.none();
    }
}
