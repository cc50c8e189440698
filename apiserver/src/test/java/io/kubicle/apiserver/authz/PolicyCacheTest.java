package io.kubicle.apiserver.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.MemoryStore;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.Json;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PolicyCacheTest {
    private static final UserInfo ALICE = new UserInfo("alice", List.of(UserInfo.AUTHENTICATED));
    private static final Attributes LIST_PODS = Attributes.resource(ALICE, "list", "", "v1", "pods", "", "team", "");

    private final MemoryStore store = new MemoryStore(PolicyCache.GROUP);
    private final AtomicLong now = new AtomicLong(1_000);
    private final PolicyCache cache = new PolicyCache(store, now::get, 60_000);

    private RbacPolicy policy(long workspace) {
        return cache.policy(workspace).result();
    }

    @Test
    void warmPolicyCostsNoStoreReads() {
        store.put(1, "clusterroles", "", "reader", role());
        RbacPolicy first = policy(1);
        int lists = store.lists;
        assertEquals(4, lists, "one list per RBAC resource");
        for (int i = 0; i < 100; i++) {
            assertSame(first, policy(1));
        }
        assertEquals(lists, store.lists);
    }

    @Test
    void watchedChangesApplyToTheSnapshot() {
        store.put(1, "clusterroles", "", "reader", role());
        assertFalse(RbacEvaluator.authorize(policy(1), LIST_PODS).allowed());
        store.put(1, "rolebindings", "team", "alice", binding());
        assertTrue(RbacEvaluator.authorize(policy(1), LIST_PODS).allowed(), "a watch event updated the snapshot");
        store.delete(1, "clusterroles", "", "reader");
        RbacEvaluator.Decision d = RbacEvaluator.authorize(policy(1), LIST_PODS);
        assertFalse(d.allowed());
        assertEquals("RBAC: clusterrole.rbac.authorization.k8s.io \"reader\" not found", d.reason());
    }

    @Test
    void workspacesAreSeparate() {
        store.put(1, "clusterroles", "", "reader", role());
        store.put(1, "rolebindings", "team", "alice", binding());
        assertTrue(RbacEvaluator.authorize(policy(1), LIST_PODS).allowed());
        assertFalse(RbacEvaluator.authorize(policy(2), LIST_PODS).allowed());
    }

    @Test
    void idleWorkspacesAreEvictedWithTheirWatches() {
        policy(1);
        policy(2);
        assertEquals(8, store.openWatches());
        now.addAndGet(30_000);
        policy(2);
        now.addAndGet(40_000);
        assertEquals(1, cache.evictIdle());
        assertEquals(1, cache.size());
        assertEquals(4, store.openWatches(), "the evicted workspace's watches are closed");
        int lists = store.lists;
        policy(1);
        assertEquals(lists + 4, store.lists, "an evicted workspace is loaded afresh");
    }

    @Test
    void invalidationReloads() {
        RbacPolicy first = policy(1);
        cache.invalidate(1);
        assertEquals(0, store.openWatches());
        assertFalse(first == policy(1));
    }

    private static ObjectNode role() {
        ObjectNode role = Json.object();
        role.set("rules", PolicyRule.toJson(List.of(PolicyRule.resources(List.of("list"), List.of(""), List.of("pods")))));
        return role;
    }

    private static ObjectNode binding() {
        ObjectNode b = Json.object();
        b.putObject("metadata").put("name", "alice").put("namespace", "team");
        b.putObject("roleRef").put("kind", "ClusterRole").put("name", "reader");
        b.putArray("subjects").addObject().put("kind", "User").put("name", "alice");
        return b;
    }
}
