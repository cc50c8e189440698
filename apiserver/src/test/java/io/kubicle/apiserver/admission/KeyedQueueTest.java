package io.kubicle.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedQueueTest {
    @Test
    void tasksOfOneKeyRunOneAfterAnotherAndOtherKeysDoNotWait() {
        KeyedQueue queue = new KeyedQueue();
        List<String> started = new ArrayList<>();
        Promise<String> first = Promise.promise();
        Future<String> a1 = queue.run("a", () -> {
            started.add("a1");
            return first.future();
        });
        Future<String> a2 = queue.run("a", () -> {
            started.add("a2");
            return Future.succeededFuture("a2");
        });
        Future<String> b1 = queue.run("b", () -> {
            started.add("b1");
            return Future.succeededFuture("b1");
        });
        assertEquals(List.of("a1", "b1"), started, "a2 waits for a1; b is independent");
        assertTrue(b1.succeeded());
        first.complete("a1");
        assertEquals(List.of("a1", "b1", "a2"), started);
        assertEquals("a1", a1.result());
        assertEquals("a2", a2.result());
    }

    @Test
    void aFailingOrThrowingTaskDoesNotBlockTheNext() {
        KeyedQueue queue = new KeyedQueue();
        Future<String> failed = queue.run("k", () -> Future.failedFuture(new IllegalStateException("no")));
        Future<String> thrown = queue.run("k", () -> {
            throw new IllegalArgumentException("boom");
        });
        Future<String> next = queue.run("k", () -> Future.succeededFuture("ok"));
        assertTrue(failed.failed());
        assertTrue(thrown.failed());
        assertEquals("ok", next.result());
    }
}
