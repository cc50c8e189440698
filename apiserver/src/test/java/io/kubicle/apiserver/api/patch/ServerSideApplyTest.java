package io.kubicle.apiserver.api.patch;

import static io.kubicle.apiserver.api.patch.TestJson.assertJson;
import static io.kubicle.apiserver.api.patch.TestJson.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.ApplyConflictException.Conflict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side apply on a Deployment: creation, idempotence, pruning, conflicts, force, list-maps, managedFields. */
class ServerSideApplyTest {
    private static final PatchSchema DEPLOYMENT = PatchSchema.forKind("apps", "Deployment");
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.250Z");
    private static final Instant T1 = Instant.parse("2024-05-01T11:00:00Z");

    private static final String NGINX = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx:1.25","ports":[{"containerPort":80}]}]}}}}""";

    private static ApplyResult apply(ObjectNode live, String config, String manager, boolean force, Instant now) {
        return ServerSideApply.apply(live, obj(config), manager, force, DEPLOYMENT, now);
    }

    /** The live object as the store would hold it after a create. */
    private static ObjectNode created(String manager) {
        ObjectNode live = apply(null, NGINX, manager, false, T0).object();
        ObjectNode meta = (ObjectNode) live.get("metadata");
        meta.put("uid", "0b4b7c1e").put("resourceVersion", "7").put("generation", 1).put("creationTimestamp", "2024-05-01T10:00:00Z");
        return live;
    }

