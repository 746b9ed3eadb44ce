package io.incidentresponse.shared.signal;

/**
 * How an Incident Manager incident is started for a routed signal.
 *
 * @param impact 1 (critical) to 5 (no impact)
 */
public record IncidentSettings(String responsePlanArn, int impact) {
}
