package io.incidentresponse.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Points DynamoDB Local at the sqlite4java native library that Maven copied beside this module's
 * code, so that it is loaded from there rather than extracted to a temporary file.
 *
 * <p>DynamoDB Local 2.x loads the native itself (its {@code SQLiteLibraryLoader}, before sqlite4java
 * would), in this order: the file {@value #DDB_LIB_PATH_PROPERTY}/{@value #DDB_LIB_NAME_PROPERTY};
 * else a copy of the library bundled in its jar, extracted to {@code java.io.tmpdir} (a new
 * {@code sqlite-392-<uuid>-libsqlite4java.so} per JVM, deleted at a normal exit); else
 * {@code java.library.path}. sqlite4java's own {@value #SQLITE4JAVA_PATH_PROPERTY} only counts if
 * nothing was loaded before. This class sets all three properties to the Maven copy when it finds
 * one for this machine, and leaves them alone otherwise, so DynamoDB Local falls back to its bundled
 * copy: Maven Central has natives for linux-amd64, linux-i386, osx (x86_64), win32-x64 and win32-x86
 * only, DynamoDB Local's jar also for Linux and macOS on aarch64.
 *
 * <p>Folders looked at, in order:
 * <ol>
 *   <li>{@value #SQLITE4JAVA_PATH_PROPERTY}, if set;</li>
 *   <li>next to this module's code: from {@code target/classes} (surefire, IDE)
 *       {@code target/native-libs} (filled at process-resources) then {@code target/lib}; from
 *       {@code incident-response-local.jar} the {@code lib/} beside it (filled at prepare-package)
 *       then {@code native-libs/};</li>
 *   <li>the folder of the sqlite4java jar (any copy-dependencies layout);</li>
 *   <li>the folder of a native library that is itself on the class path.</li>
 * </ol>
 * If {@value #DDB_LIB_PATH_PROPERTY} is set already, nothing is changed.
 */
final class Sqlite4javaNatives {

    static final String DDB_LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    static final String DDB_LIB_NAME_PROPERTY = "org.sqlite.lib.name";
    static final String SQLITE4JAVA_PATH_PROPERTY = "sqlite4java.library.path";

    private Sqlite4javaNatives() {
    }

    /**
     * Sets the properties to the Maven copy of the native for this machine, if one is found.
     *
     * @return the native library file DynamoDB Local will load, or empty if it will use its bundled copy
     */
    static synchronized Optional<Path> configure() {
        String configuredPath = System.getProperty(DDB_LIB_PATH_PROPERTY);
        if (configuredPath != null) {
            String name = System.getProperty(DDB_LIB_NAME_PROPERTY, System.mapLibraryName("sqlite4java"));
            return Optional.of(Path.of(configuredPath, name));
        }
        List<Path> candidates = new ArrayList<>();
        String forced = System.getProperty(SQLITE4JAVA_PATH_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            candidates.add(Path.of(forced));
        }
        candidates.addAll(candidateDirectories());
        Optional<Path> found = findNative(candidates, platform());
        found.ifPresent(file -> {
            String dir = file.getParent().toString();
            System.setProperty(DDB_LIB_PATH_PROPERTY, dir);
            System.setProperty(DDB_LIB_NAME_PROPERTY, file.getFileName().toString());
            if (forced == null || forced.isBlank()) {
                System.setProperty(SQLITE4JAVA_PATH_PROPERTY, dir);
            }
        });
        return found;
    }

    /** The first native library for {@code platform} (as {@link #platform()} names it) in the folders. */
    static Optional<Path> findNative(List<Path> candidates, String platform) {
        for (Path dir : candidates) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> file = files
                        .filter(f -> isNativeFor(f.getFileName().toString(), platform) && Files.isRegularFile(f))
                        .sorted()
                        .findFirst();
                if (file.isPresent()) {
                    return Optional.of(file.get().toAbsolutePath().normalize());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a file name is a sqlite4java native for the platform, with or without the version
     * suffix sqlite4java also accepts: {@code libsqlite4java-linux-amd64-1.0.392.so},
     * {@code libsqlite4java-linux-amd64.so}.
     */
    static boolean isNativeFor(String fileName, String platform) {
        String mapped = System.mapLibraryName("sqlite4java-" + platform);
        int dot = mapped.lastIndexOf('.');
        String stem = mapped.substring(0, dot);
        String extension = mapped.substring(dot);
        return fileName.endsWith(extension)
                && (fileName.equals(mapped) || fileName.startsWith(stem + "-"));
    }

    /**
     * This machine in the names of sqlite4java's Maven artifacts: linux-amd64, linux-i386, osx
     * (a universal i386/x86_64 library), win32-x64, win32-x86; other machines get names no artifact
     * has (linux-aarch64, osx-aarch64).
     */
    static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String platform(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64");
        boolean x86 = arch.equals("x86") || arch.equals("i386") || arch.matches("i[4-6]86");
        if (os.startsWith("mac") || os.startsWith("darwin") || os.contains("os x")) {
            return x64 || x86 ? "osx" : "osx-" + arch;
        }
        if (os.startsWith("windows")) {
            return x64 ? "win32-x64" : x86 ? "win32-x86" : "win32-" + arch;
        }
        String family = os.startsWith("linux") ? "linux" : os.replace(' ', '_');
        return family + "-" + (x64 ? "amd64" : x86 ? "i386" : arch);
    }

    static List<Path> candidateDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        codeLocation(Sqlite4javaNatives.class).ifPresent(location -> {
            Path parent = location.getParent();
            if (parent == null) {
                return;
            }
            if (Files.isDirectory(location)) {
                dirs.add(parent.resolve("native-libs"));
                dirs.add(parent.resolve("lib"));
            } else {
                dirs.add(parent.resolve("lib"));
                dirs.add(parent.resolve("native-libs"));
            }
        });
        sqlite4javaJar().flatMap(jar -> Optional.ofNullable(jar.getParent())).ifPresent(dirs::add);
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && entry.contains("sqlite4java")) {
                Path parent = Path.of(entry).toAbsolutePath().getParent();
                if (parent != null && !entry.endsWith(".jar")) {
                    dirs.add(parent);
                }
            }
        }
        return new ArrayList<>(dirs);
    }

    private static Optional<Path> sqlite4javaJar() {
        try {
            Class<?> sqlite = Class.forName("com.almworks.sqlite4java.SQLite", false,
                    Sqlite4javaNatives.class.getClassLoader());
            return codeLocation(sqlite);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> codeLocation(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null || !"file".equals(source.getLocation().getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
