package org.gqa4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What build this is: the project version and the git commit it was built from, written into
 * {@code build-info.properties} at build time. The one home of the code version: {@code gqa
 * --version}, checkpoint provenance and reports all read it. Built outside a git work tree
 * (or without git), the commit is {@value #UNKNOWN}.
 */
public final class BuildInfo {

    public static final String UNKNOWN = "unknown";
    static final String RESOURCE = "build-info.properties";

    private static final BuildInfo CURRENT = load();

    private final String version;
    private final String commit;
    private final boolean dirty;

    BuildInfo(String version, String commit, boolean dirty) {
        this.version = version;
        this.commit = commit;
        this.dirty = dirty;
    }

    /** The project version, e.g. 0.1.0-SNAPSHOT. */
    public static String version() { return CURRENT.version; }

    /** The full git commit hash, or {@value #UNKNOWN}. */
    public static String commit() { return CURRENT.commit; }

    /** True when the work tree had uncommitted changes to tracked files at build time. */
    public static boolean dirty() { return CURRENT.dirty; }

    /** Compact, for provenance and reports: {@code 0.1.0-SNAPSHOT+1a2b3c4d5e6f} (suffix {@code -dirty}), or {@code +unknown}. */
    public static String codeVersion() { return CURRENT.compact(); }

    /** For people: {@code 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f..., with uncommitted changes)}. */
    public static String describe() { return CURRENT.human(); }

    String compact() {
        return version + "+" + (commit.equals(UNKNOWN) ? UNKNOWN : commit.substring(0, Math.min(12, commit.length())))
                + (dirty ? "-dirty" : "");
    }

    String human() {
        return version + " (" + (commit.equals(UNKNOWN) ? "commit unknown: not built from a git work tree" : "commit " + commit)
                + (dirty ? ", with uncommitted changes" : "") + ")";
    }

    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE + " from the gqa-core jar: " + e.getMessage(), e);
        }
        return of(p);
    }

    /** Values the build did not fill in (left as ${...}, or empty) read as unknown. */
    static BuildInfo of(Properties p) {
        return new BuildInfo(value(p, "version"), value(p, "commit"), "true".equals(p.getProperty("dirty")));
    }

    private static String value(Properties p, String key) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.contains("${") ? UNKNOWN : v;
    }
}
