package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./gqa} launcher rebuilds exactly when a source, resource or pom is newer than the
 * jar. It runs the real launcher script on a copy of the repository's layout, with stand-ins
 * for {@code mvn} (counts builds, makes the jar) and {@code java} on the PATH, so no real
 * build is needed; file times are set explicitly, so nothing waits for the clock.
 */
class LauncherTest {

    @TempDir Path tmp;

    private Path root, bin, builds;
    /** A virtual clock an hour in the past: every edit is dated after the jar, and before the real now. */
    private final long base = System.currentTimeMillis() - 3_600_000L;
    private int edits;

    @Test
    void rebuildsAfterAnEditOfASourceResourceOrPomAndOnlyThen() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "needs bash");
        layout();
        assertEquals(List.of("ran --help"), launch("--help"), "the launcher runs java with the arguments");
        assertEquals(1, builds(), "first use builds");
        launch("--help");
        assertEquals(1, builds(), "nothing changed: no build");

        // a source file eight directories down, as the real ones are
        Path source = root.resolve("gqa-core/src/main/java/org/gqa4j/core/data/deep/Source.java");
        touchAfterJar(source);
        launch("--help");
        assertEquals(2, builds(), "an edited source file rebuilds");

        touchAfterJar(root.resolve("gqa-core/src/main/resources/org/gqa4j/core/build.properties"));
        launch();
        assertEquals(3, builds(), "an edited resource rebuilds");

        touchAfterJar(root.resolve("gqa-train/pom.xml"));
        launch();
        assertEquals(4, builds(), "an edited module pom rebuilds");

        // build output, tests and run directories are not sources
        for (String notSource : List.of("gqa-core/target/classes/org/gqa4j/core/Stale.class",
                "gqa-core/src/test/java/org/gqa4j/core/SomeTest.java", "runs/mha/config.json", "README.md")) {
            touchAfterJar(root.resolve(notSource));
            launch();
            assertEquals(4, builds(), notSource + " is not a source: no build");
        }

        // a directory's time changes when entries are added, not when a file in it is edited: not a signal
        Path dir = root.resolve("gqa-eval/src/main/java/org/gqa4j/eval");
        Files.createDirectories(dir);
        datedAfterJar(dir);
        launch();
        assertEquals(4, builds(), "a newer directory alone does not rebuild");

        Files.delete(root.resolve("gqa-cli/target/gqa-cli.jar"));
        launch();
        assertEquals(5, builds(), "a missing jar rebuilds");
    }

    private void layout() throws IOException {
        root = tmp.resolve("repo");
        bin = tmp.resolve("bin");
        builds = tmp.resolve("builds.log");
        Files.createDirectories(bin);
        Path repo = Path.of("..").toAbsolutePath().normalize();
        copy(repo.resolve("gqa"), root.resolve("gqa"));
        copy(Path.of("src/main/sh/gqa-stale.sh"), root.resolve("gqa-cli/src/main/sh/gqa-stale.sh"));
        for (String pom : List.of("pom.xml", "gqa-core/pom.xml", "gqa-train/pom.xml", "gqa-cli/pom.xml")) {
            write(root.resolve(pom), "<project/>\n");
        }
        write(root.resolve("gqa-core/src/main/java/org/gqa4j/core/data/deep/Source.java"), "class Source {}\n");
        // mvn stand-in: counts builds and produces what the launcher checks for
        script(bin.resolve("mvn"), "echo build >> '" + builds + "'\n"
                + "mkdir -p gqa-cli/target/lib && echo jar > gqa-cli/target/gqa-cli.jar\n");
        // java stand-in: drops the launcher's 6 JVM arguments and main class, echoes the rest
        script(bin.resolve("java"), "shift 6; echo \"ran $*\"\n");
        try (var files = Files.walk(root)) {
            for (Path f : files.toList()) Files.setLastModifiedTime(f, FileTime.fromMillis(base));
        }
    }

    /** Runs ./gqa with the stand-ins first on the PATH; returns its stdout lines. */
    private List<String> launch(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", root.resolve("gqa").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("GQA_JAVA_OPTS", "-Xmx1g");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher finished");
        assertEquals(0, p.exitValue(), "launcher exit code; stdout: " + out);
        return out.lines().toList();
    }

    private int builds() throws IOException {
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    /** Creates or edits the file and dates it after the jar, as an edit after the build would be. */
    private void touchAfterJar(Path file) throws IOException {
        if (!Files.exists(file)) write(file, "edited\n");
        else Files.writeString(file, "edited\n", java.nio.file.StandardOpenOption.APPEND);
        datedAfterJar(file);
    }

    /** Dates the jar at the next tick of the virtual clock and {@code path} 5 s after it. */
    private void datedAfterJar(Path path) throws IOException {
        long jarTime = base + 10_000L * ++edits;
        Files.setLastModifiedTime(root.resolve("gqa-cli/target/gqa-cli.jar"), FileTime.fromMillis(jarTime));
        Files.setLastModifiedTime(path, FileTime.fromMillis(jarTime + 5_000));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static void script(Path file, String body) throws IOException {
        write(file, "#!/usr/bin/env bash\n" + body);
        file.toFile().setExecutable(true);
    }
}
