package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownTranslatorTest {
    private final DownTranslator translator = new DownTranslator("team-a", "ml");
    private final WorkspacePolicy pool = WorkspacePolicy.of(TestPods.workspace("""
            {"podSecurity":"baseline","gpuPool":{"nodeSelector":{"gpu":"a100","pool":"batch"},
             "tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"},{"key":"t","operator":"Exists"}],
             "priorityClassName":"batch-low"}}"""));

    @Test
    void podKeepsItsNameMovesToTheHostNamespaceAndLosesServerSetMetadata() {
        Pod host = translator.pod(TestPods.gpuPod(), pool);
        var meta = host.getMetadata();
        assertEquals("train", meta.getName());
        assertEquals(HostNames.namespace("team-a", "ml"), meta.getNamespace());
        assertNull(meta.getUid());
        assertNull(meta.getResourceVersion());
        assertNull(meta.getCreationTimestamp());
        assertNull(meta.getGeneration());
        assertTrue(meta.getManagedFields() == null || meta.getManagedFields().isEmpty());
        assertTrue(meta.getOwnerReferences() == null || meta.getOwnerReferences().isEmpty());
        assertTrue(meta.getFinalizers() == null || meta.getFinalizers().isEmpty());
        assertNull(host.getStatus());
        assertEquals("team-a", meta.getLabels().get(SyncLabels.WORKSPACE), "a tenant cannot forge the workspace label");
        assertEquals("ml", meta.getLabels().get(SyncLabels.NAMESPACE));
        assertEquals("train", meta.getLabels().get("app"));
        assertEquals(SyncLabels.MANAGER, meta.getLabels().get(SyncLabels.MANAGED_BY));
        assertEquals("u-1", meta.getAnnotations().get(SyncLabels.TENANT_UID));
        assertEquals("x", meta.getAnnotations().get("note"));
        assertFalse(meta.getAnnotations().containsKey("kubectl.kubernetes.io/last-applied-configuration"));
    }

    @Test
    void poolPolicyIsAddedAndWinsExtendedResourcesPassThrough() {
        Pod host = translator.pod(TestPods.gpuPod(), pool);
        var spec = host.getSpec();
        assertEquals(Map.of("gpu", "a100", "pool", "batch", "zone", "a"), spec.getNodeSelector());
        assertEquals(2, spec.getTolerations().size(), "the tenant's toleration is not duplicated: " + spec.getTolerations());
        assertEquals("batch-low", spec.getPriorityClassName());
        assertNull(spec.getPriority(), "the host derives priority from the class");
        var limits = spec.getContainers().get(0).getResources().getLimits();
        assertEquals(new Quantity("2"), limits.get("nvidia.com/gpu"));
        assertEquals(new Quantity("1"), limits.get("example.com/fpga"));
        assertEquals("trainer", spec.getServiceAccountName());
    }

    @Test
    void aTenantsPriorityClassNeverReachesTheHost() {
        Pod critical = TestPods.gpuPod();
        critical.getSpec().setPriorityClassName("system-node-critical");
        critical.getSpec().setPreemptionPolicy("PreemptLowerPriority");
        var spec = translator.pod(critical, WorkspacePolicy.DEFAULT).getSpec();
        assertNull(spec.getPriorityClassName(), "a host class named by a tenant would preempt other tenants' pods");
        assertNull(spec.getPriority());
        assertNull(spec.getPreemptionPolicy(), "the host derives it from its class and refuses any other");
        var pooled = translator.pod(critical, pool).getSpec();
        assertEquals("batch-low", pooled.getPriorityClassName());
        assertNull(pooled.getPreemptionPolicy());
    }

    @Test
    void noHostCredentialIsMountedIntoATenantPod() {
        Pod host = translator.pod(TestPods.gpuPod(), WorkspacePolicy.DEFAULT);
        assertEquals(Boolean.FALSE, host.getSpec().getAutomountServiceAccountToken());
        assertTrue(host.getSpec().getVolumes().stream().noneMatch(v -> v.getName().startsWith("kube-api-access-")));
        assertTrue(host.getSpec().getContainers().get(0).getVolumeMounts().stream().noneMatch(m -> m.getName().startsWith("kube-api-access-")));
        assertNull(host.getSpec().getNodeSelector().get("pool"), "no pool, no pool selector");
    }

    @Test
    void digestFollowsContent() {
        String one = digest(translator.pod(TestPods.gpuPod(), pool));
        assertEquals(one, digest(translator.pod(TestPods.gpuPod(), pool)));
        Pod changed = TestPods.gpuPod();
        changed.getMetadata().getLabels().put("v", "2");
        assertNotEquals(one, digest(translator.pod(changed, pool)));
        Pod otherRv = TestPods.gpuPod();
        otherRv.getMetadata().setResourceVersion("43");
        assertEquals(one, digest(translator.pod(otherRv, pool)), "a new resourceVersion alone writes nothing");
    }

    @Test
    void theWorkspacesDnsServerGoesIntoTheHostPodAndItsDigest() {
        Pod plain = translator.pod(TestPods.gpuPod(), pool);
        Pod withDns = translator.pod(TestPods.gpuPod(), pool,
                PodDns.workspaceServer("10.43.0.53", translator.hostNamespace(), "cluster.local"));
        assertEquals("None", withDns.getSpec().getDnsPolicy());
        assertEquals(java.util.List.of("10.43.0.53"), withDns.getSpec().getDnsConfig().getNameservers());
        assertEquals(translator.hostNamespace() + ".svc.cluster.local", withDns.getSpec().getDnsConfig().getSearches().get(0));
        assertNotEquals(digest(plain), digest(withDns));
        assertEquals(digest(withDns), digest(translator.pod(TestPods.gpuPod(), pool, PodDns.asOnHost(withDns.getSpec()))),
                "a synced pod that keeps the host's settings is not written again");
    }

    @Test
    void serviceLeavesAddressesToTheHostButKeepsHeadless() {
        Service tenant = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"ml","uid":"s-1"},
                 "spec":{"type":"NodePort","clusterIP":"10.0.0.5","clusterIPs":["10.0.0.5"],"selector":{"app":"web"},
                  "ports":[{"port":80,"nodePort":30080}]},"status":{"loadBalancer":{}}}""", Service.class);
        Service host = translator.service(tenant);
        assertNull(host.getSpec().getClusterIP());
        assertNull(host.getSpec().getClusterIPs());
        assertNull(host.getSpec().getPorts().get(0).getNodePort());
        assertEquals("NodePort", host.getSpec().getType());
        assertEquals(Map.of("app", "web"), host.getSpec().getSelector());
        assertNull(host.getStatus());
        tenant.getSpec().setClusterIP("None");
        assertEquals("None", translator.service(tenant).getSpec().getClusterIP());
    }

    @Test
    void serviceAccountAndClaimLoseHostSpecificParts() {
        ServiceAccount sa = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"trainer","namespace":"ml","uid":"sa-1"},
                 "secrets":[{"name":"trainer-token"}],"imagePullSecrets":[{"name":"pull"}]}""", ServiceAccount.class);
        sa.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("eks.amazonaws.com/role-arn", "arn:aws:iam::1:role/admin")));
        ServiceAccount hostSa = translator.serviceAccount(sa);
        assertEquals(java.util.Set.of(SyncLabels.TENANT_UID, SyncLabels.SYNC_DIGEST), hostSa.getMetadata().getAnnotations().keySet(),
                "a cloud identity on the host is the host's to give");
        assertEquals("sa-1", hostSa.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
        assertTrue(hostSa.getSecrets() == null || hostSa.getSecrets().isEmpty());
        assertEquals("pull", hostSa.getImagePullSecrets().get(0).getName());
        PersistentVolumeClaim pvc = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"ds","namespace":"ml","uid":"c-1"},
                 "spec":{"volumeName":"pv-7","accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}},
                 "status":{"phase":"Bound"}}""", PersistentVolumeClaim.class);
        PersistentVolumeClaim hostPvc = translator.claim(pvc);
        assertNull(hostPvc.getSpec().getVolumeName());
        assertNull(hostPvc.getStatus());
        assertEquals(HostNames.namespace("team-a", "ml"), hostPvc.getMetadata().getNamespace());
    }

    private static String digest(Pod pod) {
        return pod.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
    }
}
