package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.ObjectWrites;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.util.function.Function;

/** Read, change, compare-and-swap, and again on a conflict: how usage is reserved without races. */
final class CasUpdate {
    private static final int MAX_ROUNDS = 50;

    private CasUpdate() {
    }

    /**
     * {@code change} gets a copy of the current object and returns the object to store, or null when
     * nothing needs writing; it may throw an ApiError to refuse. Returns the object as it now is.
     */
    static Future<ObjectNode> apply(Store store, ObjectKey key, Function<ObjectNode, Future<ObjectNode>> change) {
        return round(store, key, change, 0);
    }

    private static Future<ObjectNode> round(Store store, ObjectKey key, Function<ObjectNode, Future<ObjectNode>> change,
                                            int round) {
        return store.get(key).compose(current -> {
            ObjectNode object = Json.parseStored(current.body());
            return change.apply(object.deepCopy()).compose(next -> {
                if (next == null || next.equals(object)) {
                    return Future.succeededFuture(object);
                }
                return store.update(ObjectWrites.toWrite(key, next), Preconditions.resourceVersion(current.resourceVersion()))
                        .map(stored -> next)
                        .recover(e -> e instanceof StorageException.Conflict && round < MAX_ROUNDS
                                ? round(store, key, change, round + 1) : Future.failedFuture(e));
            });
        });
    }
}
