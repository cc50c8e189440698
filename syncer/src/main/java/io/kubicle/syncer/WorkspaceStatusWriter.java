package io.kubicle.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records the namespace mapping where tenants and operators can read it: the Workspace's
 * {@code status.syncer.namespaces} (tenant namespace → host namespace), written with merge patches on
 * the status subresource in the root workspace, so concurrent entries never conflict.
 */
final class WorkspaceStatusWriter {
    static final String API_VERSION = "tenancy.kubicle.io/v1alpha1";
    static final String KIND = "Workspace";

    private final KubernetesClient root;
    /** Entries this process wrote, so each is written once per run (a restart writes them again, harmlessly). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    WorkspaceStatusWriter(KubernetesClient root) {
        this.root = root;
    }

    void record(String workspace, String tenantNamespace, String hostNamespace) {
        if (written.add(workspace + "/" + tenantNamespace)) {
            try {
                patch(workspace, Map.of(tenantNamespace, hostNamespace));
            } catch (RuntimeException e) {
                written.remove(workspace + "/" + tenantNamespace);
                throw e;
            }
        }
    }

    void forget(String workspace, String tenantNamespace) {
        Map<String, Object> entry = new HashMap<>();
        entry.put(tenantNamespace, null);
        patch(workspace, entry);
        written.remove(workspace + "/" + tenantNamespace);
    }

    /** The workspace is gone: forget what was written for it (its status went with it). */
    void forgetWorkspace(String workspace) {
        written.removeIf(k -> k.startsWith(workspace + "/"));
    }

    private void patch(String workspace, Map<String, ?> namespaces) {
        String body = SyncerJson.asJson(Map.of("status", Map.of("syncer", Map.of("namespaces", namespaces))));
        root.genericKubernetesResources(API_VERSION, KIND).withName(workspace).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    }
}
