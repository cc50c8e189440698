package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class SyncerJsonTest {

    @Test
    void objectsAreReadAndWrittenWithoutManagedFieldsAndKeepEverythingElse() {
        Pod pod = SyncerJson.SERIALIZATION.unmarshal("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ml","labels":{"a":"b"},
                  "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1",
                    "fieldsV1":{"f:spec":{"f:containers":{}}}}]},
                 "spec":{"containers":[{"name":"c","image":"cuda"}]},"status":{"phase":"Running"}}""", Pod.class);
        assertTrue(pod.getMetadata().getManagedFields() == null || pod.getMetadata().getManagedFields().isEmpty());
        assertEquals("b", pod.getMetadata().getLabels().get("a"));
        assertEquals("cuda", pod.getSpec().getContainers().get(0).getImage());
        assertEquals("Running", pod.getStatus().getPhase());

        pod.getMetadata().setManagedFields(java.util.List.of(new ManagedFieldsEntryBuilder().withManager("syncer").build()));
        String json = SyncerJson.asJson(pod);
        assertFalse(json.contains("managedFields"), json);
        Pod copy = SyncerJson.convert(pod, Pod.class);
        assertTrue(copy.getMetadata().getManagedFields() == null || copy.getMetadata().getManagedFields().isEmpty(),
                "copies leave them behind too");
    }
}
