package io.incidentresponse.local.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TemplateFunctionsTest {
    private final TemplateFunctions functions = TemplateFunctions.fromClasspath();

    @Test
    void anEventWithoutSourceOrDetailTypeMatchesNoRuleInsteadOfFailing() {
        // Set.of and TreeSet throw on contains(null): an event without source once killed the replay here.
        assertTrue(functions.receiving(null, "GuardDuty Finding").isEmpty());
        assertTrue(functions.receiving("aws.guardduty", null).isEmpty());
        assertTrue(functions.receiving(null, null).isEmpty());
    }

    @Test
    void theOtherMemberAloneFindsTheFunction() {
        assertEquals("GuardDutyFindingFunction", functions.receivingDetailType("GuardDuty Finding").orElseThrow().logicalId());
        assertEquals("AlarmIncidentFunction", functions.receivingSource("aws.cloudwatch").orElseThrow().logicalId());
        assertTrue(functions.receivingDetailType("Something Else").isEmpty());
        assertTrue(functions.receivingSource("aws.securityhub").isEmpty());
    }
}
