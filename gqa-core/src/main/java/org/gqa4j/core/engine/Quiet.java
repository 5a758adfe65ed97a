package org.gqa4j.core.engine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Runs code with {@code System.out} silenced. Why: while it builds gradient functions, ND4J's
 * SameDiff prints "Added differentiated op ..." with {@code System.out.println}, tens of lines
 * per graph, and no logging configuration reaches it; users must not see that noise. The
 * redirect is global to the JVM (System.out is), so it is kept to the graph-building calls
 * and restored in {@code finally}; output of other threads during that window is lost too.
 */
public final class Quiet {

    private static final Object LOCK = new Object();
    private static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());

    private Quiet() {}

    public static <T> T call(Supplier<T> body) {
        synchronized (LOCK) {
            PrintStream saved = System.out;
            System.setOut(NULL);
            try {
                return body.get();
            } finally {
                System.setOut(saved);
            }
        }
    }

    public static void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }
}
