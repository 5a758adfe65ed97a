package org.gqa4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.gqa4j.core.ThreadBudget;
import org.junit.jupiter.api.Test;

/** The trainer's default thread count is the current thread's budget (a Spark task's spark.task.cpus). */
class EngineThreadsTest {

    @Test
    void theDefaultThreadsFollowTheBudget() {
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), EngineKind.defaultThreads());
        try (ThreadBudget.Scope s = ThreadBudget.limit(1)) {
            assertEquals(1, EngineKind.defaultThreads());
        }
    }
}
