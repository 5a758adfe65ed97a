package org.gqa4j.core;

/**
 * How many threads the work on the current thread may use: the trainer's and the fast forward
 * pass's worker counts read it. By default every core of this JVM; a runner that runs several
 * jobs side by side in one JVM (a Spark executor with several task slots) gives each job its
 * share, so the jobs together never use more threads than there are cores.
 */
public final class ThreadBudget {

    private static final ThreadLocal<Integer> LIMIT = new ThreadLocal<>();

    private ThreadBudget() {}

    /** The threads the current thread's work may use (at least 1). */
    public static int threads() {
        Integer n = LIMIT.get();
        return n != null ? n : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Limits the current thread's work to {@code threads} until the returned scope is closed. */
    public static Scope limit(int threads) {
        if (threads < 1) throw new IllegalArgumentException("a thread budget is at least 1, got " + threads);
        Integer before = LIMIT.get();
        LIMIT.set(threads);
        return () -> {
            if (before == null) LIMIT.remove();
            else LIMIT.set(before);
        };
    }

    /** Restores the budget that was in force before {@link #limit}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
