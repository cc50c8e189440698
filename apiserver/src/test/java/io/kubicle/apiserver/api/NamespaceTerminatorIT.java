package io.kubicle.apiserver.api;

import static io.kubicle.storage.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.ForwardingStore;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.PgStore;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoreTest;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.TestPostgres;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Namespace termination on a real Postgres: it survives a restart of the server and failures of the store. */
class NamespaceTerminatorIT extends StoreTest {
    static final Catalogs CATALOGS = new Catalogs();

    private static NamespaceTerminator terminator(Store on) {
        return new NamespaceTerminator(vertx, on, (id, name) -> Future.succeededFuture(CATALOGS.forWorkspace(name)));
    }

    @Test
    void aNamespaceAPreviousRunLeftTerminatingIsEmptiedAndRemovedOnResume() {
        long ws = await(store.createWorkspace("resume", null)).id();
        // what a server that died mid-termination leaves behind: the namespace Terminating, its contents still there
        put(namespace(ws, "doomed", true));
        put(namespace(ws, "kept", false));
        for (int i = 0; i < 3; i++) {
            put(configMap(ws, "doomed", "cm" + i));
        }
        put(configMap(ws, "kept", "stays"));

        assertEquals(1, await(terminator(store).resume(ws, "resume")), "only the Terminating namespace is taken up");
        await(poll(() -> store.get(new ObjectKey(ws, "", "namespaces", "", "doomed"))));
        assertEquals(List.of(), names(ws, "configmaps", "doomed"));
        assertEquals(List.of("stays"), names(ws, "configmaps", "kept"));
        assertEquals(List.of("kept"), names(ws, "namespaces", ""));
    }

    @Test
    void terminationRetriesUntilTheStoreLetsItFinish() {
        long ws = await(store.createWorkspace("flaky", null)).id();
        put(namespace(ws, "doomed", true));
        put(configMap(ws, "doomed", "a"));
        put(configMap(ws, "doomed", "b"));
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Store flaky = new FailingDeletes(store, failuresLeft);

        await(terminator(flaky).terminate(ws, "flaky", "doomed"));
        assertEquals(0, failuresLeft.get(), "both injected failures were hit and retried");
        assertInstanceOf(StorageException.NotFound.class, failureOf(store.get(new ObjectKey(ws, "", "namespaces", "", "doomed"))));
        assertEquals(List.of(), names(ws, "configmaps", "doomed"));
    }

    @Test
    void contentHeldByFinalizersIsMarkedAndTheNamespaceWaitsForIt() throws Exception {
        long ws = await(store.createWorkspace("held", null)).id();
        put(namespace(ws, "doomed", true));
        put(configMap(ws, "doomed", "plain"));
        ObjectNode held = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        held.putObject("metadata").put("name", "held").put("namespace", "doomed").putArray("finalizers").add("example.com/cleanup");
        put(new ObjectWrite(new ObjectKey(ws, "", "configmaps", "doomed", "held"), UUID.randomUUID().toString(), 0,
                java.util.Map.of(), Json.bytes(held)));

        Future<Void> gone = terminator(store).terminate(ws, "held", "doomed");
        ObjectKey heldKey = new ObjectKey(ws, "", "configmaps", "doomed", "held");
        long deadline = System.currentTimeMillis() + 20_000;
        while (Json.text(Json.metadata(Json.parseStored(await(store.get(heldKey)).body())), "deletionTimestamp").isEmpty()
                || !names(ws, "configmaps", "doomed").equals(List.of("held"))) {
            assertTrue(System.currentTimeMillis() < deadline, "the held object is marked and the rest deleted within 20 s");
            Thread.sleep(50);
        }
        Thread.sleep(1_500); // at least one more look: the finalizer still holds everything
        assertTrue(!gone.isComplete(), "the namespace waits while a finalizer holds its content");
        assertTrue(names(ws, "namespaces", "").contains("doomed"), "the namespace is still there, Terminating");

        await(store.delete(heldKey, Preconditions.NONE)); // its owner removed the finalizer, and the API deleted it
        await(gone.timeout(20, java.util.concurrent.TimeUnit.SECONDS));
        assertInstanceOf(StorageException.NotFound.class, failureOf(store.get(new ObjectKey(ws, "", "namespaces", "", "doomed"))));
    }

    private static ObjectWrite namespace(long ws, String name, boolean terminating) {
        ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        ns.putObject("spec").putArray("finalizers").add("kubernetes");
        ns.putObject("status").put("phase", terminating ? "Terminating" : "Active");
        if (terminating) {
            ((ObjectNode) ns.get("metadata")).put("deletionTimestamp", "2026-01-01T00:00:00Z");
        }
        return new ObjectWrite(new ObjectKey(ws, "", "namespaces", "", name), UUID.randomUUID().toString(), 0,
                java.util.Map.of(), Json.bytes(ns));
    }

    private static ObjectWrite configMap(long ws, String namespace, String name) {
        ObjectNode cm = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", name).put("namespace", namespace);
        return new ObjectWrite(new ObjectKey(ws, "", "configmaps", namespace, name), UUID.randomUUID().toString(), 0,
                java.util.Map.of(), Json.bytes(cm));
    }

    private static void put(ObjectWrite write) {
        await(store.create(write));
    }

    private static List<String> names(long ws, String resource, String namespace) {
        return await(store.list(ListRequest.all(new ResourceScope(ws, "", resource, namespace)))).items().stream()
                .map(o -> o.key().name()).toList();
    }

    /** Completes once {@code get} fails with NotFound; fails after 20 s. */
    private static Future<Void> poll(java.util.function.Supplier<Future<StoredObject>> get) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (failureOf(get.get()) instanceof StorageException.NotFound) {
                return Future.succeededFuture();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Future.failedFuture(new AssertionError("still there after 20 s"));
    }

    private static Throwable failureOf(Future<?> f) {
        try {
            await(f);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** The real store, but its first deletes fail as an unavailable database would. */
    private static final class FailingDeletes extends ForwardingStore {
        private final AtomicInteger failuresLeft;

        FailingDeletes(Store store, AtomicInteger failuresLeft) {
            super(store);
            this.failuresLeft = failuresLeft;
        }

        @Override
        public Future<StoredObject> delete(ObjectKey key, Preconditions preconditions) {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Future.failedFuture(new StorageException.Unavailable("injected failure", null));
            }
            return delegate.delete(key, preconditions);
        }
    }
}
