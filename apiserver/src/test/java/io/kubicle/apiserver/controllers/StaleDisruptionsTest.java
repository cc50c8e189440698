package io.kubicle.apiserver.controllers;

import static io.kubicle.apiserver.controllers.Objects.NOW;
import static io.kubicle.apiserver.controllers.Objects.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleDisruptionsTest {
    /** A running pod whose DisruptionTarget was set {@code secondsAgo} before NOW, with {@code reason}. */
    private static ObjectNode marked(String name, long secondsAgo, String reason) {
        ObjectNode pod = pod(name, null, null, "Running", true, "2026-12-01T11:00:00Z");
        pod.with("status").withArray("conditions").add(Json.object().put("type", "DisruptionTarget").put("status", "True")
                .put("reason", reason).put("message", "Eviction API: evicting")
                .put("lastTransitionTime", NOW.minusSeconds(secondsAgo).toString()));
        return pod;
    }

    @Test
    void aMarkThatStoodTwoMinutesOnAPodNobodyDeletedGoesBackToFalse() {
        Plan plan = StaleDisruptions.plan(List.of(marked("left", 121, "EvictionByEvictionAPI")), NOW);
        assertEquals(1, plan.steps().size());
        Plan.Replace replace = (Plan.Replace) plan.steps().get(0);
        assertTrue(replace.status(), "written through the status subresource");
        assertEquals("{\"type\":\"Ready\",\"status\":\"True\",\"lastTransitionTime\":\"2026-12-01T11:30:00Z\"}",
                replace.object().path("status").path("conditions").get(0).toString(), "the other conditions stay");
        assertEquals("{\"type\":\"DisruptionTarget\",\"status\":\"False\",\"lastTransitionTime\":\"2026-12-01T12:00:00Z\"}",
                replace.object().path("status").path("conditions").get(1).toString(), "as kube's UpdatePodCondition leaves it");
        assertEquals(0, plan.requeueMillis());
    }

    @Test
    void aFreshMarkIsLookedAtAgainWhenItWouldBeStale() {
        Plan plan = StaleDisruptions.plan(List.of(marked("soon", 30, "EvictionByEvictionAPI"),
                marked("later", 10, "PreemptionByScheduler")), NOW);
        assertTrue(plan.steps().isEmpty());
        assertEquals(90_000, plan.requeueMillis(), "the earliest of them");
    }

    @Test
    void theKubeletsMarksDeletedPodsFinishedPodsAndFalseConditionsAreLeftAlone() {
        ObjectNode deleting = marked("deleting", 600, "EvictionByEvictionAPI");
        Json.metadata(deleting).put("deletionTimestamp", "2026-12-01T11:50:00Z");
        ObjectNode failed = marked("failed", 600, "DeletedOnHost");
        failed.with("status").put("phase", "Failed");
        ObjectNode alreadyFalse = marked("false", 600, "EvictionByEvictionAPI");
        ((ObjectNode) alreadyFalse.path("status").path("conditions").get(1)).put("status", "False");
        Plan plan = StaleDisruptions.plan(List.of(marked("kubelet", 600, "TerminationByKubelet"), deleting, failed, alreadyFalse,
                pod("plain", null, null, "Running", true, "2026-12-01T11:00:00Z")), NOW);
        assertTrue(plan.steps().isEmpty());
        assertEquals(0, plan.requeueMillis());
    }
}
