package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.kinds.Quantities;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Workspace's spec asks of admission: its pod-security level (baseline unless set) and its
 * quota, with {@code objects} and the {@code hard:} names; a bare compute or extended resource name
 * means its request, as in ResourceQuota. {@code gpuHourBudget} ({@code spec.gpuHourBudget}, null when
 * unlimited) and {@code gpuUsedSeconds} (the syncer's metering, {@code status.gpu.usedSeconds}) drive
 * the GPU budget.
 */
public record WorkspacePolicy(PodSecurityLevel podSecurity, Map<String, BigDecimal> hard, BigDecimal gpuHourBudget,
                              long gpuUsedSeconds) {
    public static final String OBJECTS = "objects";
    private static final Set<String> BARE_COMPUTE = Set.of("cpu", "memory", "ephemeral-storage");
    public static final WorkspacePolicy DEFAULT = new WorkspacePolicy(PodSecurityLevel.BASELINE, Map.of());

    public WorkspacePolicy {
        hard = java.util.Collections.unmodifiableMap(new TreeMap<>(hard));
    }

    /** No GPU budget. */
    public WorkspacePolicy(PodSecurityLevel podSecurity, Map<String, BigDecimal> hard) {
        this(podSecurity, hard, null, 0);
    }

    /** The policy of a whole Workspace object: its spec plus the GPU-seconds metered into its status. */
    public static WorkspacePolicy fromWorkspace(JsonNode workspace) {
        WorkspacePolicy spec = fromSpec(workspace.path("spec"));
        return new WorkspacePolicy(spec.podSecurity(), spec.hard(), spec.gpuHourBudget(),
                workspace.path("status").path("gpu").path("usedSeconds").asLong(0));
    }

    public boolean hasQuota() {
        return !hard.isEmpty();
    }

    /** The policy of a Workspace spec; missing or unknown values fall back to the defaults. */
    public static WorkspacePolicy fromSpec(JsonNode spec) {
        PodSecurityLevel level = PodSecurityLevel.parse(spec.path("podSecurity").asText(""));
        Map<String, BigDecimal> hard = new TreeMap<>();
        JsonNode quota = spec.path("quota");
        BigDecimal objects = Quantities.value(quota.path(OBJECTS).asText(""));
        if (objects != null) {
            hard.put(OBJECTS, objects);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = quota.path("hard").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BigDecimal v = Quantities.value(e.getValue().asText());
            if (v != null) {
                hard.put(canonicalName(e.getKey()), v);
            }
        }
        JsonNode budget = spec.path("gpuHourBudget");
        return new WorkspacePolicy(level == null ? PodSecurityLevel.BASELINE : level, hard,
                budget.isNumber() && budget.decimalValue().signum() >= 0 ? budget.decimalValue() : null, 0);
    }

    /** "nvidia.com/gpu" and "cpu" are requests; everything else keeps its name. */
    static String canonicalName(String name) {
        if (name.startsWith("requests.") || name.startsWith("limits.") || name.startsWith("count/")) {
            return name;
        }
        return BARE_COMPUTE.contains(name) || name.contains("/") && !name.contains(".storageclass.storage.k8s.io/")
                ? "requests." + name : name;
    }
}
