package io.incidentresponse.shared.signal;

/** Where a signal is opened. */
public enum Target {
    SECURITY_IR,
    INCIDENT_MANAGER
}
