package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Why a tenant pod must not reach the host: it names host-only things. Host namespaces
 * (hostNetwork/hostPID/hostIPC) are allowed only in a privileged workspace; a node name is never the
 * tenant's to choose (the host scheduler places it within the pool). Its ServiceAccount must be one the
 * workspace has, since that is what gets synced next to it (otherwise a same-named host account would
 * be picked up): such a pod waits.
 */
public final class PodRefusal {
    /** The reason kubelet-style admission failures carry on the pod status and the Event. */
    public static final String REASON = "SyncRefused";

    private PodRefusal() {
    }

    /** The problems, empty when the pod may be synced. */
    public static List<String> problems(Pod pod, WorkspacePolicy policy) {
        List<String> problems = new ArrayList<>();
        PodSpec spec = pod.getSpec();
        if (spec == null) {
            return List.of("spec is missing");
        }
        if (!policy.privileged()) {
            if (Boolean.TRUE.equals(spec.getHostNetwork())) {
                problems.add("spec.hostNetwork is forbidden in a " + policy.podSecurity() + " workspace");
            }
            if (Boolean.TRUE.equals(spec.getHostPID())) {
                problems.add("spec.hostPID is forbidden in a " + policy.podSecurity() + " workspace");
            }
            if (Boolean.TRUE.equals(spec.getHostIPC())) {
                problems.add("spec.hostIPC is forbidden in a " + policy.podSecurity() + " workspace");
            }
        }
        if (spec.getNodeName() != null && !spec.getNodeName().isEmpty()) {
            problems.add("spec.nodeName \"" + spec.getNodeName() + "\" names a host node; leave it empty and use the workspace's pool");
        }
        return problems;
    }

    /**
     * Why the pod cannot run on the host as long as it refers to Secrets whose names the syncer keeps for token Secrets
     * ({@link InClusterAccess#reservedSecretName}), or null when it refers to none. A tenant's Secret of such a name
     * would overwrite a pod's token Secret (or be overwritten by it), so it never goes down; the pod waits (Pending,
     * told by {@link HostRefusals}) rather than failing, so a workload controller does not replace it in a loop.
     */
    public static String reservedSecrets(Pod pod) {
        if (pod.getSpec() == null) {
            return null;
        }
        List<String> reserved = PodReferences.of(pod.getSpec()).secrets().stream().filter(InClusterAccess::reservedSecretName)
                .map(name -> "\"" + name + "\"").toList();
        if (reserved.isEmpty()) {
            return null;
        }
        return (reserved.size() == 1 ? "secret " : "secrets ") + String.join(", ", reserved)
                + " cannot be used on the host: secret names starting with \"" + InClusterAccess.SECRET_PREFIX
                + "\" are reserved by the syncer for pods' API tokens; rename the secret and recreate the pod with the new name";
    }

    /**
     * Why the pod cannot run on a host whose syncer issues no workspace tokens (no {@code --tenant-api-server}), or null:
     * it projects a ServiceAccount token of its own ({@link ProjectedTokens}), which the host's kubelet would fill with a
     * credential of the host. It waits (Pending, told by {@link HostRefusals}) rather than failing.
     */
    public static String projectedTokens(Pod pod) {
        List<String> volumes = ProjectedTokens.of(pod.getSpec()).stream().map(s -> "\"" + s.volume() + "\"").distinct().toList();
        if (volumes.isEmpty()) {
            return null;
        }
        return (volumes.size() == 1 ? "volume " : "volumes ") + String.join(", ", volumes) + " projects a ServiceAccount token,"
                + " which the host would fill with a token of the host; this workspace's syncer runs without in-cluster"
                + " access (--tenant-api-server), so it cannot put a token of the workspace there instead";
    }

    /**
     * Whether the pod's ServiceAccount is not (yet) known in the workspace. Not a refusal: a pod and its
     * account applied together may arrive in either order, so the pod waits for the next pass.
     */
    public static boolean waitsForServiceAccount(Pod pod, Set<String> tenantServiceAccounts) {
        return pod.getSpec() != null && !tenantServiceAccounts.contains(serviceAccount(pod.getSpec()));
    }

    static String serviceAccount(PodSpec spec) {
        String sa = spec.getServiceAccountName();
        if (sa == null || sa.isEmpty()) {
            sa = spec.getServiceAccount();
        }
        return sa == null || sa.isEmpty() ? "default" : sa;
    }
}
