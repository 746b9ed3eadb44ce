package io.incidentresponse.local.redrive;

import io.incidentresponse.local.replay.TemplateFunctions;
import io.incidentresponse.local.sqs.FailureMessage;

/** Delivers a failure queue's event again to the function that owns it: the deployed one, or its handler in-process. */
interface Redelivery {
    /** Where an event of {@code function} would go; {@code name} null with the reason when nowhere. */
    record Target(String name, String problem) {
        static Target to(String name) {
            return new Target(name, null);
        }

        static Target none(String problem) {
            return new Target(null, problem);
        }
    }

    /** Whether the redelivery succeeded (only then is the message deleted), and what it came to. */
    record Delivery(boolean succeeded, String detail) {
    }

    Target target(TemplateFunctions.Function function, FailureMessage message);

    /** Never throws for what the event holds or the function answers. */
    Delivery deliver(Target target, TemplateFunctions.Function function, FailureMessage message, String messageId);

    /** One line for the header: where events go. */
    String describe();
}
