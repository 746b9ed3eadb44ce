package io.incidentresponse.shared.routing;

import static io.incidentresponse.shared.testing.SampleEvents.envelope;
import static io.incidentresponse.shared.testing.SampleEvents.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.guardduty.FindingSignals;
import io.incidentresponse.shared.signal.Decision;
import io.incidentresponse.shared.signal.Signal;
import io.incidentresponse.shared.signal.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class RouterTest {
    private static Signal signal(String name) {
        return FindingSignals.fromEvent(envelope(text("guardduty/" + name + ".json"), FindingSignals.SOURCE, FindingSignals.DETAIL_TYPE));
    }

    private static Router router(Map<String, String> env) {
        return new Router(RoutingConfig.from(new Settings(env)));
    }

    @Test
    void highFindingOpensASecurityIrCase() {
        Decision decision = router(Map.of()).route(signal("ec2-ssh-brute-force"));
        assertEquals(Target.SECURITY_IR, assertInstanceOf(Decision.Open.class, decision).target());
    }

    @Test
    void lowSeverityIsIgnoredWithTheThresholdInTheReason() {
        Decision decision = router(Map.of()).route(signal("low-severity"));
        String reason = assertInstanceOf(Decision.Ignore.class, decision).reason();
        assertTrue(reason.contains("below MIN_SEVERITY 7.0"), reason);
    }

    @Test
    void lowerThresholdOpensTheLowFinding() {
        assertInstanceOf(Decision.Open.class, router(Map.of("MIN_SEVERITY", "2")).route(signal("low-severity")));
    }

    @Test
    void archivedFindingIsIgnored() {
        assertEquals("archived finding", assertInstanceOf(Decision.Ignore.class, router(Map.of()).route(signal("archived-finding"))).reason());
    }

    @Test
    void sampleFindingIsIgnoredUnlessIncluded() {
        assertInstanceOf(Decision.Ignore.class, router(Map.of()).route(signal("sample-finding")));
        assertInstanceOf(Decision.Open.class, router(Map.of("INCLUDE_SAMPLE_FINDINGS", "true")).route(signal("sample-finding")));
    }

    @Test
    void criticalBandGetsItsOwnResolver() {
        Decision decision = router(Map.of("RESOLVER_TYPES", "Critical=AWS")).route(signal("critical-severity"));
        assertEquals(ResolverType.AWS, assertInstanceOf(Decision.Open.class, decision).caseSettings().resolverType());
    }
}
