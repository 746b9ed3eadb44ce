package io.incidentresponse.shared.routing;

/** Where a signal is opened. */
public enum Target {
    SECURITY_IR,
    INCIDENT_MANAGER
}
