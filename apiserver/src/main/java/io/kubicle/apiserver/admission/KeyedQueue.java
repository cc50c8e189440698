package io.kubicle.apiserver.admission;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous tasks one at a time per key. Reservations against one quota object queue here
 * instead of racing into compare-and-swap conflicts; the CAS still guards against other replicas.
 */
final class KeyedQueue {
    private final Map<Object, Future<?>> tails = new HashMap<>();

    <T> Future<T> run(Object key, Supplier<Future<T>> task) {
        Promise<T> promise = Promise.promise();
        Future<T> mine = promise.future();
        Future<?> previous;
        synchronized (this) {
            previous = tails.getOrDefault(key, Future.succeededFuture());
            tails.put(key, mine);
        }
        previous.onComplete(ignored -> {
            Future<T> result;
            try {
                result = task.get();
            } catch (RuntimeException e) {
                result = Future.failedFuture(e);
            }
            result.onComplete(ar -> {
                synchronized (this) {
                    if (tails.get(key) == mine) {
                        tails.remove(key);
                    }
                }
                if (ar.succeeded()) {
                    promise.complete(ar.result());
                } else {
                    promise.fail(ar.cause());
                }
            });
        });
        return mine;
    }
}
