package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutsTest {
    /** maxSurge rounds up, maxUnavailable down; 0 and 0 would stall, so unavailable becomes 1 (kube's TestResolveFenceposts). */
    @ParameterizedTest
    @CsvSource({
        "25%, 25%, 10, 3, 2",
        "25%, 25%, 3, 1, 0",
        "0, 0, 5, 0, 1",
        "0%, 0%, 5, 0, 1",
        "2, 1, 5, 2, 1",
        "50%, 100%, 3, 2, 3",
    })
    void fenceposts(String surge, String unavailable, int replicas, int wantSurge, int wantUnavailable) {
        ObjectNode d = Objects.deployment(replicas, "i");
        ObjectNode rolling = d.with("spec").with("strategy").with("rollingUpdate");
        rolling.set("maxSurge", intOrString(surge));
        rolling.set("maxUnavailable", intOrString(unavailable));
        int[] got = Rollouts.fenceposts(d);
        assertEquals(wantSurge, got[0], "maxSurge");
        assertEquals(wantUnavailable, got[1], "maxUnavailable");
    }

    /** NewRSNewReplicas: the new ReplicaSet grows up to replicas + maxSurge pods in total. */
    @ParameterizedTest
    @CsvSource({
        // desired, new RS replicas, old RS replicas, expected new RS replicas (maxSurge 25%)
        "4, 0, 4, 1",
        "4, 1, 4, 1",
        "4, 1, 3, 2",
        "10, 0, 10, 3",
        "3, 0, 0, 3",
        "3, 5, 0, 3",
    })
    void newReplicaSetGrowth(int desired, int newReplicas, int oldReplicas, int expected) {
        ObjectNode d = Objects.deployment(desired, "new");
        ObjectNode newRs = Objects.replicaSetOf(d, 2, newReplicas, 0, "2026-12-01T11:10:00Z");
        ObjectNode old = Objects.replicaSetOf(Objects.deployment(desired, "old"), 1, oldReplicas, oldReplicas,
                "2026-12-01T11:00:00Z");
        assertEquals(expected, Rollouts.newReplicas(d, newRs, List.of(old, newRs)));
    }

    /** reconcileOldReplicaSets: unhealthy old pods go first, then available ones down to replicas - maxUnavailable. */
    @ParameterizedTest
    @CsvSource({
        // desired, new replicas, new available, old replicas, old available, expected old replicas (-1: unchanged)
        "4, 1, 0, 4, 4, 3",
        "4, 1, 1, 3, 3, 2",
        "4, 4, 4, 1, 1, 0",
        "4, 1, 0, 3, 3, -1",
        "4, 1, 0, 4, 2, 3",
        "10, 3, 0, 10, 10, 8",
    })
    void oldReplicaSetsShrink(int desired, int newReplicas, int newAvailable, int oldReplicas, int oldAvailable,
                              int expected) {
        ObjectNode d = Objects.deployment(desired, "new");
        ObjectNode newRs = Objects.replicaSetOf(d, 2, newReplicas, newAvailable, "2026-12-01T11:10:00Z");
        ObjectNode old = Objects.replicaSetOf(Objects.deployment(desired, "old"), 1, oldReplicas, oldAvailable,
                "2026-12-01T11:00:00Z");
        Map<String, Integer> targets = Rollouts.scaleDownOld(d, newRs, List.of(old));
        assertEquals(expected, targets.getOrDefault(Workload.name(old), -1));
    }

    private static com.fasterxml.jackson.databind.JsonNode intOrString(String v) {
        return v.endsWith("%") ? io.kubicle.apiserver.api.Json.MAPPER.getNodeFactory().textNode(v)
                : io.kubicle.apiserver.api.Json.MAPPER.getNodeFactory().numberNode(Integer.parseInt(v));
    }
}
