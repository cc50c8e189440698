package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Refusals, references, the workspace policy and what flows back up. */
class PodRulesTest {
    @Test
    void hostNamespacesAreRefusedUnlessPrivilegedNodeNameAlways() {
        Pod pod = TestPods.gpuPod();
        pod.getSpec().setHostNetwork(true);
        pod.getSpec().setHostPID(true);
        pod.getSpec().setHostIPC(true);
        pod.getSpec().setNodeName("gpu-node-7");
        List<String> baseline = PodRefusal.problems(pod, WorkspacePolicy.of(TestPods.workspace("{\"podSecurity\":\"baseline\"}")));
        assertEquals(4, baseline.size(), baseline.toString());
        assertTrue(baseline.get(0).contains("spec.hostNetwork"));
        List<String> privileged = PodRefusal.problems(pod, WorkspacePolicy.of(TestPods.workspace("{\"podSecurity\":\"privileged\"}")));
        assertEquals(1, privileged.size(), privileged.toString());
        assertTrue(privileged.get(0).contains("spec.nodeName"));
        assertTrue(PodRefusal.problems(TestPods.gpuPod(), WorkspacePolicy.DEFAULT).isEmpty());
    }

    @Test
    void aPodReferringToASecretNamedLikeATokenSecretIsHeldWhicheverWayItRefersToIt() {
        assertNull(PodRefusal.reservedSecrets(TestPods.gpuPod()));
        assertTrue(InClusterAccess.reservedSecretName(InClusterAccess.secretName("web")), "the syncer's own names are reserved");
        assertFalse(InClusterAccess.reservedSecretName("kubicle-tokens"));
        assertFalse(InClusterAccess.reservedSecretName("my-kubicle-token-web"));
        String[] ways = {
            "\"volumes\":[{\"name\":\"v\",\"secret\":{\"secretName\":\"kubicle-token-web\"}}]",
            "\"volumes\":[{\"name\":\"v\",\"projected\":{\"sources\":[{\"secret\":{\"name\":\"kubicle-token-web\"}}]}}]",
            "\"imagePullSecrets\":[{\"name\":\"kubicle-token-web\"}]",
            "\"initContainers\":[{\"name\":\"i\",\"image\":\"x\",\"envFrom\":[{\"secretRef\":{\"name\":\"kubicle-token-web\"}}]}]",
            "\"containers\":[{\"name\":\"c\",\"image\":\"x\",\"env\":[{\"name\":\"T\",\"valueFrom\":{\"secretKeyRef\":"
                    + "{\"name\":\"kubicle-token-web\",\"key\":\"token\"}}}]}]",
        };
        for (String way : ways) {
            Pod pod = Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"reader\"},"
                    + "\"spec\":{" + (way.startsWith("\"containers") ? way : way + ",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]")
                    + "}}", Pod.class);
            assertEquals("secret \"kubicle-token-web\" cannot be used on the host: secret names starting with \"kubicle-token-\""
                    + " are reserved by the syncer for pods' API tokens; rename the secret and recreate the pod with the new name",
                    PodRefusal.reservedSecrets(pod), way);
        }
        Pod two = TestPods.gpuPod();
        two.getSpec().getImagePullSecrets().get(0).setName("kubicle-token-b");
        two.getSpec().getContainers().get(0).getEnv().get(0).getValueFrom().getSecretKeyRef().setName("kubicle-token-a");
        assertTrue(PodRefusal.reservedSecrets(two).startsWith("secrets \"kubicle-token-a\", \"kubicle-token-b\" cannot be used"),
                PodRefusal.reservedSecrets(two));
    }

    @Test
    void aPodWaitsForItsServiceAccount() {
        Pod pod = TestPods.gpuPod();
        assertTrue(PodRefusal.waitsForServiceAccount(pod, Set.of("default")));
        assertFalse(PodRefusal.waitsForServiceAccount(pod, Set.of("default", "trainer")));
        pod.getSpec().setServiceAccountName(null);
        assertFalse(PodRefusal.waitsForServiceAccount(pod, Set.of("default")), "no name means default");
    }

    @Test
    void referencesCoverVolumesEnvProjectionsPullSecretsAndClaims() {
        PodReferences refs = PodReferences.of(TestPods.gpuPod().getSpec());
        // not kube-root-ca.crt of the token volume: that volume reaches the host as the token Secret (or not at all)
        assertEquals(Set.of("cfg", "extra"), refs.configMaps());
        assertEquals(Set.of("creds", "tls", "pull"), refs.secrets());
        assertEquals(Set.of("trainer"), refs.serviceAccounts());
        assertEquals(Set.of("ds"), refs.claims());
    }

    @Test
    void policyDefaultsWhenTheSpecSaysNothing() {
        WorkspacePolicy policy = WorkspacePolicy.of(TestPods.workspace("{}"));
        assertEquals("baseline", policy.podSecurity());
        assertTrue(policy.poolNodeSelector().isEmpty());
        assertNull(policy.poolPriorityClassName());
    }

    @Test
    void hostStatusFlowsUpOnceAndRefusalsLookLikeKubeletRejections() {
        Pod host = TestPods.gpuPod();
        host.setStatus(Serialization.unmarshal("""
                {"phase":"Running","podIP":"10.42.0.9","podIPs":[{"ip":"10.42.0.9"}],"hostIP":"192.168.1.4",
                 "conditions":[{"type":"Ready","status":"True"}],
                 "containerStatuses":[{"name":"c","ready":true,"restartCount":0,"image":"cuda","imageID":"","state":{"running":{}}}]}""",
                PodStatus.class));
        host.getSpec().setNodeName("gpu-node-1");
        Pod tenant = TestPods.gpuPod();
        PodStatus up = UpTranslator.podStatus(host, tenant);
        assertEquals("Running", up.getPhase());
        assertEquals("10.42.0.9", up.getPodIP());
        assertEquals("192.168.1.4", up.getHostIP());
        assertEquals(1, up.getContainerStatuses().size());
        assertEquals("gpu-node-1", UpTranslator.nodeName(host, tenant));
        tenant.setStatus(up);
        tenant.getSpec().setNodeName("gpu-node-1");
        assertNull(UpTranslator.podStatus(host, tenant), "nothing to write when the tenant already agrees");
        assertNull(UpTranslator.nodeName(host, tenant));
        assertNull(UpTranslator.binding(host, tenant), "bound once");
        tenant.getSpec().setNodeName("gpu-node-2");
        assertNull(UpTranslator.binding(host, tenant), "a tenant pod bound elsewhere stays where it is (nodeName is immutable)");
        tenant.getSpec().setNodeName(null);
        var binding = UpTranslator.binding(host, tenant);
        assertEquals("gpu-node-1", binding.getTarget().getName());
        assertEquals("Node", binding.getTarget().getKind());
        assertEquals(tenant.getMetadata().getName(), binding.getMetadata().getName());
        assertEquals(tenant.getMetadata().getUid(), binding.getMetadata().getUid(), "binds only this incarnation of the pod");

        PodStatus refused = UpTranslator.refused(TestPods.gpuPod(), List.of("spec.hostPID is forbidden"));
        assertEquals("Failed", refused.getPhase());
        assertEquals(PodRefusal.REASON, refused.getReason());
        Pod already = TestPods.gpuPod();
        already.setStatus(refused);
        assertNull(UpTranslator.refused(already, List.of("spec.hostPID is forbidden")));
    }

    @Test
    void serviceAddressesComeBackAndEventsPointAtTheTenantObject() {
        Service tenant = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"ml","uid":"t-uid"},"spec":{}}""", Service.class);
        Service host = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"kc-x","uid":"h-uid"},
                 "spec":{"clusterIP":"10.43.0.10","clusterIPs":["10.43.0.10"]},
                 "status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"}]}}}""", Service.class);
        assertEquals(Map.of("spec", Map.of("clusterIP", "10.43.0.10", "clusterIPs", List.of("10.43.0.10"))),
                UpTranslator.serviceSpecPatch(host, tenant));
        assertTrue(Serialization.asJson(UpTranslator.serviceStatusPatch(host, tenant)).contains("203.0.113.7"));
        tenant.getSpec().setClusterIP("10.43.0.10");
        assertNull(UpTranslator.serviceSpecPatch(host, tenant));
        tenant.getSpec().setClusterIP("10.96.0.12");
        assertEquals(Map.of("spec", Map.of("clusterIP", "10.43.0.10", "clusterIPs", List.of("10.43.0.10"))),
                UpTranslator.serviceSpecPatch(host, tenant), "the tenant's own allocation gives way to the host's");

        io.fabric8.kubernetes.api.model.Event hostEvent = Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1","namespace":"kc-x","uid":"e1","resourceVersion":"9"},
                 "involvedObject":{"kind":"Service","namespace":"kc-x","name":"web","uid":"h-uid"},
                 "reason":"EnsuredLoadBalancer","message":"ok","type":"Normal"}""", io.fabric8.kubernetes.api.model.Event.class);
        var copy = UpTranslator.event(hostEvent, tenant);
        assertEquals("ml", copy.getMetadata().getNamespace());
        assertEquals("web.1", copy.getMetadata().getName());
        assertNull(copy.getMetadata().getUid());
        assertEquals("ml", copy.getInvolvedObject().getNamespace());
        assertEquals("t-uid", copy.getInvolvedObject().getUid());
        assertEquals("EnsuredLoadBalancer", copy.getReason());
    }

    @Test
    void baseUrlDropsTheWorkspaceSuffix() {
        assertEquals("https://127.0.0.1:6443", Syncer.baseUrl("https://127.0.0.1:6443/clusters/root"));
        assertEquals("https://h:1", Syncer.baseUrl("https://h:1/"));
    }
}
