package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GqaCliTest {

    @TempDir Path tmp;

    /** Runs the CLI, capturing picocli's and System.out's output. */
    static Result run(String... args) {
        CommandLine cl = Gqa.commandLine();
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        PrintStream saved = System.out;
        ByteArrayOutputStream sys = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sys, true));
        try {
            int code = cl.execute(args);
            return new Result(code, out + sys.toString(), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    record Result(int code, String out, String err) {}

    @Test
    void helpListsTheSubcommands() {
        assertEquals(0, run("--help").code());
        String usage = Gqa.commandLine().getUsageMessage();
        for (String sub : new String[] {"datasets", "inspect"}) assertTrue(usage.contains(sub), usage);
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Gqa.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) continue;
            assertEquals(0, run(sub, "--help").code(), sub + " --help");
        }
    }

    @Test
    void unknownOptionIsUsageError() {
        Result r = run("datasets", "--bogus");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
    }

    @Test
    void datasetsListsBtcWithItsBarCount() {
        Result r = run("datasets");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("btc-usd-1m") && r.out().contains("9603"), r.out());
    }

    @Test
    void inspectOfAMissingCheckpointIsInputError() {
        Result r = run("inspect", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
