package io.kubicle.apiserver.api;

import io.kubicle.storage.Watch;
import java.util.ArrayList;
import java.util.List;

/**
 * The watches a per-workspace cache holds open. A watch whose start completes after the set was closed
 * (the cache was evicted or failed meanwhile) is closed at once instead of leaking.
 */
public final class WatchSet {
    private final List<Watch> watches = new ArrayList<>();
    private boolean closed;

    public synchronized void started(Watch watch) {
        if (closed) {
            watch.close();
        } else {
            watches.add(watch);
        }
    }

    public synchronized void close() {
        closed = true;
        watches.forEach(Watch::close);
        watches.clear();
    }

    public synchronized boolean isClosed() {
        return closed;
    }
}
