package org.gqa4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.gqa4j.core.InputException;
import org.gqa4j.core.IoErrors;
import picocli.CommandLine;

/**
 * The one place a failure becomes what the user sees and the exit code: an input error is its
 * message and exit 2; an I/O error names the file; anything else, JVM errors such as
 * OutOfMemoryError included, is one line and exit 1 (the stack trace only with GQA_DEBUG set).
 */
final class ErrorMessages {

    private ErrorMessages() {}

    static int report(PrintWriter err, String who, Throwable ex) {
        Throwable t = ex;
        while ((t instanceof CommandLine.ExecutionException || t instanceof CommandLine.PicocliException)
                && t.getCause() != null && !(t instanceof CommandLine.ParameterException)) {
            t = t.getCause();
        }
        if (t instanceof InputException) {
            err.println(who + ": " + t.getMessage());
            return 2;
        }
        err.println(who + ": failed: " + describe(t));
        if (System.getenv("GQA_DEBUG") != null) t.printStackTrace(err);
        else err.println("(set GQA_DEBUG=1 for the stack trace)");
        err.flush();
        return 1;
    }

    static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + "); the Java heap is limited by -Xmx (GQA_JAVA_OPTS for ./gqa) -- "
                    + "a smaller model, batch or file needs less";
        }
        if (t instanceof StackOverflowError) return "stack overflow (input nested too deeply?)";
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            String inner = IoErrors.describe(u.getCause());
            return u.getMessage() != null && !u.getMessage().endsWith(inner) && !u.getMessage().equals(u.getCause().toString())
                    ? u.getMessage() : inner;
        }
        if (t instanceof IOException io) return IoErrors.describe(io);
        if (t instanceof Error) return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return t.toString();
    }
}
