package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
}
