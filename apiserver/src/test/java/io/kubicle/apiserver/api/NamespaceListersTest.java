package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.MemoryStore;
import io.kubicle.storage.ForwardingStore;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NamespaceListersTest {
    private final MemoryStore store = new MemoryStore("");
    private final AtomicLong now = new AtomicLong(1_000);
    private final NamespaceListers listers = new NamespaceListers(store, now::get, 60_000);

    @Test
    void aWarmWorkspaceAnswersWithoutReads() {
        store.put(1, "namespaces", "", "team", namespace("team", false));
        assertTrue(listers.knownActive(1, "team"));
        assertTrue(listers.knownWithoutQuotas(1, "team"));
        int lists = store.lists;
        assertEquals(3, lists, "namespaces, quotas and priority classes are listed once");
        for (int i = 0; i < 100; i++) {
            assertTrue(listers.knownActive(1, "team"));
            assertTrue(listers.knownWithoutQuotas(1, "team"));
        }
        assertEquals(lists, store.lists);
    }

    @Test
    void missingAndTerminatingNamespacesAreNotKnownActive() {
        store.put(1, "namespaces", "", "old", namespace("old", true));
        assertFalse(listers.knownActive(1, "old"));
        assertFalse(listers.knownActive(1, "absent"));
        assertFalse(listers.knownActive(2, "old"), "workspaces are separate");
    }

    @Test
    void watchedChangesApply() {
        store.put(1, "namespaces", "", "team", namespace("team", false));
        assertTrue(listers.knownActive(1, "team"));
        store.put(1, "resourcequotas", "team", "compute", Json.object());
        assertFalse(listers.knownWithoutQuotas(1, "team"));
        assertTrue(listers.knownWithoutQuotas(1, "other"));
        store.delete(1, "resourcequotas", "team", "compute");
        assertTrue(listers.knownWithoutQuotas(1, "team"));
        store.put(1, "namespaces", "", "team", namespace("team", true));
        assertFalse(listers.knownActive(1, "team"));
        store.delete(1, "namespaces", "", "team");
        assertFalse(listers.knownActive(1, "team"));
    }

    @Test
    void localWritesCountAtOnceAndOlderWatchEventsDoNotUndoThem() {
        store.put(1, "namespaces", "", "team", namespace("team", false));
        assertTrue(listers.knownActive(1, "team"));
        Store local = listers.observing(new Answering(store, new StoredObject(new ObjectKey(1, "", "namespaces", "", "team"),
                "uid", 1_000, 1, Map.of(), Json.bytes(namespace("team", true)))));
        local.update(null, Preconditions.NONE);
        assertFalse(listers.knownActive(1, "team"), "this process's write is seen before the watch brings it");
        store.put(1, "namespaces", "", "team", namespace("team", false)); // an older revision, delivered late
        assertFalse(listers.knownActive(1, "team"));

        Store quotas = listers.observing(new Answering(store, new StoredObject(new ObjectKey(1, "", "resourcequotas", "team",
                "q"), "uid", 1_001, 1, Map.of(), Json.bytes(Json.object()))));
        quotas.create(null);
        assertFalse(listers.knownWithoutQuotas(1, "team"));
    }

    @Test
    void idleWorkspacesDropTheirViewAndWatches() {
        listers.knownActive(1, "default");
        listers.knownActive(2, "default");
        assertEquals(6, store.openWatches());
        now.addAndGet(30_000);
        listers.knownActive(2, "default");
        now.addAndGet(40_000);
        assertEquals(1, listers.evictIdle());
        assertEquals(1, listers.size());
        assertEquals(3, store.openWatches());
    }

    @Test
    void aPriorityClassMarkedGlobalDefaultIsSeenUntilItIsUnmarkedOrDeleted() {
        assertTrue(listers.knownWithoutDefaultPriorityClass(1));
        store.put(1, "scheduling.k8s.io", "priorityclasses", "", "batch", Json.object().put("value", 10));
        assertTrue(listers.knownWithoutDefaultPriorityClass(1), "a class that is not the default changes nothing");
        store.put(1, "scheduling.k8s.io", "priorityclasses", "", "everyday", Json.object().put("value", 5).put("globalDefault", true));
        assertFalse(listers.knownWithoutDefaultPriorityClass(1));
        assertTrue(listers.knownWithoutDefaultPriorityClass(2), "workspaces are separate");
        store.put(1, "scheduling.k8s.io", "priorityclasses", "", "everyday", Json.object().put("value", 5));
        assertTrue(listers.knownWithoutDefaultPriorityClass(1));
        store.put(1, "scheduling.k8s.io", "priorityclasses", "", "everyday", Json.object().put("value", 5).put("globalDefault", true));
        store.delete(1, "scheduling.k8s.io", "priorityclasses", "", "everyday");
        assertTrue(listers.knownWithoutDefaultPriorityClass(1));
        store.put(1, "resourcequotas", "scheduling.k8s.io", "q", Json.object().put("globalDefault", true));
        assertTrue(listers.knownWithoutDefaultPriorityClass(1), "a quota in a namespace so named is no class");
    }

    private static ObjectNode namespace(String name, boolean terminating) {
        ObjectNode ns = Json.object();
        ObjectNode meta = ns.putObject("metadata");
        meta.put("name", name);
        if (terminating) {
            meta.put("deletionTimestamp", "2026-12-06T00:00:00Z");
        }
        ns.putObject("status").put("phase", terminating ? "Terminating" : "Active");
        return ns;
    }

    /** A store whose writes all answer with one stored state, as a commit of this process would. */
    private static final class Answering extends ForwardingStore {
        private final StoredObject answer;

        Answering(Store delegate, StoredObject answer) {
            super(delegate);
            this.answer = answer;
        }

        @Override
        public Future<StoredObject> create(ObjectWrite write) {
            return Future.succeededFuture(answer);
        }

        @Override
        public Future<StoredObject> update(ObjectWrite write, Preconditions preconditions) {
            return Future.succeededFuture(answer);
        }
    }
}
