package io.kubicle.syncer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the independent writes of one namespace pass a few at a time. Each write is a round trip, so a pass that
 * wrote its pods one after the other took (pods × round trip): a burst into one namespace reached the host at one pod
 * per round trip, and the status of pods already running waited behind the whole pass. A pass still ends only when
 * every write has ended, so what it reconciles stays level-triggered; after a failure no further write starts, and
 * the pass fails as a sequential one did (its key is retried).
 */
final class PassWrites implements AutoCloseable {
    private final ExecutorService pool;
    private final int perPass;

    /** {@code threads} shared by all passes; at most {@code perPass} writes of one pass in flight, so one busy namespace leaves room for the rest. */
    PassWrites(int threads, int perPass) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "syncer-write-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.perPass = perPass;
    }

    /** Runs every write and returns when all have ended; rethrows the first failure (a write not started by then is skipped). */
    void run(List<Runnable> writes) {
        if (writes.size() <= 1) {
            writes.forEach(Runnable::run);
            return;
        }
        Semaphore slots = new Semaphore(perPass);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Future<?>> started = new ArrayList<>(writes.size());
        for (Runnable write : writes) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("syncer stopping", e));
            }
            if (failure.get() != null) {
                break;
            }
            try {
                started.add(pool.submit(() -> {
                    try {
                        write.run();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        slots.release();
                    }
                }));
            } catch (RejectedExecutionException e) {
                failure.compareAndSet(null, new IllegalStateException("syncer stopping", e));
                break;
            }
        }
        for (Future<?> f : started) {
            awaitEnd(f, failure);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void awaitEnd(Future<?> f, AtomicReference<RuntimeException> failure) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                // a write in flight still ends (its HTTP timeout bounds it): the pass must not end before its writes
                interrupted = true;
                failure.compareAndSet(null, new IllegalStateException("syncer stopping", e));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                break;
            } catch (CancellationException e) {
                failure.compareAndSet(null, new IllegalStateException("syncer stopping", e));
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        // writes still queued never run: their passes must not wait for them
        pool.shutdownNow().forEach(r -> ((Future<?>) r).cancel(false));
    }
}
