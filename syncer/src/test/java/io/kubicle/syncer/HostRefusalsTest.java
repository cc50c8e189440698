package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the tenant sees of a host refusal: one counted Warning Event per object, and a pod's PodScheduled condition. */
class HostRefusalsTest {
    static final String QUOTA = "pods \"train\" is forbidden: exceeded quota: wall, requested: pods=1, used: pods=1, limited: pods=1";
    private final Instant t0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aRepeatedRefusalCountsUpOnOneEventAndAnotherMessageStartsAgain() {
        Pod pod = TestPods.gpuPod();
        Event first = HostRefusals.event(pod, QUOTA, null, t0);
        assertEquals("train.sync-error", first.getMetadata().getName());
        assertEquals("ml", first.getMetadata().getNamespace());
        assertEquals("Warning", first.getType());
        assertEquals("SyncError", first.getReason());
        assertEquals(QUOTA, first.getMessage());
        assertEquals("u-1", first.getInvolvedObject().getUid());
        assertEquals("Pod", first.getInvolvedObject().getKind());
        assertEquals(1, first.getCount());

        Event second = HostRefusals.event(pod, QUOTA, first, t0.plusSeconds(90));
        assertEquals(2, second.getCount());
        assertEquals("2026-12-06T10:00:00Z", second.getFirstTimestamp());
        assertEquals("2026-12-06T10:01:30Z", second.getLastTimestamp());

        Event other = HostRefusals.event(pod, "pods \"train\" is invalid: spec: Forbidden", second, t0.plusSeconds(120));
        assertEquals(1, other.getCount());
        assertEquals("2026-12-06T10:02:00Z", other.getFirstTimestamp());

        Pod recreated = new PodBuilder(pod).editMetadata().withUid("u-2").endMetadata().build();
        assertEquals(1, HostRefusals.event(recreated, QUOTA, second, t0.plusSeconds(150)).getCount(), "a new pod, a new count");
    }

    @Test
    void eventNamesSayWhichKindAndStayValid() {
        var cm = new ConfigMapBuilder().withNewMetadata().withName("cfg").withNamespace("ml").withUid("u-c").endMetadata().build();
        assertEquals("cfg.configmap.sync-error", HostRefusals.eventName(cm));
        Pod longName = new PodBuilder(TestPods.gpuPod()).editMetadata().withName("p".repeat(250)).endMetadata().build();
        assertTrue(HostRefusals.eventName(longName).length() <= 253);
        assertTrue(HostRefusals.eventName(longName).endsWith(".sync-error"));
    }

    @Test
    void aRefusalOfTheNamespacesQuotaIsToldOnTheNamespaceInsideIt() {
        var namespace = new NamespaceBuilder().withNewMetadata().withName("ml").withUid("u-n").endMetadata().build();
        Event event = HostRefusals.event(namespace, QUOTA, null, t0);
        assertEquals("ml.namespace.sync-error", event.getMetadata().getName());
        assertEquals("ml", event.getMetadata().getNamespace(), "kubectl describe namespace finds it there");
        assertEquals("Namespace", event.getInvolvedObject().getKind());
        assertEquals("ml", event.getInvolvedObject().getName());
        assertNull(event.getInvolvedObject().getNamespace(), "a Namespace is not namespaced");
        assertEquals("u-n", event.getInvolvedObject().getUid());
    }

    @Test
    void aPodTheHostRefusedIsNotScheduledUntilItIsOnTheHost() {
        Pod pod = new PodBuilder(TestPods.gpuPod()).editStatus().addNewCondition().withType("Initialized").withStatus("True").endCondition()
                .endStatus().build();
        List<PodCondition> refused = HostRefusals.withSyncError(pod, QUOTA, t0);
        PodCondition scheduled = refused.stream().filter(c -> c.getType().equals("PodScheduled")).findFirst().orElseThrow();
        assertEquals("False", scheduled.getStatus());
        assertEquals("SyncError", scheduled.getReason());
        assertEquals(QUOTA, scheduled.getMessage());
        assertEquals(2, refused.size(), "other conditions stay");

        Pod told = new PodBuilder(pod).editStatus().withConditions(refused).endStatus().build();
        assertNull(HostRefusals.withSyncError(told, QUOTA, t0.plusSeconds(30)), "said already: no write");
        assertEquals(List.of("Initialized"), HostRefusals.withoutSyncError(told).stream().map(PodCondition::getType).toList());
        assertNull(HostRefusals.withoutSyncError(pod), "nothing to clear");
    }
}
