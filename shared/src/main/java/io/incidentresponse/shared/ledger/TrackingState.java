package io.incidentresponse.shared.ledger;

/** Where a tracked signal stands: claimed by a delivery, open at the target, or closed there. */
public enum TrackingState {
    CLAIMED,
    OPEN,
    CLOSED
}
