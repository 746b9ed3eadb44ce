package io.incidentresponse.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the engine's environment lives; nothing is created here (see MotoEngineIT for that). */
class MotoInstallationTest {

    @Test
    void withXdgCacheHomeTheEnvironmentIsUnderIt() {
        MotoInstallation installation = MotoInstallation.fromEnvironment(Map.of("XDG_CACHE_HOME", "/var/cache/me"));

        assertEquals(Path.of("/var/cache/me/incident-response/moto-" + MotoInstallation.MOTO_VERSION), installation.directory());
        assertEquals(installation.directory().resolve("bin/python"), installation.interpreter());
    }

    @Test
    void withoutXdgCacheHomeTheEnvironmentIsUnderTheUsersCache() {
        MotoInstallation installation = MotoInstallation.fromEnvironment(Map.of());

        assertEquals(Path.of(System.getProperty("user.home"), ".cache", "incident-response", "moto-" + MotoInstallation.MOTO_VERSION),
                installation.directory());
    }

    @Test
    void engineHomeOverridesTheCacheDirectoryAndTheVersionStaysInTheName() {
        MotoInstallation installation = MotoInstallation.fromEnvironment(Map.of(
                MotoInstallation.HOME_VARIABLE, "/opt/engines", "XDG_CACHE_HOME", "/ignored"));

        assertEquals(Path.of("/opt/engines/moto-" + MotoInstallation.MOTO_VERSION), installation.directory());
    }
}