    private static JsonNode entry(ObjectNode object, String manager, String operation) {
        for (JsonNode e : object.at("/metadata/managedFields")) {
            if (e.get("manager").asText().equals(manager) && e.get("operation").asText().equals(operation)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void createsByApplyAndRecordsTheAppliedFieldsExactly() {
        ApplyResult result = apply(null, NGINX, "kubectl", false, T0);
        assertTrue(result.changed());
        ObjectNode object = result.object();
        assertEquals("nginx:1.25", object.at("/spec/template/spec/containers/0/image").asText());
        assertEquals(List.of("apiVersion", "kind", "metadata", "spec"), fieldNames(object));
        JsonNode managed = object.at("/metadata/managedFields");
        assertEquals(1, managed.size());
        String fields = """
                {"f:metadata":{"f:labels":{"f:app":{}}},
                 "f:spec":{"f:replicas":{},"f:selector":{},
                   "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                     "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},
                       "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}""";
        assertJson("{\"manager\":\"kubectl\",\"operation\":\"Apply\",\"apiVersion\":\"apps/v1\","
                + "\"time\":\"2024-05-01T10:00:00Z\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":" + fields + "}", managed.get(0));
        // byte-level shape as structured-merge-diff writes it: sorted elements, "." last
        assertEquals("{\"f:containers\":{\"k:{\\\"name\\\":\\\"nginx\\\"}\":{\"f:image\":{},\"f:name\":{},\"f:ports\":"
                + "{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\"f:containerPort\":{},\".\":{}}},\".\":{}}}}",
                managed.get(0).at("/fieldsV1/f:spec/f:template/f:spec").toString());
        assertEquals(List.of("manager", "operation", "apiVersion", "time", "fieldsType", "fieldsV1"), fieldNames(managed.get(0)));
    }

    @Test
    void reapplyingTheSameConfigurationChangesNothing() {
        ObjectNode live = created("kubectl");
        ApplyResult again = apply(live, NGINX, "kubectl", false, T1);
        assertFalse(again.changed());
        assertJson(live.toString(), again.object());
        assertEquals("2024-05-01T10:00:00Z", again.object().at("/metadata/managedFields/0/time").asText());
    }

    @Test
    void aFieldNoLongerAppliedIsRemoved() {
        ObjectNode live = created("kubectl");
        String without = NGINX.replace("\"replicas\":2,", "");
        ApplyResult result = apply(live, without, "kubectl", false, T1);
        assertTrue(result.changed());
        assertFalse(result.object().get("spec").has("replicas"));
        assertFalse(result.object().at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:replicas"));
        assertEquals("2024-05-01T11:00:00Z", result.object().at("/metadata/managedFields/0/time").asText());
        assertEquals("0b4b7c1e", result.object().at("/metadata/uid").asText());
    }

    @Test
    void aFieldAlsoOwnedByAnotherManagerIsKept() {
        ObjectNode live = created("kubectl");
        ObjectNode helm = apply(live, NGINX, "helm", false, T1).object();
        String without = NGINX.replace("\"replicas\":2,", "");
        ApplyResult result = apply(helm, without, "kubectl", false, T1);
        assertEquals(2, result.object().at("/spec/replicas").asInt());
        assertTrue(entry(result.object(), "helm", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
        assertFalse(entry(result.object(), "kubectl", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
    }

    @Test
    void twoAppliersConflictOnReplicas() {
        ObjectNode live = created("kubectl");
        ApplyConflictException e = assertThrows(ApplyConflictException.class,
                () -> apply(live, NGINX.replace("\"replicas\":2", "\"replicas\":3"), "helm", false, T1));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", e.getMessage());
        assertEquals(List.of(new Conflict("kubectl", "Apply", "apps/v1", null, ".spec.replicas")), e.conflicts());
        assertEquals("conflict with \"kubectl\"", e.conflicts().get(0).message());
    }

    @Test
    void anUpdateWriterConflictsWithTheApplierUsingItsVersion() {
        ObjectNode live = created("helm");
        ObjectNode scaled = live.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 5);
        ObjectNode written = ServerSideApply.recordUpdate(live, scaled, "kubectl-client-side-apply", "apps/v1", T1);
        JsonNode update = entry(written, "kubectl-client-side-apply", "Update");
        assertJson("{\"f:spec\":{\"f:replicas\":{}}}", update.get("fieldsV1"));
        assertFalse(entry(written, "helm", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));

        ApplyConflictException e = assertThrows(ApplyConflictException.class, () -> apply(written, NGINX, "helm", false, T1));
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas",
                e.getMessage());
        assertEquals("conflict with \"kubectl-client-side-apply\" using apps/v1", e.conflicts().get(0).message());
    }

    @Test
    void severalConflictsAreGroupedByManager() {
        ObjectNode live = created("kubectl");
        String changed = NGINX.replace("\"replicas\":2", "\"replicas\":3").replace("nginx:1.25", "nginx:1.27");
        ApplyConflictException e = assertThrows(ApplyConflictException.class, () -> apply(live, changed, "helm", false, T1));
        assertEquals("Apply failed with 2 conflicts: conflicts with \"kubectl\":\n- .spec.replicas\n"
                + "- .spec.template.spec.containers[name=\"nginx\"].image", e.getMessage());
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode live = created("kubectl");
        ApplyResult result = apply(live, NGINX.replace("\"replicas\":2", "\"replicas\":3"), "helm", true, T1);
        assertEquals(3, result.object().at("/spec/replicas").asInt());
        assertTrue(entry(result.object(), "helm", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
        assertFalse(entry(result.object(), "kubectl", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
        assertTrue(entry(result.object(), "kubectl", "Apply").at("/fieldsV1/f:spec").has("f:template"));
        // kubectl now conflicts with helm when it wants its old value back
        ApplyConflictException e = assertThrows(ApplyConflictException.class,
                () -> apply(result.object(), NGINX, "kubectl", false, T1));
        assertEquals("Apply failed with 1 conflict: conflict with \"helm\": .spec.replicas", e.getMessage());
    }

    @Test
    void sameValueIsSharedWithoutConflict() {
        ObjectNode live = created("kubectl");
        ApplyResult result = apply(live, "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"replicas\":2}}", "helm", false, T1);
        assertFalse(result.object().equals(live));
        assertTrue(result.changed());
        assertTrue(entry(result.object(), "helm", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
        assertTrue(entry(result.object(), "kubectl", "Apply").at("/fieldsV1/f:spec").has("f:replicas"));
    }

    @Test
    void listMapMergeKeepsAnotherManagersContainer() {
        ObjectNode live = created("kubectl");
        String sidecar = """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"template":{"spec":{"containers":[{"name":"istio-proxy","image":"proxy:1"}]}}}}""";
        ObjectNode both = apply(live, sidecar, "istio", false, T1).object();
        JsonNode containers = both.at("/spec/template/spec/containers");
        assertEquals(2, containers.size());
        assertEquals("nginx", containers.get(0).get("name").asText());
        assertEquals("istio-proxy", containers.get(1).get("name").asText());

        ApplyResult reapplied = apply(both, NGINX.replace("nginx:1.25", "nginx:1.26"), "kubectl", false, T1);
        assertEquals(2, reapplied.object().at("/spec/template/spec/containers").size());
        assertEquals("nginx:1.26", reapplied.object().at("/spec/template/spec/containers/0/image").asText());

        ObjectNode withdrawn = apply(reapplied.object(), sidecar.replace(
                "\"template\":{\"spec\":{\"containers\":[{\"name\":\"istio-proxy\",\"image\":\"proxy:1\"}]}}", "\"paused\":false"),
                "istio", false, T1).object();
        assertEquals(1, withdrawn.at("/spec/template/spec/containers").size());
        assertEquals("nginx", withdrawn.at("/spec/template/spec/containers/0/name").asText());
    }

    @Test
    void anObjectWithoutManagedFieldsIsOwnedBeforeFirstApply() {
        ObjectNode live = obj(NGINX);
        ApplyConflictException e = assertThrows(ApplyConflictException.class,
                () -> apply(live, NGINX.replace("\"replicas\":2", "\"replicas\":4"), "kubectl", false, T1));
        assertEquals("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas",
                e.getMessage());
        ApplyResult same = apply(live, NGINX, "kubectl", false, T1);
        assertTrue(entry(same.object(), "before-first-apply", "Update") != null);
    }

    @Test
    void recordUpdateOwnsWhatAWriterAddedWithKubesShape() {
        ObjectNode created = ServerSideApply.recordUpdate(null, obj(NGINX), "kubectl-create", "apps/v1", "", T0, DEPLOYMENT);
        JsonNode fields = entry(created, "kubectl-create", "Update").get("fieldsV1");
        assertJson("""
                {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:replicas":{},"f:selector":{},
                   "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                     "f:spec":{"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{},
                       "f:ports":{".":{},"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:containerPort":{}}}}}}}}}""",
                fields);

        ObjectNode relabeled = created.deepCopy();
        ((ObjectNode) relabeled.at("/metadata/labels")).remove("app");
        ((ObjectNode) relabeled.at("/metadata/labels")).put("team", "blue");
        ObjectNode after = ServerSideApply.recordUpdate(created, relabeled, "kubectl-label", "apps/v1", "", T1, DEPLOYMENT);
        assertJson("{\"f:metadata\":{\"f:labels\":{\"f:team\":{}}}}", entry(after, "kubectl-label", "Update").get("fieldsV1"));
        assertFalse(entry(after, "kubectl-create", "Update").at("/fieldsV1/f:metadata/f:labels").has("f:app"));
        assertEquals("2024-05-01T10:00:00Z", entry(after, "kubectl-create", "Update").get("time").asText());
    }

    @Test
    void statusIsNotTrackedOnTheMainResource() {
        ApplyResult result = apply(null, NGINX.replace("\"spec\":{\"replicas\":2,", "\"status\":{\"replicas\":9},\"spec\":{\"replicas\":2,"),
                "kubectl", false, T0);
        assertFalse(result.object().has("status"));
        assertFalse(result.object().at("/metadata/managedFields/0/fieldsV1").has("f:status"));
    }

    @Test
    void theStatusSubresourceTracksOnlyStatus() {
        ObjectNode live = created("kubectl");
        ApplyResult result = ServerSideApply.apply(live, obj("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":7},"status":{"replicas":2,"conditions":[{"type":"Available","status":"True"}]}}"""),
                "deployment-controller", "status", false, DEPLOYMENT, T1);
        assertEquals(2, result.object().at("/spec/replicas").asInt());
        assertEquals(2, result.object().at("/status/replicas").asInt());
        JsonNode status = entry(result.object(), "deployment-controller", "Apply");
        assertEquals("status", status.get("subresource").asText());
        assertJson("{\"f:status\":{\"f:replicas\":{},\"f:conditions\":{\"k:{\\\"type\\\":\\\"Available\\\"}\":"
                + "{\".\":{},\"f:type\":{},\"f:status\":{}}}}}", status.get("fieldsV1"));
    }

    @Test
    void fieldsV1RoundTripsThroughTheFieldSet() {
        String text = "{\"f:metadata\":{\"f:labels\":{\"f:app\":{},\".\":{}}},\"f:spec\":{\"f:finalizers\":"
                + "{\"v:\\\"a\\\"\":{}},\"f:ports\":{\"k:{\\\"port\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{}}}}";
        FieldSet set = FieldSet.fromJson(obj(text));
        assertEquals(text, set.toJson().toString());
        List<String> paths = new java.util.ArrayList<>();
        set.iterate(p -> paths.add(FieldSet.display(p)));
        assertEquals(List.of(".metadata.labels", ".metadata.labels.app", ".spec.finalizers[=\"a\"]",
                ".spec.ports[port=80,protocol=\"TCP\"]"), paths);
    }

    @Test
    void rejectsManagedFieldsAndKeylessListItemsInTheConfiguration() {
        assertEquals("metadata.managedFields must be nil", assertThrows(PatchException.class,
                () -> apply(null, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"managedFields\":[]}}",
                        "kubectl", false, T0)).getMessage());
        PatchException e = assertThrows(PatchException.class, () -> apply(null, NGINX.replace("\"name\":\"nginx\",", ""),
                "kubectl", false, T0));
        assertTrue(e.getMessage().contains("omits key field \"name\""), e.getMessage());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
