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
 * {@code status.syncer.namespaces} (tenant namespace → host namespace), and the namespaces whose copy of the
 * workspace quota the host refuses: {@code status.syncer.hostQuotaRefusals} (tenant namespace → the host's message),
 * written with merge patches on the status subresource in the root workspace, so concurrent entries never conflict.
 */
final class WorkspaceStatusWriter {
    static final String API_VERSION = "tenancy.kubicle.io/v1alpha1";
    static final String KIND = "Workspace";
    static final String REFUSALS = "hostQuotaRefusals";

    private final KubernetesClient root;
    /** Entries this process wrote, so each is written once per run (a restart writes them again, harmlessly). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    /** The quota refusals this process wrote (workspace/namespace → message), so a repeat costs no write. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    WorkspaceStatusWriter(KubernetesClient root) {
        this.root = root;
    }

    void record(String workspace, String tenantNamespace, String hostNamespace) {
        if (written.add(workspace + "/" + tenantNamespace)) {
            try {
                // the first write of a run also clears a refusal a previous run left: one still there is written again
                patch(workspace, Map.of("namespaces", Map.of(tenantNamespace, hostNamespace),
                        REFUSALS, nulled(tenantNamespace)));
            } catch (RuntimeException e) {
                written.remove(workspace + "/" + tenantNamespace);
                throw e;
            }
        }
    }

    void forget(String workspace, String tenantNamespace) {
        patch(workspace, Map.of("namespaces", nulled(tenantNamespace), REFUSALS, nulled(tenantNamespace)));
        written.remove(workspace + "/" + tenantNamespace);
        refusals.remove(workspace + "/" + tenantNamespace);
    }

    /** The host refused the namespace's copy of the workspace quota with {@code message}. */
    void quotaRefused(String workspace, String tenantNamespace, String message) {
        String key = workspace + "/" + tenantNamespace;
        if (!message.equals(refusals.put(key, message))) {
            try {
                patch(workspace, Map.of(REFUSALS, Map.of(tenantNamespace, message)));
            } catch (RuntimeException e) {
                refusals.remove(key);
                throw e;
            }
        }
    }

    /** The host holds the namespace's quota copy (again); true when a refusal was cleared. */
    boolean quotaAccepted(String workspace, String tenantNamespace) {
        String key = workspace + "/" + tenantNamespace;
        if (!refusals.containsKey(key)) {
            return false;
        }
        patch(workspace, Map.of(REFUSALS, nulled(tenantNamespace)));
        refusals.remove(key);
        return true;
    }

    /** The workspace is gone: forget what was written for it (its status went with it). */
    void forgetWorkspace(String workspace) {
        written.removeIf(k -> k.startsWith(workspace + "/"));
        refusals.keySet().removeIf(k -> k.startsWith(workspace + "/"));
    }

    private static Map<String, Object> nulled(String key) {
        Map<String, Object> entry = new HashMap<>();
        entry.put(key, null);
        return entry;
    }

    private void patch(String workspace, Map<String, ?> syncerStatus) {
        String body = SyncerJson.asJson(Map.of("status", Map.of("syncer", syncerStatus)));
        root.genericKubernetesResources(API_VERSION, KIND).withName(workspace).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), body);
    }
}
