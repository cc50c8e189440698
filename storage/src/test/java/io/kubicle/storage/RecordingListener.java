package io.kubicle.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Collects a watch's events for assertions, with waits bounded in time. */
final class RecordingListener implements WatchListener {
    final List<WatchEvent> events = new ArrayList<>();
    final CompletableFuture<StorageException> closed = new CompletableFuture<>();

    @Override
    public synchronized void onEvent(WatchEvent event) {
        events.add(event);
        notifyAll();
    }

    @Override
    public void onClose(StorageException error) {
        closed.complete(error);
    }

    synchronized List<WatchEvent> awaitEvents(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        if (events.size() < count) {
            throw new AssertionError("expected " + count + " events within " + timeoutMillis + " ms, got " + describe());
        }
        return List.copyOf(events);
    }

    synchronized List<String> describe() {
        return events.stream().map(RecordingListener::describe).toList();
    }

    static String describe(WatchEvent e) {
        return e.type() + " " + e.object().key().name() + "@" + e.resourceVersion() + " "
                + new String(e.object().body(), StandardCharsets.UTF_8);
    }

    synchronized boolean any(Predicate<WatchEvent> p) {
        return events.stream().anyMatch(p);
    }

    StorageException awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}
