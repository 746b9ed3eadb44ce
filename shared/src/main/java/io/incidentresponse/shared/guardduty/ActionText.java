package io.incidentresponse.shared.guardduty;

import static io.incidentresponse.shared.guardduty.FindingSignals.clean;
import static io.incidentresponse.shared.guardduty.ResourceText.join;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One line that says what was done: who connected where, which API was called, from where. */
final class ActionText {
    private static final int MAX_PROBES = 5;

    private ActionText() {
    }

    static Optional<String> describe(Finding.Action action) {
        if (action == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (action.networkConnectionAction() != null) {
            var connection = action.networkConnectionAction();
            parts.add(join("network connection " + orBlank(connection.connectionDirection()),
                    clean(connection.protocol()),
                    port("local port", connection.localPortDetails()),
                    port("remote port", connection.remotePortDetails()),
                    Boolean.TRUE.equals(connection.blocked()) ? "blocked" : null)
                    + remote(connection.remoteIpDetails()));
        }
        if (action.portProbeAction() != null && action.portProbeAction().portProbeDetails() != null) {
            var probes = action.portProbeAction().portProbeDetails().stream().filter(Objects::nonNull).toList();
            List<String> each = new ArrayList<>();
            for (var probe : probes.subList(0, Math.min(MAX_PROBES, probes.size()))) {
                each.add(join(port("port", probe.localPortDetails())) + remote(probe.remoteIpDetails()));
            }
            parts.add("port probe: " + String.join("; ", each)
                    + (probes.size() > MAX_PROBES ? "; and " + (probes.size() - MAX_PROBES) + " more" : ""));
        }
        if (action.awsApiCallAction() != null) {
            var call = action.awsApiCallAction();
            parts.add(join("API call " + orBlank(call.api()), clean(call.serviceName()),
                    call.callerType() == null ? null : "caller " + clean(call.callerType()),
                    call.errorCode() == null ? null : "error " + clean(call.errorCode()),
                    call.domainDetails() == null || call.domainDetails().domain() == null ? null
                            : "domain " + clean(call.domainDetails().domain()))
                    + remote(call.remoteIpDetails())
                    + (call.userAgent() == null ? "" : ", user agent \"" + clean(call.userAgent()) + "\""));
        }
        if (action.kubernetesApiCallAction() != null) {
            var call = action.kubernetesApiCallAction();
            parts.add(join("Kubernetes API " + orBlank(call.verb()) + " " + orBlank(call.requestUri()),
                    call.statusCode() == null ? null : "status " + call.statusCode())
                    + remote(call.remoteIpDetails())
                    + (call.userAgent() == null ? "" : ", user agent \"" + clean(call.userAgent()) + "\""));
        }
        if (action.dnsRequestAction() != null) {
            var dns = action.dnsRequestAction();
            parts.add(join("DNS request for " + orBlank(dns.domain()), clean(dns.protocol()),
                    Boolean.TRUE.equals(dns.blocked()) ? "blocked" : null));
        }
        if (action.rdsLoginAttemptAction() != null) {
            var login = action.rdsLoginAttemptAction();
            List<String> attempts = new ArrayList<>();
            if (login.loginAttributes() != null) {
                for (var attribute : login.loginAttributes()) {
                    if (attribute != null) {
                        attempts.add(join("user " + orBlank(attribute.user()),
                                attribute.successfulLoginAttempts() == null ? null : attribute.successfulLoginAttempts() + " successful",
                                attribute.failedLoginAttempts() == null ? null : attribute.failedLoginAttempts() + " failed"));
                    }
                }
            }
            parts.add("database login" + (attempts.isEmpty() ? "" : " " + String.join("; ", attempts))
                    + remote(login.remoteIpDetails()));
        }
        if (parts.isEmpty() && action.actionType() != null) {
            parts.add(clean(action.actionType()));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    static Optional<String> describe(Finding.Sequence sequence) {
        if (sequence == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        if (sequence.description() != null) {
            parts.add(clean(sequence.description()));
        }
        if (sequence.signals() != null) {
            parts.add(sequence.signals().size() + " correlated signals");
        }
        if (sequence.endpoints() != null) {
            for (var endpoint : sequence.endpoints().stream().filter(Objects::nonNull).limit(MAX_PROBES).toList()) {
                List<String> where = new ArrayList<>();
                if (endpoint.location() != null) {
                    where.add(join(clean(endpoint.location().city()), clean(endpoint.location().country())));
                }
                if (endpoint.autonomousSystem() != null) {
                    where.add((endpoint.autonomousSystem().number() == null ? "" : "AS" + endpoint.autonomousSystem().number() + " ")
                            + orBlank(endpoint.autonomousSystem().name()));
                }
                where.removeIf(String::isBlank);
                parts.add("endpoint " + orBlank(endpoint.ip()) + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")"));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    private static String remote(Finding.RemoteIpDetails remote) {
        if (remote == null) {
            return "";
        }
        String ip = remote.ipAddressV4() != null ? remote.ipAddressV4() : remote.ipAddressV6();
        List<String> where = new ArrayList<>();
        if (remote.city() != null && remote.city().cityName() != null) {
            where.add(clean(remote.city().cityName()));
        }
        if (remote.country() != null && remote.country().countryName() != null) {
            where.add(clean(remote.country().countryName()));
        }
        var org = remote.organization();
        if (org != null) {
            String name = org.asnOrg() != null ? org.asnOrg() : org.org() != null ? org.org() : org.isp();
            if (name != null) {
                where.add((org.asn() == null ? "" : "AS" + clean(org.asn()) + " ") + clean(name));
            }
        }
        return " from " + (ip == null ? "(no address)" : clean(ip)) + (where.isEmpty() ? "" : " (" + String.join(", ", where) + ")");
    }

    private static String port(String label, Finding.PortDetails port) {
        if (port == null || port.port() == null) {
            return null;
        }
        return label + " " + port.port() + (port.portName() == null || port.portName().isBlank() ? "" : " " + clean(port.portName()));
    }

    private static String orBlank(String value) {
        return value == null ? "" : clean(value);
    }
}
