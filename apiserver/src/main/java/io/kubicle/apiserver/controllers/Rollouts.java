package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of kube's rolling update (pkg/controller/deployment/rolling.go and util): how far
 * the new ReplicaSet may grow and how far the old ones may shrink in one step, given maxSurge and
 * maxUnavailable. Works on target replica counts per ReplicaSet name.
 */
final class Rollouts {
    private Rollouts() {
    }

    /** intstr.GetScaledValueFromIntOrPercent: "25%" of total, rounded up or down; an int as is. */
    static int scaled(JsonNode value, int total, boolean roundUp, int fallbackPercent) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return percent(fallbackPercent, total, roundUp);
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        String text = value.asText();
        if (text.endsWith("%")) {
            return percent(Integer.parseInt(text.substring(0, text.length() - 1)), total, roundUp);
        }
        return Integer.parseInt(text);
    }

    private static int percent(int percent, int total, boolean roundUp) {
        return roundUp ? (int) Math.ceil(percent * total / 100.0) : (int) Math.floor(percent * total / 100.0);
    }

    /** ResolveFenceposts: (maxSurge, maxUnavailable); both zero would stall, so unavailable becomes 1. */
    static int[] fenceposts(JsonNode deployment) {
        JsonNode rolling = deployment.path("spec").path("strategy").path("rollingUpdate");
        int desired = Workload.replicas(deployment);
        int surge = scaled(rolling.get("maxSurge"), desired, true, 25);
        int unavailable = scaled(rolling.get("maxUnavailable"), desired, false, 25);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    static boolean recreate(JsonNode deployment) {
        return deployment.path("spec").path("strategy").path("type").asText("RollingUpdate").equals("Recreate");
    }

    /** deploymentutil.MaxUnavailable: what the Available condition tolerates. */
    static int maxUnavailable(JsonNode deployment) {
        int desired = Workload.replicas(deployment);
        if (recreate(deployment) || desired == 0) {
            return 0;
        }
        return Math.min(fenceposts(deployment)[1], desired);
    }

    /** NewRSNewReplicas for RollingUpdate (after reconcileNewReplicaSet's equal/over checks). */
    static int newReplicas(JsonNode deployment, JsonNode newRs, List<? extends JsonNode> all) {
        int desired = Workload.replicas(deployment);
        int current = Workload.replicas(newRs);
        if (current >= desired) {
            return desired;
        }
        int total = all.stream().mapToInt(Workload::replicas).sum();
        int maxTotal = desired + fenceposts(deployment)[0];
        if (total >= maxTotal) {
            return current;
        }
        return current + Math.min(maxTotal - total, desired - current);
    }

    /**
     * reconcileOldReplicaSets: first unhealthy old pods go (cleanupUnhealthyReplicas), then old
     * available pods down to minAvailable (scaleDownOldReplicaSetsForRollingUpdate), oldest RS first.
     * Answers the new replica count of each old ReplicaSet that changes.
     */
    static Map<String, Integer> scaleDownOld(JsonNode deployment, JsonNode newRs, List<? extends JsonNode> olds) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        List<? extends JsonNode> sorted = olds.stream().sorted(Comparator.comparing(Workload::created)
                .thenComparing(Workload::name)).toList();
        int oldCount = sorted.stream().mapToInt(Workload::replicas).sum();
        if (oldCount == 0) {
            return targets;
        }
        int newCount = newRs == null ? 0 : Workload.replicas(newRs);
        int minAvailable = Workload.replicas(deployment) - fenceposts(deployment)[1];
        int newUnavailable = newRs == null ? 0 : newCount - available(newRs);
        int maxScaledDown = oldCount + newCount - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return targets;
        }
        int cleaned = 0;
        for (JsonNode rs : sorted) {
            int replicas = Workload.replicas(rs);
            int unhealthy = replicas - available(rs);
            if (cleaned >= maxScaledDown) {
                break;
            }
            if (replicas == 0 || unhealthy <= 0) {
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            targets.put(Workload.name(rs), replicas - down);
            cleaned += down;
        }
        int availableCount = (newRs == null ? 0 : available(newRs)) + sorted.stream().mapToInt(Rollouts::available).sum();
        if (availableCount <= minAvailable) {
            return targets;
        }
        int budget = availableCount - minAvailable;
        int done = 0;
        for (JsonNode rs : sorted) {
            int replicas = targets.getOrDefault(Workload.name(rs), Workload.replicas(rs));
            if (done >= budget) {
                break;
            }
            if (replicas == 0) {
                continue;
            }
            int down = Math.min(replicas, budget - done);
            targets.put(Workload.name(rs), replicas - down);
            done += down;
        }
        return targets;
    }

    static int available(JsonNode rs) {
        return rs.path("status").path("availableReplicas").asInt(0);
    }
}
