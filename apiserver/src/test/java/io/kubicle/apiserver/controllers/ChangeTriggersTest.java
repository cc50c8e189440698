package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeTriggersTest {
    private static StoredObject pod(Map<String, String> labels, String body) {
        return new StoredObject(new ObjectKey(1, "", "pods", "default", "p"), "uid", 5, 1, labels,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPodNamingAnOwnerOrCarryingTheJobLabelMayBeAControllersBusiness() {
        assertTrue(ChangeTriggers.maybeControlled(pod(Map.of(), "{\"metadata\":{\"name\":\"p\",\"ownerReferences\":"
                + "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-1\",\"controller\":true}]}}")));
        assertTrue(ChangeTriggers.maybeControlled(pod(Map.of("batch.kubernetes.io/controller-uid", "u"),
                "{\"metadata\":{\"name\":\"p\"}}")), "an orphaned Job pod still holds the tracking finalizer");
    }

    @Test
    void aBarePodIsNot() {
        assertFalse(ChangeTriggers.maybeControlled(pod(Map.of("app", "web"),
                "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[]}}")));
        assertFalse(ChangeTriggers.maybeControlled(pod(Map.of(), "{}")));
    }

    @Test
    void aPodsOwnerKindIsReadFromItsBytes() {
        assertEquals(Set.of(WorkloadKind.REPLICASETS), WorkloadKind.ownersOf(pod(Map.of(), "{\"metadata\":{\"name\":\"p\","
                + "\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-1\"}]}}"), false));
        assertEquals(Set.of(WorkloadKind.JOBS), WorkloadKind.ownersOf(pod(Map.of(), "{\"metadata\":{\"name\":\"p\"}}"), true),
                "a Job pod whose Job is gone still names it by label");
        assertEquals(Set.of(), WorkloadKind.ownersOf(pod(Map.of(), "{\"metadata\":{\"ownerReferences\":[{\"apiVersion\":"
                + "\"example.com/v1\",\"kind\":\"Jobber\",\"name\":\"x\"}]}}"), false), "no controller here owns it");
    }

    @Test
    void everyKindAPassListsIsKnownByItsKey() {
        assertEquals(WorkloadKind.STATEFULSETS, WorkloadKind.of(new ObjectKey(1, "apps", "statefulsets", "ns", "db")));
        assertEquals(WorkloadKind.CRONJOBS, WorkloadKind.of(new ObjectKey(1, "batch", "cronjobs", "ns", "nightly")));
        assertEquals(null, WorkloadKind.of(new ObjectKey(1, "", "pods", "ns", "p")));
        for (WorkloadKind kind : WorkloadKind.values()) {
            assertTrue(ChangeTriggers.WATCHED.contains(kind.resource.group() + "/" + kind.resource.resource()),
                    kind + " writes must reach the manager");
        }
    }
}
