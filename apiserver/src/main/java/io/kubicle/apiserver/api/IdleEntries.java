package io.kubicle.apiserver.api;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/** Eviction for the per-workspace caches: an idle workspace must hold no memory and no watch. */
public final class IdleEntries {
    private IdleEntries() {
    }

    /**
     * Removes the entries last used more than {@code idleMillis} before {@code now} and closes each one
     * removed (an entry used again meanwhile by another thread is kept); yields how many went.
     */
    public static <K, V> int evict(Map<K, V> entries, ToLongFunction<V> lastUsed, long now, long idleMillis,
                                   Consumer<V> close) {
        int evicted = 0;
        for (Map.Entry<K, V> e : entries.entrySet()) {
            if (now - lastUsed.applyAsLong(e.getValue()) > idleMillis && entries.remove(e.getKey(), e.getValue())) {
                close.accept(e.getValue());
                evicted++;
            }
        }
        return evicted;
    }
}
