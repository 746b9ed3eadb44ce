package io.incidentresponse.shared.signal;

/** A remote address that acted in the signal, in canonical form, with its user agent when known. */
public record ThreatActor(String ipAddress, String userAgent) {
}
