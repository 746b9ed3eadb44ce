package io.incidentresponse.local.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EmulatorSettingsTest {
    private static final String PLAN = "arn:aws:ssm-incidents::000000000000:response-plan/extra";

    @Test
    void propertiesWinOverEnvironmentAndEverySettingIsRead() {
        // given environment variables, one of them overridden by a system property
        Map<String, String> env = Map.of(
                "EMULATOR_LATENCY_MS", "40",
                "EMULATOR_PORT", "0",
                "EMULATOR_THROTTLE", "CreateCase:3, ssm-incidents:StartIncident:1",
                "EMULATOR_FAIL", "GetCase:2:500",
                "EMULATOR_RESPONSE_PLANS", PLAN);
        Properties properties = new Properties();
        properties.setProperty("emulator.latencyMs", "25");

        // when read
        EmulatorSettings settings = EmulatorSettings.from(env, properties);

        // then the property won and the rest came from the environment
        assertEquals(Duration.ofMillis(25), settings.latency());
        assertEquals("127.0.0.1", settings.host());
        assertEquals(List.of(PLAN), settings.responsePlans());
    }

    @Test
    void startAppliesFaultsLatencyAndPlans() {
        // given settings with faults, latency and an extra plan
        EmulatorSettings settings = EmulatorSettings.from(Map.of(
                "EMULATOR_LATENCY_MS", "25",
                "EMULATOR_THROTTLE", "CreateCase:3,ssm-incidents:StartIncident:1",
                "EMULATOR_FAIL", "GetCase:2:500",
                "EMULATOR_RESPONSE_PLANS", PLAN), new Properties());

        // when started
        try (Emulator emulator = settings.start()) {
            // then each is in force
            assertEquals(3, emulator.faults().pending("CreateCase"));
            assertEquals(1, emulator.faults().pending("ssm-incidents:StartIncident"));
            assertEquals(2, emulator.faults().pending("GetCase"));
            assertEquals(Duration.ofMillis(25), emulator.faults().latencyFor("security-ir", "GetCase"));
            assertEquals(2, emulator.incidentManager().responsePlans().size());
        }
    }

    @Test
    void malformedSettingsFailFast() {
        // given malformed values, when read, then each is refused with the reason
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorSettings.from(Map.of("EMULATOR_THROTTLE", "CreateCase"), new Properties()));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorSettings.from(Map.of("EMULATOR_FAIL", "GetCase:2:abc"), new Properties()));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorSettings.from(Map.of("EMULATOR_LATENCY_MS", "slow"), new Properties()));
    }
}
