package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Workspace's spec says about how its pods may run on the host: its pod-security level and its
 * GPU pool ({@code spec.gpuPool}: nodeSelector, tolerations, priorityClassName) and its quota's
 * {@code spec.quota.hard} (mirrored as a host ResourceQuota).
 */
public record WorkspacePolicy(String podSecurity, Map<String, String> poolNodeSelector, List<Toleration> poolTolerations,
                              String poolPriorityClassName, Map<String, String> quotaHard) {
    public static final WorkspacePolicy DEFAULT = new WorkspacePolicy("baseline", Map.of(), List.of(), null);

    public WorkspacePolicy {
        poolNodeSelector = Map.copyOf(poolNodeSelector);
        poolTolerations = List.copyOf(poolTolerations);
        quotaHard = Map.copyOf(quotaHard);
    }

    /** No workspace quota. */
    public WorkspacePolicy(String podSecurity, Map<String, String> poolNodeSelector, List<Toleration> poolTolerations,
                           String poolPriorityClassName) {
        this(podSecurity, poolNodeSelector, poolTolerations, poolPriorityClassName, Map.of());
    }

    public boolean privileged() {
        return "privileged".equals(podSecurity);
    }

    /** Reads the policy from a Workspace object; absent parts are the defaults. */
    @SuppressWarnings("unchecked")
    public static WorkspacePolicy of(GenericKubernetesResource workspace) {
        Object specValue = workspace.getAdditionalProperties().get("spec");
        if (!(specValue instanceof Map<?, ?> spec)) {
            return DEFAULT;
        }
        String podSecurity = spec.get("podSecurity") instanceof String s ? s : DEFAULT.podSecurity();
        Map<String, String> selector = new LinkedHashMap<>();
        List<Toleration> tolerations = new ArrayList<>();
        String priorityClass = null;
        if (spec.get("gpuPool") instanceof Map<?, ?> pool) {
            if (pool.get("nodeSelector") instanceof Map<?, ?> ns) {
                ns.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
            }
            if (pool.get("tolerations") instanceof List<?> list) {
                for (Object t : list) {
                    tolerations.add(SyncerJson.convert(t, Toleration.class));
                }
            }
            if (pool.get("priorityClassName") instanceof String pc && !pc.isEmpty()) {
                priorityClass = pc;
            }
        }
        Map<String, String> hard = new LinkedHashMap<>();
        if (spec.get("quota") instanceof Map<?, ?> quota && quota.get("hard") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> hard.put(String.valueOf(k), String.valueOf(v)));
        }
        return new WorkspacePolicy(podSecurity, selector, tolerations, priorityClass, hard);
    }
}
