package io.kubicle.apiserver.api.kinds;

import static io.kubicle.apiserver.api.kinds.KindFixtures.json;
import static io.kubicle.apiserver.api.kinds.KindFixtures.updateErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The update rules of PVCs, PVs, RBAC bindings, StorageClasses, PriorityClasses and IngressClasses. */
class VolumeAndClusterUpdateRulesTest {
    private static ObjectNode claim(String phase) {
        return json("""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"default"},
                 "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}},
                 "status":{"phase":"%s","capacity":{"storage":"1Gi"}}}""".formatted(phase));
    }

    private static ObjectNode spec(ObjectNode o) {
        return (ObjectNode) o.get("spec");
    }

    @Test
    void claimsGrowOnceBoundAndOtherwiseKeepTheirSpec() {
        PersistentVolumeClaimStrategy s = new PersistentVolumeClaimStrategy();
        assertEquals(List.of(), updateErrors(s, claim("Bound"), o -> spec(o).with("resources").with("requests").put("storage", "2Gi")));
        List<String> pending = updateErrors(s, claim("Pending"), o -> spec(o).with("resources").with("requests").put("storage", "2Gi"));
        assertEquals(1, pending.size(), pending.toString());
        assertTrue(pending.get(0).startsWith("spec: Forbidden: spec is immutable after creation except resources.requests and"
                + " volumeAttributesClassName for bound claims\n"), pending.get(0));
        assertEquals(List.of("spec.resources.requests.storage: Forbidden: field can not be less than status.capacity"),
                updateErrors(s, claim("Bound"), o -> spec(o).with("resources").with("requests").put("storage", "512Mi")));
        assertEquals(1, updateErrors(s, claim("Bound"), o -> spec(o).putArray("accessModes").add("ReadWriteMany")).size());
        assertEquals(List.of(), updateErrors(s, claim("Pending"), o -> spec(o).put("volumeName", "pv-1")), "bound once");
        assertEquals(List.of(), updateErrors(s, claim("Pending"), o -> spec(o).put("storageClassName", "fast")),
                "a class given to a claim that had none");
    }

    @Test
    void volumeSourcesAreFixed() {
        PersistentVolumeStrategy s = new PersistentVolumeStrategy();
        ObjectNode pv = json("""
                {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pv-1"},
                 "spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/data"}}}""");
        assertEquals(List.of(), updateErrors(s, pv, o -> spec(o).put("persistentVolumeReclaimPolicy", "Delete")
                .with("capacity").put("storage", "2Gi")));
        List<String> errs = updateErrors(s, pv, o -> spec(o).with("hostPath").put("path", "/other"));
        assertEquals(1, errs.size(), errs.toString());
        assertTrue(errs.get(0).startsWith("spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable"
                + " after creation\n"), errs.get(0));
    }

    @Test
    void namespaceFinalizersStayWhatTheyWere() {
        NamespaceStrategy s = new NamespaceStrategy();
        ObjectNode stored = json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team\"}}");
        s.applyDefaults(stored);
        ObjectNode next = stored.deepCopy();
        spec(next).putArray("finalizers");
        s.prepareForUpdate(next, stored);
        assertEquals("[\"kubernetes\"]", spec(next).path("finalizers").toString());
    }

    @Test
    void anEstablishedCrdKeepsItsScopeAndKind() {
        ObjectNode crd = json("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","kind":"Widget"},
                  "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""");
        CustomResourceDefinitionStrategy s = new CustomResourceDefinitionStrategy();
        assertEquals(List.of("spec.scope: Invalid value: \"Cluster\": field is immutable",
                        "spec.names.kind: Invalid value: \"Gadget\": field is immutable"),
                updateErrors(s, crd, o -> {
                    spec(o).put("scope", "Cluster");
                    spec(o).with("names").put("kind", "Gadget");
                }));
        assertEquals(List.of(), updateErrors(s, crd, o -> spec(o).with("names").putArray("shortNames").add("wd")));
    }

    @Test
    void nodesKeepTheirPodCidrsAndProviderOnceSet() {
        ObjectNode node = json("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"n1"},"spec":{"providerID":"aws:///i-1"}}""");
        NodeStrategy s = new NodeStrategy();
        assertEquals(List.of(), updateErrors(s, node, o -> spec(o).put("podCIDR", "10.244.1.0/24").putArray("podCIDRs")
                .add("10.244.1.0/24")), "from empty to a value");
        assertEquals(List.of("spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid"),
                updateErrors(s, node, o -> spec(o).put("providerID", "aws:///i-2")));
        spec(node).putArray("podCIDRs").add("10.244.1.0/24");
        assertEquals(List.of("spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"),
                updateErrors(s, node, o -> spec(o).putArray("podCIDRs").add("10.244.2.0/24")));
        assertEquals(List.of(), updateErrors(s, node, o -> spec(o).put("unschedulable", true)), "cordon");
    }

    @Test
    void roleBindingsKeepTheirRole() {
        ObjectNode binding = json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"b","namespace":"default"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
                 "subjects":[{"kind":"User","name":"alice","apiGroup":"rbac.authorization.k8s.io"}]}""");
        assertEquals(List.of("roleRef: Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\","
                + " Name:\"edit\"}: cannot change roleRef"),
                updateErrors(RbacStrategies.ROLE_BINDING, binding, o -> o.with("roleRef").put("name", "edit")));
        assertEquals(List.of(), updateErrors(RbacStrategies.ROLE_BINDING, binding, o -> o.withArray("subjects").removeAll()));
    }

    @Test
    void storageClassesPriorityClassesAndIngressClasses() {
        ObjectNode sc = json("""
                {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"fast"},
                 "provisioner":"csi.example.com","parameters":{"type":"ssd"}}""");
        assertEquals(List.of("parameters: Forbidden: updates to parameters are forbidden.",
                        "provisioner: Forbidden: updates to provisioner are forbidden.",
                        "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable"),
                updateErrors(new StorageClassStrategy(), sc, o -> o.put("provisioner", "other.example.com")
                        .put("volumeBindingMode", "WaitForFirstConsumer").with("parameters").put("type", "hdd")));
        assertEquals(List.of(), updateErrors(new StorageClassStrategy(), sc, o -> o.put("allowVolumeExpansion", true)));

        ObjectNode pc = json("""
                {"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"high"},"value":1000}""");
        assertEquals(List.of("value: Forbidden: may not be changed in an update.",
                        "preemptionPolicy: Invalid value: \"Never\": field is immutable"),
                updateErrors(new PriorityClassStrategy(), pc, o -> o.put("value", 2000).put("preemptionPolicy", "Never")));
        assertEquals(List.of(), updateErrors(new PriorityClassStrategy(), pc, o -> o.put("description", "d")));

        ObjectNode ic = json("""
                {"apiVersion":"networking.k8s.io/v1","kind":"IngressClass","metadata":{"name":"nginx"},
                 "spec":{"controller":"k8s.io/ingress-nginx"}}""");
        assertEquals(List.of("spec.controller: Invalid value: \"example.com/other\": field is immutable"),
                updateErrors(new IngressClassStrategy(), ic, o -> spec(o).put("controller", "example.com/other")));
    }
}
