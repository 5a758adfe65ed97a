package org.gqa4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theBuildWroteTheProjectVersionAndTheCommit() throws Exception {
        // the version the pom declares (surefire runs in the module directory)
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<parent>.*?<version>([^<]+)</version>", java.util.regex.Pattern.DOTALL)
                .matcher(pom);
        assertTrue(m.find(), "parent version in pom.xml");
        assertEquals(m.group(1), BuildInfo.version());

        String head = git("rev-parse", "HEAD");
        if (head == null) {
            assertEquals(BuildInfo.UNKNOWN, BuildInfo.commit(), "built outside git");
        } else {
            assertEquals(head, BuildInfo.commit(), "the commit built from");
            assertTrue(BuildInfo.codeVersion().startsWith(BuildInfo.version() + "+" + head.substring(0, 12)), BuildInfo.codeVersion());
            assertTrue(BuildInfo.describe().contains(head), BuildInfo.describe());
        }
    }

    @Test
    void unfilledValuesReadAsUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "0.1.0");
        p.setProperty("commit", "${gqa.commit}");
        p.setProperty("dirty", "${gqa.dirty}");
        BuildInfo b = BuildInfo.of(p);
        assertEquals("0.1.0+unknown", b.compact());
        assertTrue(b.human().contains("commit unknown"), b.human());

        p.setProperty("commit", "0123456789abcdef0123456789abcdef01234567");
        p.setProperty("dirty", "true");
        b = BuildInfo.of(p);
        assertEquals("0.1.0+0123456789ab-dirty", b.compact());
        assertTrue(b.human().contains("uncommitted changes"), b.human());
        assertFalse(BuildInfo.of(new Properties()).compact().contains("null"));
    }

    /** git's one-line answer, or null outside a work tree / without git. */
    private static String git(String... args) {
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (Exception e) {
            return null;
        }
    }
}
