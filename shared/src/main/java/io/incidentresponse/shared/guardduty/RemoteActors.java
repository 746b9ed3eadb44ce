package io.incidentresponse.shared.guardduty;

import io.incidentresponse.shared.signal.IpAddress;
import io.incidentresponse.shared.signal.ThreatActor;
import io.incidentresponse.shared.text.SafeText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote addresses a finding names, wherever its action keeps them: network connections, port
 * probes, API calls (with their user agents), Kubernetes API calls, RDS logins, and an attack
 * sequence's endpoints. An address that is not an IP, or says nothing about an attacker (private,
 * loopback, link-local, ...), is left out and noted.
 */
final class RemoteActors {
    private RemoteActors() {
    }

    /** Every usable remote address of the finding, once, with the first user agent seen for it. */
    static List<ThreatActor> of(Finding.Service service, List<String> notes) {
        Map<String, String> actors = new LinkedHashMap<>();
        Finding.Action action = service == null ? null : service.action();
        var sequence = service == null || service.detection() == null ? null : service.detection().sequence();
        if (sequence != null && sequence.endpoints() != null) {
            sequence.endpoints().stream().filter(Objects::nonNull).forEach(e -> add(actors, notes, e.ip(), null));
        }
        if (action == null) {
            return toList(actors);
        }
        if (action.networkConnectionAction() != null) {
            addRemote(actors, notes, action.networkConnectionAction().remoteIpDetails(), null);
        }
        if (action.portProbeAction() != null && action.portProbeAction().portProbeDetails() != null) {
            for (var probe : action.portProbeAction().portProbeDetails()) {
                if (probe != null) {
                    addRemote(actors, notes, probe.remoteIpDetails(), null);
                }
            }
        }
        if (action.awsApiCallAction() != null) {
            addRemote(actors, notes, action.awsApiCallAction().remoteIpDetails(), action.awsApiCallAction().userAgent());
        }
        if (action.kubernetesApiCallAction() != null) {
            var call = action.kubernetesApiCallAction();
            addRemote(actors, notes, call.remoteIpDetails(), call.userAgent());
            if (call.sourceIps() != null) {
                call.sourceIps().forEach(ip -> add(actors, notes, ip, call.userAgent()));
            }
        }
        if (action.rdsLoginAttemptAction() != null) {
            addRemote(actors, notes, action.rdsLoginAttemptAction().remoteIpDetails(), null);
        }
        return toList(actors);
    }

    private static List<ThreatActor> toList(Map<String, String> actors) {
        List<ThreatActor> out = new ArrayList<>(actors.size());
        actors.forEach((ip, agent) -> out.add(new ThreatActor(ip, agent.isEmpty() ? null : agent)));
        return out;
    }

    private static void addRemote(Map<String, String> actors, List<String> notes, Finding.RemoteIpDetails remote, String agent) {
        if (remote == null) {
            return;
        }
        add(actors, notes, remote.ipAddressV4(), agent);
        add(actors, notes, remote.ipAddressV6(), agent);
    }

    private static void add(Map<String, String> actors, List<String> notes, String raw, String agent) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        Optional<IpAddress> parsed = IpAddress.parse(raw);
        if (parsed.isEmpty()) {
            notes.add("Remote address '" + SafeText.bounded(raw, 64) + "' left out: not an IP address.");
            return;
        }
        Optional<String> unusable = parsed.get().unusableReason();
        if (unusable.isPresent()) {
            notes.add("Remote address " + parsed.get() + " left out: " + unusable.get() + ".");
            return;
        }
        String userAgent = agent == null || agent.isBlank() ? null : SafeText.clean(agent);
        actors.merge(parsed.get().canonical(), userAgent == null ? "" : userAgent, (old, now) -> old.isEmpty() ? now : old);
    }
}
