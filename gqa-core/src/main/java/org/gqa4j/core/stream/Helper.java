package org.gqa4j.core.stream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A second thread that shares the chunks of each parallel section of a step with the caller.
 * Chunks are claimed one at a time from a shared word, so when the helper is slow to start
 * (parked between the bars of a slow stream, or not scheduled) the caller runs the remaining
 * chunks itself instead of waiting for it. The caller only ever waits for a chunk the helper
 * has begun; on a machine whose cores are busy with other work the helper can be descheduled
 * in the middle of one, which is why two threads then lose to one (measured). Sections follow
 * each other within microseconds, so the helper spins between them, and parks after
 * {@link #IDLE_NANOS} without work so that it burns little between steps.
 */
final class Helper implements AutoCloseable {

    /** Chunk {@code chunk} of {@code chunks} of a section, on worker 0 (the caller) or 1 (the helper). */
    interface Work {
        void run(int section, int layer, int chunk, int chunks, int worker);
    }

    /** At most this many chunks per section (10 bits of the state word). */
    static final int MAX_CHUNKS = 1023;
    private static final long IDLE_NANOS = 20_000;

    private final Work work;
    private final Thread thread;
    /**
     * Everything about the current section in one word, so a claim (a compare-and-set of the
     * whole word) can never pair a chunk with another section's parameters:
     * sequence (24 bits) | section (4) | layer (16) | chunks (10) | next unclaimed chunk (10).
     */
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private int seq;
    private volatile boolean sleeping, closing;
    private volatile Throwable failure;

    Helper(Work work, String name) {
        this.work = work;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs every chunk of a section, on this thread and the helper; returns when all are done. */
    void run(int section, int layer, int chunks) {
        if (chunks < 1 || chunks > MAX_CHUNKS || section > 15 || layer > 0xFFFF) {
            throw new IllegalArgumentException("section " + section + ", layer " + layer + ", chunks " + chunks);
        }
        seq = (seq + 1) & 0xFFFFFF;
        finished.set(0); // the previous section's chunks have all finished: nothing can still count
        state.set((long) seq << 40 | (long) section << 36 | (long) layer << 20 | (long) chunks << 10);
        if (sleeping) LockSupport.unpark(thread);
        while (claim(0)) {
            // run chunks until none is left
        }
        while (finished.get() != chunks) {
            if (failure != null) throw new IllegalStateException("streaming helper thread failed", failure);
            Thread.onSpinWait();
        }
    }

    /** Claims and runs one chunk of the current section; false when none is left. */
    private boolean claim(int worker) {
        while (true) {
            long st = state.get();
            int next = (int) (st & 1023), chunks = (int) (st >>> 10 & 1023);
            if (next >= chunks) return false;
            if (state.compareAndSet(st, st + 1)) {
                work.run((int) (st >>> 36 & 15), (int) (st >>> 20 & 0xFFFF), next, chunks, worker);
                finished.incrementAndGet();
                return true;
            }
        }
    }

    private void loop() {
        try {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (!closing) {
                if (claim(1)) {
                    idleSince = System.nanoTime();
                    continue;
                }
                Thread.onSpinWait();
                if ((++spins & 15) == 0 && System.nanoTime() - idleSince > IDLE_NANOS) {
                    sleeping = true;
                    if (!claimable() && !closing) LockSupport.park(this);
                    sleeping = false;
                    idleSince = System.nanoTime();
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private boolean claimable() {
        long st = state.get();
        return (st & 1023) < (st >>> 10 & 1023);
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
