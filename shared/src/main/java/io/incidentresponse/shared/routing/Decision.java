package io.incidentresponse.shared.routing;

/** What routing decided for one signal: open it at a target, or ignore it and say why. */
public sealed interface Decision {
    record Open(Target target, CaseSettings caseSettings) implements Decision {
    }

    record Ignore(String reason) implements Decision {
    }
}
