package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PodDnsTest {
    static final String HOST_NS = "kc-w-ml-12345678";
    final PodDns server = PodDns.workspaceServer("10.43.0.53", HOST_NS, "cluster.local");

    static PodSpec spec(String policy) {
        return new PodSpecBuilder().withDnsPolicy(policy).addNewContainer().withName("c").withImage("busybox").endContainer().build();
    }

    @Test
    void clusterFirstBecomesTheWorkspacesServerWithTheHostNamespaceFirstInTheSearchList() {
        PodSpec spec = spec("ClusterFirst");
        server.applyTo(spec);
        assertEquals("None", spec.getDnsPolicy());
        assertEquals(List.of("10.43.0.53"), spec.getDnsConfig().getNameservers());
        assertEquals(List.of(HOST_NS + ".svc.cluster.local", "svc.cluster.local", "cluster.local"),
                spec.getDnsConfig().getSearches());
        assertEquals(List.of(new PodDNSConfigOption("ndots", "5")), spec.getDnsConfig().getOptions());
    }

    @Test
    void anUnsetPolicyIsClusterFirstAndSoIsClusterFirstWithHostNet() {
        PodSpec unset = spec(null);
        server.applyTo(unset);
        assertEquals("None", unset.getDnsPolicy());
        PodSpec hostNet = spec("ClusterFirstWithHostNet");
        hostNet.setHostNetwork(true);
        server.applyTo(hostNet);
        assertEquals("None", hostNet.getDnsPolicy());
    }

    @Test
    void podsThatChoseTheirOwnDnsKeepIt() {
        for (String policy : List.of("Default", "None")) {
            PodSpec spec = spec(policy);
            PodDNSConfig own = new PodDNSConfig(List.of("1.1.1.1"), List.of(), List.of("example.org"));
            spec.setDnsConfig(own);
            server.applyTo(spec);
            assertEquals(policy, spec.getDnsPolicy());
            assertEquals(own, spec.getDnsConfig());
        }
        PodSpec hostNetwork = spec("ClusterFirst");
        hostNetwork.setHostNetwork(true);
        server.applyTo(hostNetwork);
        assertEquals("ClusterFirst", hostNetwork.getDnsPolicy(), "kubelet gives it the node's DNS");
        assertNull(hostNetwork.getDnsConfig());
    }

    @Test
    void theTenantsOwnDnsConfigIsMergedAsKubeletMergesIt() {
        PodSpec spec = spec("ClusterFirst");
        spec.setDnsConfig(new PodDNSConfig(List.of("10.0.0.10", "10.43.0.53"),
                List.of(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null)),
                List.of("corp.example", "svc.cluster.local")));
        server.applyTo(spec);
        assertEquals(List.of("10.43.0.53", "10.0.0.10"), spec.getDnsConfig().getNameservers(), "ours first, no duplicates");
        assertEquals(List.of(HOST_NS + ".svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"),
                spec.getDnsConfig().getSearches());
        assertEquals(List.of(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null)),
                spec.getDnsConfig().getOptions(), "the tenant's option of the same name wins");
    }

    @Test
    void listsAreCutToKubesLimits() {
        PodSpec spec = spec("ClusterFirst");
        spec.setDnsConfig(new PodDNSConfig(List.of("1.1.1.1", "8.8.8.8", "9.9.9.9"), null,
                IntStream.range(0, 40).mapToObj(i -> "d" + i + ".example").toList()));
        server.applyTo(spec);
        assertEquals(List.of("10.43.0.53", "1.1.1.1", "8.8.8.8"), spec.getDnsConfig().getNameservers());
        assertEquals(PodDns.MAX_SEARCHES, spec.getDnsConfig().getSearches().size());
    }

    @Test
    void aPodOnTheHostKeepsWhatTheHostHas() {
        PodSpec onHost = spec("None");
        onHost.setDnsConfig(new PodDNSConfig(List.of("10.43.0.9"), List.of(), List.of("x.svc.cluster.local")));
        PodSpec translated = spec("ClusterFirst");
        PodDns.asOnHost(onHost).applyTo(translated);
        assertEquals("None", translated.getDnsPolicy());
        assertEquals(onHost.getDnsConfig(), translated.getDnsConfig());
        PodSpec before = spec("ClusterFirst");
        PodSpec again = spec("ClusterFirst");
        PodDns.asOnHost(before).applyTo(again);
        assertNull(again.getDnsConfig(), "a pod synced before tenant DNS keeps the tenant's settings");
    }

    @Test
    void theServerAHostPodWasGivenIsFoundAgainAndOnlyOurs() {
        PodSpec ours = spec("ClusterFirst");
        server.applyTo(ours);
        assertEquals("10.43.0.53", PodDns.workspaceServerOf(hostPod(HOST_NS, ours), "cluster.local"));
        PodSpec own = spec("None");
        own.setDnsConfig(new PodDNSConfig(List.of("1.1.1.1"), List.of(), List.of("example.org")));
        assertNull(PodDns.workspaceServerOf(hostPod(HOST_NS, own), "cluster.local"), "the tenant's own None");
        assertNull(PodDns.workspaceServerOf(hostPod(HOST_NS, spec("ClusterFirst")), "cluster.local"));
    }

    static io.fabric8.kubernetes.api.model.Pod hostPod(String namespace, PodSpec spec) {
        return new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("p").withNamespace(namespace).endMetadata()
                .withSpec(spec).build();
    }
}
