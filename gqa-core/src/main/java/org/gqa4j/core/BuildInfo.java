package org.gqa4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What was built: the project version, the git commit and whether the working tree had
 * uncommitted changes, written into the jar by the build (a Maven-filtered resource, see
 * gqa-core/pom.xml). Checkpoints and reports record {@link #codeVersion()}.
 */
public final class BuildInfo {

    private static final Properties P = load();

    private BuildInfo() {}

    /** The Maven project version, e.g. 0.1.0-SNAPSHOT ("dev" when not built by Maven). */
    public static String version() {
        return value("version", "dev");
    }

    /** The full git commit hash the build was made from, or "unknown" (no git at build time). */
    public static String commit() {
        return value("commit", "unknown");
    }

    /** True when the build's working tree differed from its commit (tracked files). */
    public static boolean dirty() {
        return Boolean.parseBoolean(value("dirty", "true"));
    }

    /** The commit, with "-dirty" appended when the tree had uncommitted changes. */
    public static String codeVersion() {
        return commit() + (dirty() ? "-dirty" : "");
    }

    private static String value(String key, String absent) {
        String v = P.getProperty(key);
        // an unfiltered placeholder means the resource was not processed by the build
        return v == null || v.isBlank() || v.startsWith("${") ? absent : v.trim();
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build-info.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // leave empty: every accessor has a stated fallback
        }
        return p;
    }
}
