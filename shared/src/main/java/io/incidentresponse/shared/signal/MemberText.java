package io.incidentresponse.shared.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * What a case or incident says about a signal added to it as one of a group: its own title, what
 * the automation has to add (a higher severity), and the lines a responder reads first (type,
 * account, resource, actions, when, its id and console link), then its remote addresses.
 */
public final class MemberText {
    private MemberText() {
    }

    public static List<String> lines(Signal member, List<String> notes) {
        List<String> lines = new ArrayList<>();
        lines.add("Added to this case: " + member.title());
        lines.add("Severity: " + member.severityText());
        lines.addAll(notes);
        for (Detail detail : member.details()) {
            if (!detail.label().equals("Severity")) {
                lines.add(detail.label() + ": " + detail.value());
            }
        }
        if (!member.actors().isEmpty()) {
            lines.add("Remote addresses: " + String.join(", ", member.actors().stream().map(ThreatActor::ipAddress).toList()));
        }
        lines.add("First seen " + member.firstSeen() + ", last seen " + member.lastSeen() + ".");
        return lines;
    }
}
