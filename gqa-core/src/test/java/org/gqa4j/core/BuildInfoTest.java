package org.gqa4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BuildInfoTest {

    /** The build wrote the commit of the tree the tests run in (where git is available). */
    @Test
    void commitIsGitHead() throws Exception {
        String[] head = git("rev-parse", "HEAD");
        assumeTrue(head != null && head[0].equals("0"), "no git here: nothing to compare with");
        assertEquals(head[1].trim(), BuildInfo.commit());
        String[] diff = git("diff", "--quiet", "HEAD", "--");
        assertEquals(!diff[0].equals("0"), BuildInfo.dirty(), "dirty flag against git diff --quiet HEAD");
        assertEquals(BuildInfo.commit() + (BuildInfo.dirty() ? "-dirty" : ""), BuildInfo.codeVersion());
    }

    /** {exit code, stdout}, or null when git cannot be started. */
    private static String[] git(String... args) throws InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return new String[] {String.valueOf(p.exitValue()), out};
        } catch (IOException e) {
            return null;
        }
    }
}
