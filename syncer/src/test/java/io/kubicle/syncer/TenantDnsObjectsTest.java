package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TenantDnsObjectsTest {
    @Test
    void everyObjectIsInTheWorkspacesDnsNamespaceWithOurLabels() {
        String ns = HostNames.dnsNamespace("team-a");
        for (var object : java.util.List.of(TenantDnsObjects.configMap("team-a", "x"), TenantDnsObjects.service("team-a"),
                TenantDnsObjects.deployment("team-a", "coredns/coredns:1.12.2", "h", 1))) {
            assertEquals(ns, object.getMetadata().getNamespace());
            assertEquals("kubicle-dns", object.getMetadata().getName());
            assertEquals("team-a", object.getMetadata().getLabels().get(SyncLabels.WORKSPACE));
            assertEquals(SyncLabels.MANAGER, object.getMetadata().getLabels().get(SyncLabels.MANAGED_BY));
        }
        var namespace = TenantDnsObjects.namespace("team-a");
        assertEquals(ns, namespace.getMetadata().getName());
        assertEquals("team-a", namespace.getMetadata().getAnnotations().get(HostCluster.WORKSPACE_ANNOTATION));
        assertNull(namespace.getMetadata().getAnnotations().get(HostCluster.NAMESPACE_ANNOTATION), "it stands for no tenant namespace");
    }

    @Test
    void theServiceAnswersOn53OverUdpAndTcp() {
        var ports = TenantDnsObjects.service("w").getSpec().getPorts();
        assertEquals(Set.of("UDP", "TCP"), Set.of(ports.get(0).getProtocol(), ports.get(1).getProtocol()));
        ports.forEach(p -> assertEquals(53, p.getPort()));
        ports.forEach(p -> assertEquals(Corefile.PORT, p.getTargetPort().getIntVal()));
        assertEquals("ClusterIP", TenantDnsObjects.service("w").getSpec().getType());
    }

    @Test
    void theDeploymentRollsWhenTheCorefileChangesAndNeverDropsItsOnlyReplica() {
        Deployment one = TenantDnsObjects.deployment("w", "img", "hash-1", 1);
        Deployment two = TenantDnsObjects.deployment("w", "img", "hash-2", 1);
        assertEquals("hash-1", TenantDnsObjects.corefileHash(one));
        assertNotEquals(one.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST),
                two.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST));
        assertEquals(0, one.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        var container = one.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("img", container.getImage());
        assertEquals("/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals(Corefile.READY_PORT, container.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("10m", container.getResources().getRequests().get("cpu").toString());
        assertEquals("ClusterFirst", one.getSpec().getTemplate().getSpec().getDnsPolicy(), "it forwards to the host's cluster DNS");
        assertEquals(0, TenantDnsObjects.deployment("w", "img", "hash-1", 0).getSpec().getReplicas());
    }
}
