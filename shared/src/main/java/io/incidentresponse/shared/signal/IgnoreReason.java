package io.incidentresponse.shared.signal;

/**
 * Why a signal was ignored, as a class: the Reason dimension of the Ignored metric (the text of
 * the reason, which may name a rule or a severity, is only logged).
 */
public enum IgnoreReason {
    BelowThreshold,
    Archived,
    Sample,
    NoRoute,
    Rule,
    /** An alarm's INSUFFICIENT_DATA, only logged. */
    InsufficientData,
    /** A recovery or a note with no open episode it applies to. */
    NothingToUpdate
}
