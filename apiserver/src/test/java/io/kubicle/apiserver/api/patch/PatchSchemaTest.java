package io.kubicle.apiserver.api.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.apiserver.api.patch.PatchSchema.ListMerge;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The struct-tag table is matched structurally wherever a kind embeds a PodSpec or ObjectMeta. */
class PatchSchemaTest {

    private static ListMerge list(String group, String kind, String... path) {
        return PatchSchema.forKind(group, kind).listMerge(List.of(path));
    }

    @Test
    void everyPodTemplateResolvesToThePodSpecRules() {
        assertEquals("name", list("", "Pod", "spec", "containers").mergeKey());
        assertEquals("name", list("apps", "Deployment", "spec", "template", "spec", "containers").mergeKey());
        assertEquals("name", list("apps", "StatefulSet", "spec", "template", "spec", "initContainers").mergeKey());
        assertEquals("name", list("batch", "CronJob", "spec", "jobTemplate", "spec", "template", "spec", "volumes").mergeKey());
        assertEquals("name", list("", "PodTemplate", "template", "spec", "imagePullSecrets").mergeKey());
        assertEquals("mountPath", list("batch", "Job", "spec", "template", "spec", "containers", "volumeMounts").mergeKey());
        assertEquals("ip", list("", "ReplicationController", "spec", "template", "spec", "hostAliases").mergeKey());
        assertNull(list("apps", "Deployment", "spec", "containers"));
    }

    @Test
    void containerListsCarryTheirApplyKeys() {
        ListMerge ports = list("apps", "DaemonSet", "spec", "template", "spec", "containers", "ports");
        assertEquals("containerPort", ports.mergeKey());
        assertEquals(List.of("containerPort", "protocol"), ports.keys());
        assertEquals("name", list("", "Pod", "spec", "ephemeralContainers", "env").mergeKey());
        assertEquals("devicePath", list("", "Pod", "spec", "containers", "volumeDevices").mergeKey());
        assertEquals(List.of("port", "protocol"), list("", "Service", "spec", "ports").keys());
        assertEquals(List.of("topologyKey", "whenUnsatisfiable"),
                list("apps", "ReplicaSet", "spec", "template", "spec", "topologySpreadConstraints").keys());
    }

    @Test
    void atomicListsHaveNoMerge() {
        assertNull(list("", "Pod", "spec", "tolerations"));
        assertNull(list("", "Pod", "spec", "containers", "args"));
        assertNull(list("", "Pod", "spec", "containers", "envFrom"));
        assertNull(PatchSchema.NONE.listMerge(List.of("metadata", "finalizers")));
    }

    @Test
    void objectMetaRulesApplyToEveryMetadata() {
        ListMerge finalizers = list("apps", "Deployment", "metadata", "finalizers");
        assertTrue(finalizers.merges());
        assertNull(finalizers.mergeKey());
        assertEquals("uid", list("example.com", "Widget", "metadata", "ownerReferences").mergeKey());
        assertEquals("uid", PatchSchema.forCustomResource().listMerge(List.of("metadata", "ownerReferences")).mergeKey());
        assertTrue(list("apps", "Deployment", "spec", "template", "metadata", "finalizers").merges());
        assertEquals("type", list("apps", "Deployment", "status", "conditions").mergeKey());
        assertEquals("merge,retainKeys", list("", "Pod", "spec", "volumes").strategy());
    }

    @Test
    void selectorsAreAtomicObjects() {
        PatchSchema deployment = PatchSchema.forKind("apps", "Deployment");
        assertTrue(deployment.atomicObject(List.of("spec", "selector")));
        assertTrue(deployment.atomicObject(List.of("spec", "template", "spec", "containers", "env", "valueFrom", "secretKeyRef")));
        assertFalse(deployment.atomicObject(List.of("spec", "template", "metadata", "labels")));
        assertFalse(PatchSchema.forKind("", "Service").atomicObject(List.of("spec", "selector")));
    }
}
