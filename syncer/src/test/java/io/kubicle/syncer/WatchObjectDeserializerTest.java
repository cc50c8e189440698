package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/** Watch events read in one pass come out as fabric8's two-pass reading makes them, whatever the field order. */
class WatchObjectDeserializerTest {
    /** fabric8's own reading, with the syncer's other settings (no managedFields). */
    static final KubernetesSerialization FABRIC8 = new KubernetesSerialization(new ObjectMapper()
            .addMixIn(io.fabric8.kubernetes.api.model.ObjectMeta.class, WithoutManagedFields.class), true);

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"managedFields"})
    abstract static class WithoutManagedFields {
    }

    static final String POD = """
            "metadata":{"name":"web","namespace":"ml","labels":{"app":"web"},"resourceVersion":"42",
              "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsV1":{"f:spec":{}}}]},
            "spec":{"containers":[{"name":"c","image":"cuda","resources":{"limits":{"nvidia.com/gpu":"1"}}}]},
            "status":{"phase":"Running","podIP":"10.0.0.7"}""";

    static WatchEvent read(String json) {
        return SyncerJson.SERIALIZATION.unmarshal(json, WatchEvent.class);
    }

    static void assertReadAsFabric8Does(String json) {
        WatchEvent ours = read(json);
        WatchEvent theirs = FABRIC8.unmarshal(json, WatchEvent.class);
        assertEquals(theirs.getType(), ours.getType());
        assertEquals(theirs.getObject().getClass(), ours.getObject().getClass());
        assertEquals(theirs.getObject(), ours.getObject());
    }

    @Test
    void aPodWithKindFirstIsReadIntoItsClassWithEverythingButManagedFields() {
        String json = "{\"type\":\"MODIFIED\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," + POD + "}}";
        WatchEvent event = read(json);
        Pod pod = assertInstanceOf(Pod.class, event.getObject());
        assertEquals("MODIFIED", event.getType());
        assertEquals("web", pod.getMetadata().getName());
        assertEquals("42", pod.getMetadata().getResourceVersion());
        assertEquals("1", pod.getSpec().getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu").getAmount());
        assertEquals("10.0.0.7", pod.getStatus().getPodIP());
        assertTrue(pod.getMetadata().getManagedFields() == null || pod.getMetadata().getManagedFields().isEmpty());
        assertReadAsFabric8Does(json);
    }

    @Test
    void fieldsBeforeTheKindAndTheTypeAfterTheObjectAreKept() {
        assertReadAsFabric8Does("{\"object\":{" + POD + ",\"apiVersion\":\"v1\",\"kind\":\"Pod\"},\"type\":\"ADDED\"}");
        assertReadAsFabric8Does("{\"object\":{\"metadata\":{\"name\":\"dns\",\"labels\":{\"a\":\"b\"}},\"kind\":\"Deployment\","
                + "\"spec\":{\"replicas\":2},\"apiVersion\":\"apps/v1\"},\"type\":\"ADDED\"}");
        assertInstanceOf(Deployment.class, read("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"apps/v1\","
                + "\"kind\":\"Deployment\",\"spec\":{\"replicas\":2}}}").getObject());
    }

    @Test
    void kindsWithoutAClassAndObjectsWithoutAKindGoAsFabric8MakesThem() {
        String workspace = "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                + "\"metadata\":{\"name\":\"team-a\"},\"spec\":{\"gpuQuota\":4}}}";
        assertInstanceOf(GenericKubernetesResource.class, read(workspace).getObject());
        assertReadAsFabric8Does(workspace);
        assertReadAsFabric8Does("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"code\":410,"
                + "\"reason\":\"Expired\",\"message\":\"too old resource version\"}}");
        assertReadAsFabric8Does("{\"type\":\"ADDED\",\"object\":{\"metadata\":{\"name\":\"x\"}}}");
        assertReadAsFabric8Does("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"resourceVersion\":\"9\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}");
    }
}
