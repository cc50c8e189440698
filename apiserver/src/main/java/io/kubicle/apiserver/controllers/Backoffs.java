package io.kubicle.apiserver.controllers;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-owner delays after a refused create (quota, pod security, ...): kube's workqueue backs a failing
 * key off exponentially; here an owner whose pods were refused is not retried before its time, however
 * often its namespace is reconciled. Entries exist only for owners that are currently failing.
 */
final class Backoffs {
    static final long INITIAL_MILLIS = 1_000;
    static final long MAX_MILLIS = 5 * 60_000;
    private record Entry(long until, long delay) {
    }

    private final LongSupplier clock;
    private final Map<String, Entry> entries = new HashMap<>();

    Backoffs(LongSupplier clock) {
        this.clock = clock;
    }

    /** Milliseconds the owner must still wait, 0 when it may create now. */
    synchronized long remaining(String uid) {
        Entry e = entries.get(uid);
        return e == null ? 0 : Math.max(0, e.until() - clock.getAsLong());
    }

    /** A create was refused: wait twice as long as last time (1 s to 5 min). */
    synchronized long refused(String uid) {
        long now = clock.getAsLong();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.until() + MAX_MILLIS < now) {
                it.remove(); // an owner that stopped failing long ago (or is gone)
            }
        }
        Entry last = entries.get(uid);
        long delay = last == null ? INITIAL_MILLIS : Math.min(MAX_MILLIS, last.delay() * 2);
        entries.put(uid, new Entry(now + delay, delay));
        return delay;
    }

    synchronized void succeeded(String uid) {
        entries.remove(uid);
    }

    synchronized int size() {
        return entries.size();
    }
}
