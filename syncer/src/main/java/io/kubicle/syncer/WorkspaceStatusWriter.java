package io.kubicle.syncer;

import io.fabric8.kubernetes.client.KubernetesClient;
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
    static final String PLURAL = "workspaces";
    static final String KIND = "Workspace";
    static final String REFUSALS = "hostQuotaRefusals";

    private final KubernetesClient root;
    /** Entries this process wrote, so each is written once per run (a restart writes them again, harmlessly). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    /** The quota refusals this process wrote (workspace/namespace → message), so a repeat costs no write. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();

    /** The Workspace object as last seen (null when not seen yet), so a clearing write is sent only for an entry there. */
    private final java.util.function.Function<String, io.fabric8.kubernetes.api.model.GenericKubernetesResource> seen;

    WorkspaceStatusWriter(KubernetesClient root, java.util.function.Function<String, io.fabric8.kubernetes.api.model.GenericKubernetesResource> seen) {
        this.root = root;
        this.seen = seen;
    }

    /**
     * The merge patch that removes a refusal, or an empty one when the Workspace as seen has none for the namespace: a
     * null for a missing member still makes its parent, so every synced Workspace showed {@code hostQuotaRefusals: {}}.
     */
    private Map<String, Object> refusalCleared(String workspace, String tenantNamespace) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource ws = seen.apply(workspace);
        boolean there = ws == null || ws.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("syncer") instanceof Map<?, ?> syncer && syncer.get(REFUSALS) instanceof Map<?, ?> refused
                && refused.containsKey(tenantNamespace);
        return there ? Map.of(REFUSALS, nulled(tenantNamespace)) : Map.of();
    }

    void record(String workspace, String tenantNamespace, String hostNamespace) {
        if (written.add(workspace + "/" + tenantNamespace)) {
            try {
                // the first write of a run also clears a refusal a previous run left: one still there is written again
                Map<String, Object> change = new java.util.HashMap<>(refusalCleared(workspace, tenantNamespace));
                change.put("namespaces", Map.of(tenantNamespace, hostNamespace));
                patch(workspace, change);
            } catch (RuntimeException e) {
                written.remove(workspace + "/" + tenantNamespace);
                throw e;
            }
        }
    }

    void forget(String workspace, String tenantNamespace) {
        Map<String, Object> change = new java.util.HashMap<>(refusalCleared(workspace, tenantNamespace));
        change.put("namespaces", nulled(tenantNamespace));
        patch(workspace, change);
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

    /**
     * Where this syncer serves the containers of the workspace's pods (logs, exec, attach, port-forward):
     * {@code status.syncer.containersEndpoint}, once per run.
     */
    void containersEndpoint(String workspace, String url, String certificateSha256) {
        if (written.add("containers:" + workspace)) {
            try {
                patch(workspace, Map.of("containersEndpoint", Map.of("url", url, "certificateSHA256", certificateSha256)));
            } catch (RuntimeException e) {
                written.remove("containers:" + workspace);
                throw e;
            }
        }
    }

    /** This syncer serves no containers: a record of an earlier run's endpoint is cleared, once per run. */
    void noContainersEndpoint(String workspace) {
        io.fabric8.kubernetes.api.model.GenericKubernetesResource ws = seen.apply(workspace);
        boolean recorded = ws != null && ws.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("syncer") instanceof Map<?, ?> syncer && syncer.get("containersEndpoint") != null;
        if (recorded && written.add("containers:" + workspace)) {
            try {
                patch(workspace, nulled("containersEndpoint"));
            } catch (RuntimeException e) {
                written.remove("containers:" + workspace);
                throw e;
            }
        }
    }

    /** The workspace is gone: forget what was written for it (its status went with it). */
    void forgetWorkspace(String workspace) {
        written.removeIf(k -> k.startsWith(workspace + "/") || k.equals("containers:" + workspace));
        refusals.keySet().removeIf(k -> k.startsWith(workspace + "/"));
    }

    private static Map<String, Object> nulled(String key) {
        Map<String, Object> entry = new HashMap<>();
        entry.put(key, null);
        return entry;
    }

    private void patch(String workspace, Map<String, ?> syncerStatus) {
        String body = SyncerJson.asJson(Map.of("status", Map.of("syncer", syncerStatus)));
        UnreadWrites.patchStatus(root, API_VERSION, PLURAL, workspace, body);
    }
}
