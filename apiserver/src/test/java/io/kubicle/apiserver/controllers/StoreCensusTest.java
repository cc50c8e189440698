package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubicle.apiserver.MemoryStore;
import io.kubicle.apiserver.api.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreCensusTest {
    private final MemoryStore store = new MemoryStore("");
    private final StoreCensus census = new StoreCensus(store);

    private Set<WorkloadKind> present(long workspace, String namespace) {
        return census.present(workspace, namespace).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void findsTheKindsANamespaceHoldsAndNothingElse() {
        store.put(1, "pods", "web", "p", Json.object());
        store.put(1, "configmaps", "web", "c", Json.object());
        assertEquals(Set.of(), present(1, "web"), "pods and other kinds are no workload");
        store.put(1, "apps", "replicasets", "web", "rs", Json.object());
        store.put(1, "policy", "poddisruptionbudgets", "web", "pdb", Json.object());
        store.put(1, "apps", "deployments", "other", "d", Json.object());
        store.put(2, "batch", "jobs", "web", "j", Json.object());
        assertEquals(Set.of(WorkloadKind.REPLICASETS, WorkloadKind.PODDISRUPTIONBUDGETS), present(1, "web"));
        assertEquals(Set.of(WorkloadKind.DEPLOYMENTS), present(1, "other"));
        assertEquals(Set.of(WorkloadKind.JOBS), present(2, "web"));
    }
}
