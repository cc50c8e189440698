package io.kubicle.syncer;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A level-triggered work queue as controllers use: a key queued many times is worked once, a key is
 * never worked by two threads at once (a key queued while it is worked runs again afterwards), and a
 * failed key is retried after a delay. The handler reconciles whatever the key names from current state,
 * so dropping intermediate events loses nothing.
 */
final class WorkQueue<K> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final Predicate<K> handler;
    private final LinkedHashSet<K> queued = new LinkedHashSet<>();
    private final Set<K> working = new HashSet<>();
    private final Set<K> dirty = new HashSet<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("syncer-retry"));
    private final Thread[] workers;
    private volatile boolean closed;

    /** {@code handler} returns false (or throws) to have the key retried after {@code retryMillis}. */
    WorkQueue(String name, int threads, long retryMillis, Predicate<K> handler) {
        this.handler = k -> {
            boolean ok;
            try {
                ok = handler.test(k);
            } catch (RuntimeException e) {
                LOG.warn("{}: {} failed, retrying: {}", name, k, e.toString());
                ok = false;
            }
            if (!ok && !closed) {
                retries.schedule(() -> add(k), retryMillis, TimeUnit.MILLISECONDS);
            }
            return ok;
        };
        workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = daemon(name + "-" + i).newThread(this::work);
            workers[i].start();
        }
    }

    synchronized void add(K key) {
        if (closed) {
            return;
        }
        if (working.contains(key)) {
            dirty.add(key);
        } else if (queued.add(key)) {
            notifyAll();
        }
    }

    private void work() {
        while (true) {
            K key;
            synchronized (this) {
                while (queued.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                var it = queued.iterator();
                key = it.next();
                it.remove();
                working.add(key);
            }
            try {
                handler.test(key);
            } finally {
                synchronized (this) {
                    working.remove(key);
                    if (dirty.remove(key)) {
                        add(key);
                    }
                }
            }
        }
    }

    /** True when nothing is queued or being worked (for tests and orderly shutdown). */
    synchronized boolean idle() {
        return queued.isEmpty() && working.isEmpty();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        retries.shutdownNow();
        for (Thread t : workers) {
            t.interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
