package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.crd.CustomResourceStrategy;
import io.kubicle.apiserver.api.kinds.KindStrategies;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StoredObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogsTest {
    private static StoredObject stored(String group, String plural, String kind, boolean established, String uid) {
        ObjectNode crd = Json.object();
        crd.put("apiVersion", "apiextensions.k8s.io/v1").put("kind", "CustomResourceDefinition");
        crd.putObject("metadata").put("name", plural + "." + group).put("uid", uid).put("generation", 1);
        ObjectNode spec = crd.putObject("spec");
        spec.put("group", group).put("scope", "Namespaced");
        spec.putObject("names").put("plural", plural).put("kind", kind);
        spec.putArray("versions").addObject().put("name", "v1").put("served", true).put("storage", true);
        if (established) {
            CrdConditions.apply(crd, Instant.EPOCH);
        }
        return new StoredObject(new ObjectKey(1, "apiextensions.k8s.io", "customresourcedefinitions", "",
                plural + "." + group), uid, 1, 1, Map.of(), Json.bytes(crd));
    }

    @Test
    void establishedCrdsAddRowsAndStrategiesToTheBuiltins() {
        ResourceCatalog base = new Catalogs().forWorkspace("tenant");
        WorkspaceCatalog c = Catalogs.build(base, List.of(
                stored("test.io", "widgets", "Widget", true, "a1111111-1111-1111-1111-111111111111"),
                stored("test.io", "pending", "Pending", false, "a2111111-1111-1111-1111-111111111111"),
                stored("apps", "deployments", "Deployment", true, "a3111111-1111-1111-1111-111111111111")));
        ResourceType widgets = c.catalog().find("test.io", "v1", "widgets").orElseThrow();
        assertTrue(c.strategyFor(widgets) instanceof CustomResourceStrategy);
        assertTrue(c.catalog().find("test.io", "v1", "pending").isEmpty(), "not established, not served");
        ResourceType deployments = c.catalog().find("apps", "v1", "deployments").orElseThrow();
        assertSame(KindStrategies.forKind("apps", "Deployment"), c.strategyFor(deployments));
        assertEquals(List.of("v1"), c.catalog().versions("test.io"));
    }

    @Test
    void aWorkspaceWithoutCrdsSharesTheBuiltinCatalog() {
        ResourceCatalog base = new Catalogs().forWorkspace("tenant");
        assertSame(base, Catalogs.build(base, List.of()).catalog());
    }

    @Test
    void theBuiltinCatalogOfAWorkspaceNeedsNoStore() {
        Catalogs catalogs = new Catalogs();
        assertTrue(catalogs.builtin("root").catalog().find("tenancy.kubicle.io", "v1alpha1", "workspaces").isPresent());
        assertTrue(catalogs.builtin("team-a").catalog().find("tenancy.kubicle.io", "v1alpha1", "workspaces").isEmpty(),
                "only the root workspace serves Workspaces");
        assertTrue(catalogs.builtin("team-a").catalog().find("", "v1", "namespaces").isPresent());
        assertSame(catalogs.forWorkspace("team-a"), catalogs.builtin("team-a").catalog());
    }

    @Test
    void idleCatalogsAreEvictedWithTheirCrdWatches() {
        io.kubicle.apiserver.MemoryStore store = new io.kubicle.apiserver.MemoryStore(Catalogs.CRD_GROUP);
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000);
        Catalogs catalogs = new Catalogs(store, now::get);
        catalogs.resolve(1, "team-a");
        catalogs.resolve(2, "team-b");
        assertEquals(2, store.openWatches(), "one CRD watch per loaded workspace");
        now.addAndGet(30_000);
        catalogs.resolve(2, "team-b");
        now.addAndGet(40_000);
        assertEquals(1, catalogs.evictIdle(60_000));
        assertEquals(1, catalogs.size());
        assertEquals(1, store.openWatches(), "the evicted workspace's watch is closed");
        int lists = store.lists;
        catalogs.resolve(1, "team-a");
        assertEquals(lists + 1, store.lists, "an evicted workspace is loaded afresh");
    }
}
