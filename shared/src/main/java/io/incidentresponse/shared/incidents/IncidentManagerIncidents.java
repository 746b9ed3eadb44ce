package io.incidentresponse.shared.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.incidentresponse.shared.event.EventJson;
import io.incidentresponse.shared.signal.CaseTarget;
import io.incidentresponse.shared.signal.Change;
import io.incidentresponse.shared.signal.ClientTokens;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.text.SafeText;
import io.incidentresponse.shared.signal.MemberText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ssmincidents.SsmIncidentsClient;
import software.amazon.awssdk.services.ssmincidents.model.IncidentRecordStatus;

/**
 * Incident Manager as a target: StartIncident to open, a timeline event for every repeat and
 * recovery, UpdateIncidentRecord to resolve.
 */
public final class IncidentManagerIncidents implements CaseTarget {
    static final String EVENT_TYPE = "Custom Event";

    private final SsmIncidentsClient client;

    public IncidentManagerIncidents(SsmIncidentsClient client) {
        this.client = client;
    }

    @Override
    public String initialStatus() {
        return IncidentStatus.INITIAL;
    }

    /**
     * Starts the incident and, when the translation had something to say (parts of the event it
     * could not read, addresses it left out), puts that on the incident's timeline: StartIncident
     * has no free text for it. The timeline event's token is derived from the incident's, so a
     * retry of the whole open posts it once.
     */
    @Override
    public String open(Signal signal, Decision.Open decision, String clientToken) {
        String arn = client.startIncident(IncidentRequests.startIncident(signal, decision.incidentSettings(), clientToken)).incidentRecordArn();
        if (!signal.notes().isEmpty()) {
            timelineEvent(arn, signal.lastSeen(), "Notes from the automation: " + String.join(" ", signal.notes()),
                    ClientTokens.forUpdate(clientToken, 0, "notes from the automation"));
        }
        return arn;
    }

    @Override
    public void addUpdate(String incidentArn, Signal signal, Change change, long occurrences, String clientToken) {
        StringBuilder text = new StringBuilder();
        change.sentences(signal.severityText()).forEach(sentence -> text.append(sentence).append(' '));
        text.append("Delivery ").append(occurrences).append(" of ").append(signal.kind()).append('.');
        timelineEvent(incidentArn, signal.lastSeen(), text.toString(), clientToken);
    }

    @Override
    public void addMember(String incidentArn, Signal member, List<String> notes, String clientToken) {
        timelineEvent(incidentArn, member.lastSeen(), String.join(" ", MemberText.lines(member, notes)), clientToken);
    }

    @Override
    public void retitle(String incidentArn, String title) {
        client.updateIncidentRecord(r -> r.arn(incidentArn).title(SafeText.truncate(SafeText.clean(title), IncidentLimits.TITLE_MAX, "…")));
    }

    @Override
    public void addRecovery(String incidentArn, Signal signal, Instant recoveredAt, String reason, String clientToken) {
        timelineEvent(incidentArn, recoveredAt, signal.kind() + " recovered (OK): " + SafeText.clean(reason), clientToken);
    }

    @Override
    public Optional<String> resolve(String incidentArn, String clientToken) {
        client.updateIncidentRecord(r -> r.arn(incidentArn).status(IncidentRecordStatus.RESOLVED).clientToken(clientToken));
        return Optional.of(IncidentStatus.RESOLVED);
    }

    private void timelineEvent(String incidentArn, Instant when, String text, String clientToken) {
        String data;
        try {
            // A custom timeline event's data is a JSON value; a string shows as text.
            data = EventJson.MAPPER.writeValueAsString(SafeText.truncate(SafeText.clean(text), IncidentLimits.EVENT_DATA_MAX - 100, "…"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
        client.createTimelineEvent(r -> r.incidentRecordArn(incidentArn).eventTime(when).eventType(EVENT_TYPE)
                .eventData(data).clientToken(clientToken));
    }
}
