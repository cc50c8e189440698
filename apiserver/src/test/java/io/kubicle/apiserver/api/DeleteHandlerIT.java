package io.kubicle.apiserver.api;

import static io.kubicle.storage.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.storage.ForwardingStore;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoreTest;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A DELETE racing another writer of the same object, on a real Postgres. */
class DeleteHandlerIT extends StoreTest {
    private static final ResourceType CONFIGMAPS = new Catalogs().forWorkspace("any").find("", "v1", "configmaps").orElseThrow();

    @Test
    void aDeleteWithoutPreconditionsOutlastsAConcurrentWrite() {
        long ws = await(store.createWorkspace("race", null)).id();
        ObjectKey key = put(ws, "budget");
        AtomicInteger writesLeft = new AtomicInteger(2);
        DeleteHandler.Result result = await(handler(new WriteBeforeDelete(store, writesLeft))
                .delete(call(ws, "budget"), new DeleteHandler.Options("", null, null, false)));
        assertEquals(0, writesLeft.get(), "two deletes met a status write between their read and their delete");
        assertTrue(result.gone());
        assertInstanceOf(StorageException.NotFound.class, failureOf(store.get(key)));
    }

    @Test
    void aDeletePinnedToAResourceVersionAnswersTheConflict() {
        long ws = await(store.createWorkspace("pinned", null)).id();
        ObjectKey key = put(ws, "budget");
        long version = await(store.get(key)).resourceVersion();
        Throwable failure = failureOf(handler(new WriteBeforeDelete(store, new AtomicInteger(1)))
                .delete(call(ws, "budget"), new DeleteHandler.Options("", null, version, false)));
        assertEquals(409, ((ApiError) failure).code(), "the caller asked for that version: its conflict is the answer");
        await(store.get(key));
    }

    private static DeleteHandler handler(Store on) {
        return new DeleteHandler(on, java.time.Clock.systemUTC(), new NamespaceTerminator(vertx, on,
                (id, name) -> Future.succeededFuture(new Catalogs().forWorkspace(name))), new GarbageCollector(on));
    }

    private static ApiCall call(long ws, String name) {
        return new ApiCall(null, ws, "ws", new RequestInfo("delete", true, "", "v1", "configmaps", "default", name, ""),
                CONFIGMAPS, null, null);
    }

    private static ObjectKey put(long ws, String name) {
        ObjectKey key = new ObjectKey(ws, "", "configmaps", "default", name);
        await(store.create(new ObjectWrite(key, UUID.randomUUID().toString(), 0, Map.of(), Json.bytes(configMap(name, "1")))));
        return key;
    }

    private static ObjectNode configMap(String name, String value) {
        ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", "default");
        cm.putObject("data").put("v", value);
        return cm;
    }

    private static Throwable failureOf(Future<?> f) {
        try {
            await(f);
            return null;
        } catch (RuntimeException e) {
            return e.getCause() != null && !(e instanceof ApiError) && !(e instanceof StorageException) ? e.getCause() : e;
        }
    }

    /** The real store, where another writer (a controller's status update) changes the object just before a delete. */
    private static final class WriteBeforeDelete extends ForwardingStore {
        private final AtomicInteger writesLeft;

        WriteBeforeDelete(Store store, AtomicInteger writesLeft) {
            super(store);
            this.writesLeft = writesLeft;
        }

        @Override
        public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
            if (writesLeft.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                return delegate.delete(key, preconditions);
            }
            return delegate.get(key).compose(current -> delegate.update(new ObjectWrite(key, current.uid(), 0, Map.of(),
                    Json.bytes(configMap(key.name(), UUID.randomUUID().toString()))), Preconditions.resourceVersion(current.resourceVersion())))
                    .compose(written -> delegate.delete(key, preconditions));
        }
    }
}
