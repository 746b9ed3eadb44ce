package io.incidentresponse.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sqlite4javaNativesTest {

    @Test
    void givenOsAndArchProperties_whenNamingThePlatform_thenItIsSqlite4javasName() {
        assertEquals("linux-amd64", Sqlite4javaNatives.platform("Linux", "amd64"));
        assertEquals("linux-amd64", Sqlite4javaNatives.platform("Linux", "x86_64"));
        assertEquals("linux-i386", Sqlite4javaNatives.platform("Linux", "i686"));
        assertEquals("linux-aarch64", Sqlite4javaNatives.platform("Linux", "aarch64"));
        assertEquals("osx", Sqlite4javaNatives.platform("Mac OS X", "x86_64"));
        assertEquals("osx-aarch64", Sqlite4javaNatives.platform("Mac OS X", "aarch64"));
        assertEquals("win32-x64", Sqlite4javaNatives.platform("Windows 11", "amd64"));
    }

    @Test
    void givenMavenArtifactFileNames_whenMatchedAgainstThePlatform_thenOnlyThatPlatformsLibraryMatches() {
        // The suffix is the current OS's (.so, .dylib or .dll): build names the way Maven names artifacts.
        String amd64 = System.mapLibraryName("sqlite4java-linux-amd64").replaceFirst("(\\.[a-z]+)$", "-1.0.392$1");

        assertTrue(Sqlite4javaNatives.isNativeFor(amd64, "linux-amd64"));
        assertTrue(Sqlite4javaNatives.isNativeFor(System.mapLibraryName("sqlite4java-linux-amd64"), "linux-amd64"));
        assertFalse(Sqlite4javaNatives.isNativeFor(amd64, "linux-i386"));
        assertFalse(Sqlite4javaNatives.isNativeFor("sqlite4java-1.0.392.jar", "linux-amd64"));
    }

    @Test
    void givenCandidateFolders_whenOnlyTheLastHoldsTheNative_thenItsFileIsChosen(@TempDir Path temp) throws IOException {
        Path nativeLibs = Files.createDirectories(temp.resolve("native-libs"));
        Files.createFile(nativeLibs.resolve(System.mapLibraryName("sqlite4java-linux-i386")));
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Path amd64 = Files.createFile(lib.resolve(System.mapLibraryName("sqlite4java-linux-amd64")));

        Optional<Path> found = Sqlite4javaNatives.findNative(
                List.of(temp.resolve("missing"), nativeLibs, lib), "linux-amd64");

        assertEquals(Optional.of(amd64.toAbsolutePath().normalize()), found);
    }

    @Test
    void givenMachineWithoutMavenNative_whenLookingForIt_thenNoneIsFoundAndDynamoDbLocalKeepsItsBundledCopy(
            @TempDir Path temp) throws IOException {
        Files.createFile(temp.resolve(System.mapLibraryName("sqlite4java-linux-amd64")));

        assertEquals(Optional.empty(), Sqlite4javaNatives.findNative(List.of(temp), "linux-aarch64"));
    }

    @Test
    void givenTestRunFromTargetClasses_whenListingCandidates_thenTargetNativeLibsComesFirst() throws Exception {
        Path classes = Path.of(Sqlite4javaNatives.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(classes.endsWith(Path.of("target", "classes")), "run by Maven from target/classes");

        List<Path> candidates = Sqlite4javaNatives.candidateDirectories();

        assertEquals(classes.resolveSibling("native-libs").toAbsolutePath().normalize(), candidates.getFirst());
        assertEquals(classes.resolveSibling("lib").toAbsolutePath().normalize(), candidates.get(1));
    }
}
