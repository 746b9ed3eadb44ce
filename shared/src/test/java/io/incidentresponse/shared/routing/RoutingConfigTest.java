package io.incidentresponse.shared.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.incidentresponse.shared.config.ConfigurationException;
import io.incidentresponse.shared.config.Settings;
import io.incidentresponse.shared.signal.SeverityBand;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.securityir.model.EngagementType;
import software.amazon.awssdk.services.securityir.model.ResolverType;

class RoutingConfigTest {

    @Test
    void defaultsOpenHighAndCriticalAsSelfManagedSecurityIncidents() {
        // when
        RoutingConfig config = RoutingConfig.from(new Settings(Map.of()));

        // then
        assertEquals(7.0, config.minSeverity());
        assertFalse(config.includeSampleFindings());
        assertTrue(config.engagementTypes().values().stream().allMatch(EngagementType.SECURITY_INCIDENT::equals));
        assertTrue(config.resolverTypes().values().stream().allMatch(ResolverType.SELF::equals));
        assertTrue(config.watchers().isEmpty());
    }

    @Test
    void engagementAndResolverTypesAreSetPerSeverityBand() {
        // when
        RoutingConfig config = RoutingConfig.from(new Settings(Map.of(
                "ENGAGEMENT_TYPES", "Medium=Investigation, low=Investigation",
                "RESOLVER_TYPES", "Critical=AWS")));

        // then
        assertEquals(EngagementType.INVESTIGATION, config.engagementTypes().get(SeverityBand.MEDIUM));
        assertEquals(EngagementType.INVESTIGATION, config.engagementTypes().get(SeverityBand.LOW));
        assertEquals(EngagementType.SECURITY_INCIDENT, config.engagementTypes().get(SeverityBand.HIGH));
        assertEquals(ResolverType.AWS, config.resolverTypes().get(SeverityBand.CRITICAL));
        assertEquals(ResolverType.SELF, config.resolverTypes().get(SeverityBand.HIGH));
    }

    @Test
    void watchersAreReadFromEmailsOrJson() {
        assertEquals(2, RoutingConfig.from(new Settings(Map.of("WATCHERS", "a@example.com, b@example.com"))).watchers().size());
        var json = RoutingConfig.from(new Settings(Map.of("WATCHERS",
                "[{\"email\":\"soc@example.com\",\"name\":\"SOC\",\"jobTitle\":\"On call\"}]"))).watchers();
        assertEquals("On call", json.get(0).jobTitle());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MIN_SEVERITY|high|MIN_SEVERITY",
            "MIN_SEVERITY|11|MIN_SEVERITY",
            "INCLUDE_SAMPLE_FINDINGS|maybe|INCLUDE_SAMPLE_FINDINGS",
            "ENGAGEMENT_TYPES|High=Incident|ENGAGEMENT_TYPES",
            "ENGAGEMENT_TYPES|Severe=Investigation|ENGAGEMENT_TYPES",
            "RESOLVER_TYPES|Critical|RESOLVER_TYPES",
            "WATCHERS|not-an-email|WATCHERS",
            "WATCHERS|[{\"email\":\"x@example.com\",\"name\":\"A name that is much longer than fifty characters allowed\"}]|WATCHERS",
            "WATCHERS|[{|WATCHERS"})
    void malformedSettingFailsNamingTheVariable(String variable, String value, String named) {
        // when
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RoutingConfig.from(new Settings(Map.of(variable, value))));

        // then
        assertEquals(named, error.variable());
        assertTrue(error.getMessage().startsWith(named + ": "), error.getMessage());
    }

    @Test
    void thirtyOneWatchersFailAtStartUp() {
        // given
        String emails = IntStream.rangeClosed(1, 31).mapToObj(i -> "w" + i + "@example.com").collect(Collectors.joining(","));

        // when
        ConfigurationException error = assertThrows(ConfigurationException.class,
                () -> RoutingConfig.from(new Settings(Map.of("WATCHERS", emails))));

        // then
        assertTrue(error.getMessage().contains("at most 30"), error.getMessage());
    }
}
