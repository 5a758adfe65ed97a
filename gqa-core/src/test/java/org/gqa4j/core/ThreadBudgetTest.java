package org.gqa4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A runner that runs jobs side by side gives each its share of the cores, on its own thread only. */
class ThreadBudgetTest {

    @Test
    void aLimitHoldsOnItsThreadUntilClosedAndNests() throws Exception {
        int all = Math.max(1, Runtime.getRuntime().availableProcessors());
        assertEquals(all, ThreadBudget.threads());
        try (ThreadBudget.Scope outer = ThreadBudget.limit(3)) {
            assertEquals(3, ThreadBudget.threads());
            AtomicInteger other = new AtomicInteger();
            Thread t = new Thread(() -> other.set(ThreadBudget.threads()));
            t.start();
            t.join();
            assertEquals(all, other.get(), "another thread (another task) keeps its own budget");
            try (ThreadBudget.Scope inner = ThreadBudget.limit(1)) {
                assertEquals(1, ThreadBudget.threads());
            }
            assertEquals(3, ThreadBudget.threads());
        }
        assertEquals(all, ThreadBudget.threads());
        assertThrows(IllegalArgumentException.class, () -> ThreadBudget.limit(0));
    }
}
