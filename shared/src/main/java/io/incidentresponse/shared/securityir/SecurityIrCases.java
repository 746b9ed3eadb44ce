package io.incidentresponse.shared.securityir;

import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Change;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.text.SafeText;
import io.incidentresponse.shared.signal.MemberText;
import io.incidentresponse.shared.signal.ThreatActor;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.securityir.SecurityIrClient;
import software.amazon.awssdk.services.securityir.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.securityir.model.ThreatActorIp;
import software.amazon.awssdk.services.securityir.model.ValidationException;

/**
 * Security Incident Response as a target: CreateCase to open, CreateCaseComment for what repeats
 * add and for each further member of a group, UpdateCase for a group's title and threat actors. A new case's watchers are the routed ones, then the membership's incident response team.
 */
public final class SecurityIrCases implements CaseTarget {
    private final SecurityIrClient client;
    private final MembershipTeam team;

    /** Without the membership's team: only the routed watchers. */
    public SecurityIrCases(SecurityIrClient client) {
        this(client, MembershipTeam.none());
    }

    public SecurityIrCases(SecurityIrClient client, MembershipTeam team) {
        this.client = client;
        this.team = team;
    }

    /** Adds the membership's team to the routed watchers (see {@link Watchers#merge}). */
    @Override
    public Decision.Open prepare(Decision.Open decision) {
        if (decision.caseSettings() == null) {
            return decision;
        }
        return decision.withWatchers(Watchers.merge(decision.caseSettings().watchers(), team.current()));
    }

    @Override
    public String initialStatus() {
        return SecurityIrStatus.INITIAL;
    }

    @Override
    public String open(Signal signal, Decision.Open decision, String clientToken) {
        return client.createCase(CaseRequests.createCase(signal, decision.caseSettings(), clientToken)).caseId();
    }

    @Override
    public void addUpdate(String caseId, Signal signal, Change change, long occurrences, String clientToken) {
        client.createCaseComment(r -> r.caseId(caseId).clientToken(clientToken).body(comment(signal, change, occurrences)));
    }

    @Override
    public void addMember(String caseId, Signal member, List<String> notes, String clientToken) {
        String body = SafeText.cleanLines(String.join("\n", MemberText.lines(member, notes)));
        client.createCaseComment(r -> r.caseId(caseId).clientToken(clientToken)
                .body(SafeText.truncate(body, CaseLimits.COMMENT_MAX, "…")));
    }

    /**
     * UpdateCase adds them (an address already there is not added twice) up to the case's limit of
     * {@link CaseLimits#THREAT_ACTORS_MAX}. A refusal (concurrent members filled the list first)
     * leaves them out: the member's comment names them.
     */
    @Override
    public List<String> addThreatActors(String caseId, int onCase, List<ThreatActor> fresh) {
        List<ThreatActorIp> ips = fresh.stream().limit(Math.max(0, CaseLimits.THREAT_ACTORS_MAX - onCase))
                .map(actor -> ThreatActorIp.builder().ipAddress(actor.ipAddress()).build()).toList();
        if (ips.isEmpty()) {
            return List.of();
        }
        try {
            client.updateCase(r -> r.caseId(caseId).threatActorIpAddressesToAdd(ips));
            return ips.stream().map(ThreatActorIp::ipAddress).toList();
        } catch (ValidationException | ServiceQuotaExceededException e) {
            return List.of();
        }
    }

    @Override
    public void retitle(String caseId, String title) {
        client.updateCase(r -> r.caseId(caseId).title(SafeText.truncate(SafeText.clean(title), CaseLimits.TITLE_MAX, "…")));
    }

    @Override
    public void addRecovery(String caseId, Signal signal, Instant recoveredAt, String reason, String clientToken) {
        String body = "The signal behind this case recovered at " + recoveredAt + ": " + SafeText.clean(reason)
                + "\nThe case stays open: closing it is a decision for its responders.";
        client.createCaseComment(r -> r.caseId(caseId).clientToken(clientToken)
                .body(SafeText.truncate(body, CaseLimits.COMMENT_MAX, "…")));
    }

    @Override
    public Optional<String> resolve(String caseId, String clientToken) {
        return Optional.empty();
    }

    static String comment(Signal signal, Change change, long occurrences) {
        StringBuilder text = new StringBuilder("The signal behind this case was seen again (delivery ")
                .append(occurrences).append(").\n");
        change.sentences(signal.severityText()).forEach(sentence -> text.append(sentence).append('\n'));
        text.append("Source: ").append(signal.source()).append(' ').append(signal.kind())
                .append(", count ").append(signal.sourceCount())
                .append(", last seen ").append(signal.lastSeen()).append(".\n");
        text.append("Console: ").append(signal.consoleUrl());
        return SafeText.truncate(SafeText.cleanLines(text.toString()), CaseLimits.COMMENT_MAX, "…");
    }
}
