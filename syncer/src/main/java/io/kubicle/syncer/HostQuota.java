package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The second wall: each mapped host namespace gets a ResourceQuota {@value #NAME} with the workspace
 * quota's {@code hard} names. The workspace quota spans all of a workspace's namespaces while a
 * ResourceQuota spans one, so the host wall is the workspace limit per namespace: it stops a tenant
 * pod that slipped past Kubicle's admission from exceeding it alone, not several namespaces together.
 */
final class HostQuota {
    static final String NAME = "kubicle-workspace-quota";
    private static final Set<String> BARE_COMPUTE = Set.of("cpu", "memory", "ephemeral-storage");

    private HostQuota() {
    }

    /** ResourceQuota names for the workspace quota's: {@code objects} has no host equivalent; bare extended resources are requests. */
    static Map<String, Quantity> hard(Map<String, String> workspaceHard) {
        Map<String, Quantity> hard = new TreeMap<>();
        workspaceHard.forEach((name, value) -> {
            if ("objects".equals(name)) {
                return;
            }
            String hostName = name.startsWith("requests.") || name.startsWith("limits.") || name.startsWith("count/")
                    || BARE_COMPUTE.contains(name) || !name.contains("/") || name.contains(".storageclass.storage.k8s.io/")
                    ? name : "requests." + name;
            hard.put(hostName, new Quantity(value));
        });
        return hard;
    }
}
