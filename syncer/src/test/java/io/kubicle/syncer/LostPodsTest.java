package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A tenant pod whose host copy the host removed fails instead of being made again. */
class LostPodsTest {
    private static Pod running(String node) {
        return new PodBuilder().withNewMetadata().withName("web").withUid("u1").endMetadata().withNewSpec().withNodeName(node)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition().endStatus().build();
    }

    @Test
    void onlyAPodThatRanOnTheHostIsLost() {
        assertTrue(LostPods.lost(running("node-a"), null));
        assertFalse(LostPods.lost(running(null), null), "never bound: not on the host yet, it goes down");
        Pod pinned = new PodBuilder(running("node-a")).withStatus(null).build();
        assertFalse(LostPods.lost(pinned, null), "a node name the tenant wrote, never scheduled: refused, not lost");
        assertFalse(LostPods.lost(running("node-a"), new Pod()), "its copy is there");
        Pod finished = new PodBuilder(running("node-a")).editStatus().withPhase("Succeeded").endStatus().build();
        assertFalse(LostPods.lost(finished, null), "a finished pod has nothing to lose");
    }

    @Test
    void itFailsNotReadyWithADisruptionTarget() {
        PodStatus status = LostPods.failed(running("node-a"), Instant.parse("2026-12-06T12:00:00Z"));
        assertEquals("Failed", status.getPhase());
        assertEquals(LostPods.REASON, status.getReason());
        Map<String, PodCondition> conditions = status.getConditions().stream().collect(Collectors.toMap(PodCondition::getType, c -> c));
        assertEquals("False", conditions.get("Ready").getStatus());
        assertEquals("True", conditions.get("PodScheduled").getStatus());
        assertEquals("True", conditions.get("DisruptionTarget").getStatus());
        assertEquals(LostPods.REASON, conditions.get("DisruptionTarget").getReason());
        assertEquals("2026-12-06T12:00:00Z", conditions.get("DisruptionTarget").getLastTransitionTime());
    }

    @Test
    void theHostsOwnReasonStays() {
        Pod preempted = new PodBuilder(running("node-a")).editStatus().addNewCondition().withType("DisruptionTarget").withStatus("True")
                .withReason("PreemptionByScheduler").endCondition().endStatus().build();
        PodStatus status = LostPods.failed(preempted, Instant.now());
        assertEquals(1, status.getConditions().stream().filter(c -> c.getType().equals("DisruptionTarget")).count());
        assertEquals("PreemptionByScheduler", status.getConditions().stream().filter(c -> c.getType().equals("DisruptionTarget"))
                .findFirst().orElseThrow().getReason());
    }
}
