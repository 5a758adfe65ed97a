package org.gqa4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystemException;
import org.gqa4j.core.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** JVM errors and I/O failures reach the user as one line and exit 1; input errors exit 2. */
class ErrorMessagesTest {

    private record Out(int code, String text) {}

    private static Out report(Throwable t) {
        StringWriter s = new StringWriter();
        int code = ErrorMessages.report(new PrintWriter(s, true), "gqa test", t);
        return new Out(code, s.toString());
    }

    @Test
    void outOfMemoryIsOneLineAndExitOne() {
        Assumptions.assumeTrue(System.getenv("GQA_DEBUG") == null, "GQA_DEBUG asks for stack traces");
        Out o = report(new OutOfMemoryError("Java heap space"));
        assertEquals(1, o.code());
        String[] lines = o.text().strip().split("\n");
        assertEquals(2, lines.length, o.text()); // the message and the hint how to see the trace
        assertTrue(lines[0].startsWith("gqa test: failed: out of memory (Java heap space)"), lines[0]);
        assertFalse(o.text().contains("\tat "), o.text());
    }

    @Test
    void aFullDiskNamesTheFile() {
        Out o = report(new java.io.UncheckedIOException(new FileSystemException("/data/run/weights.bin", null, "No space left on device")));
        assertEquals(1, o.code());
        assertTrue(o.text().contains("/data/run/weights.bin"), o.text());
    }

    @Test
    void inputErrorsExitTwoWithTheirMessage() {
        Out o = report(new InputException("prices.csv: line 7, column close: 'abc' is not a number"));
        assertEquals(2, o.code());
        assertEquals("gqa test: prices.csv: line 7, column close: 'abc' is not a number", o.text().strip());
    }
}
