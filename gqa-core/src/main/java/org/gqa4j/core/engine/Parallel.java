package org.gqa4j.core.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A tiny fork-join over task indices. Every task writes its own outputs and sums in its own
 * fixed order, so results are bit-identical whatever the thread count or scheduling: that is
 * what makes training deterministic and resumable to the last bit.
 */
final class Parallel implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "gqa-train-worker");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs body(0..n-1), spread over the threads (the caller is one of them). */
    void forEach(int n, IntConsumer body) {
        if (threads == 1 || n <= 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < n; ) body.accept(i);
        };
        int helpers = Math.min(threads - 1, n - 1);
        Future<?>[] fs = new Future<?>[helpers];
        for (int t = 0; t < helpers; t++) fs[t] = pool.submit(worker);
        Throwable failure = null;
        try {
            worker.run();
        } catch (Throwable e) {
            failure = e;
            next.set(n); // stop handing out work
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error err) throw err;
        if (failure != null) throw new IllegalStateException(failure);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
