package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** metrics-server's answers, in host terms, become the tenant's: its pods only, under its names and labels; its nodes only. */
class TenantMetricsTest {
    static final String WS = "team-a";
    static final String HOST_NS = HostNames.namespace(WS, "default");

    static Pod tenantPod(String name, String uid, String labelsJson) {
        return Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default","uid":"%s","labels":%s}}"""
                .formatted(name, uid, labelsJson), Pod.class);
    }

    /** The host copy as the syncer writes it: the tenant's labels under the syncer's own, and the tenant pod's uid. */
    static Pod hostPod(String hostNs, String name, String tenantUid) {
        return Serialization.unmarshal("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"%s","uid":"host-%s",
                 "labels":{"app":"web","kubicle.io/workspace":"team-a","kubicle.io/namespace":"default",
                  "app.kubernetes.io/managed-by":"kubicle-syncer"},
                 "annotations":{"kubicle.io/tenant-uid":"%s"}}}""".formatted(name, hostNs, name, tenantUid), Pod.class);
    }

    /** As metrics-server answers: the host pod's labels, a sample of each container. */
    static PodMetrics hostMetrics(String hostNs, String name) {
        return Serialization.unmarshal("""
                {"metadata":{"name":"%s","namespace":"%s","creationTimestamp":"2026-12-07T01:00:05Z",
                  "labels":{"app":"web","kubicle.io/workspace":"team-a","kubicle.io/namespace":"default",
                   "app.kubernetes.io/managed-by":"kubicle-syncer"}},
                 "timestamp":"2026-12-07T01:00:00Z","window":"20s",
                 "containers":[{"name":"app","usage":{"cpu":"250m","memory":"64Mi","nvidia.com/gpu":"1"}},
                  {"name":"side","usage":{"cpu":"1m","memory":"2Mi"}}]}""".formatted(name, hostNs), PodMetrics.class);
    }

    static Pod lookup(List<Pod> hostPods, String ns, String name) {
        return hostPods.stream().filter(p -> p.getMetadata().getNamespace().equals(ns) && p.getMetadata().getName().equals(name))
                .findFirst().orElse(null);
    }

    @Test
    void aPodsMetricsCarryTheTenantsNamespaceNameAndLabelsAndTheHostsSample() {
        Pod web = tenantPod("web", "u-web", "{\"app\":\"web\",\"app.kubernetes.io/managed-by\":\"helm\"}");
        List<Pod> hostPods = List.of(hostPod(HOST_NS, "web", "u-web"));

        List<PodMetrics> shown = TenantMetrics.pods(WS, List.of(web), List.of(hostMetrics(HOST_NS, "web")),
                (ns, name) -> lookup(hostPods, ns, name));

        assertEquals(1, shown.size());
        PodMetrics m = shown.get(0);
        assertEquals("default", m.getMetadata().getNamespace());
        assertEquals("web", m.getMetadata().getName());
        // the tenant's own labels, its managed-by included, and none of the syncer's
        assertEquals(Map.of("app", "web", "app.kubernetes.io/managed-by", "helm"), m.getMetadata().getLabels());
        assertEquals("PodMetrics", m.getKind());
        assertEquals("metrics.k8s.io/v1beta1", m.getApiVersion());
        assertEquals("2026-12-07T01:00:00Z", m.getTimestamp());
        assertEquals(List.of("app", "side"), m.getContainers().stream().map(c -> c.getName()).toList());
        assertEquals(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("64Mi"), "nvidia.com/gpu", new Quantity("1")),
                m.getContainers().get(0).getUsage());
        String json = SyncerJson.asJson(m);
        assertTrue(json.contains("\"window\":\"20s\"") && json.contains("\"cpu\":\"250m\""), json);
    }

    @Test
    void onlyHostPodsStandingForACurrentTenantPodCount() {
        Pod web = tenantPod("web", "u-web", "{\"app\":\"web\"}");
        Pod recreated = tenantPod("job", "u-job-2", "{\"app\":\"job\"}");
        Pod uncached = tenantPod("new", "u-new", "{}");
        String dnsNs = HostNames.dnsNamespace(WS);
        String otherWorkspaceNs = HostNames.namespace("team-b", "default");
        List<Pod> hostPods = List.of(hostPod(HOST_NS, "web", "u-web"), hostPod(HOST_NS, "job", "u-job-1"),
                hostPod(HOST_NS, "stray", "u-gone"), hostPod(dnsNs, "dns", ""), hostPod(otherWorkspaceNs, "web", "u-web-b"));

        List<PodMetrics> shown = TenantMetrics.pods(WS, List.of(web, recreated, uncached), List.of(hostMetrics(HOST_NS, "web"),
                        hostMetrics(HOST_NS, "job"), hostMetrics(HOST_NS, "stray"), hostMetrics(dnsNs, "dns"),
                        hostMetrics(otherWorkspaceNs, "web"), hostMetrics(HOST_NS, "new")),
                (ns, name) -> lookup(hostPods, ns, name));

        // job's host copy is still the earlier tenant pod's; stray's tenant pod is gone; the DNS server and team-b's pod are
        // no pods of this workspace's; new's host pod is not in the syncer's cache yet
        assertEquals(List.of("web"), shown.stream().map(m -> m.getMetadata().getName()).toList());
        assertNull(TenantMetrics.pod(recreated, hostMetrics(HOST_NS, "job"), lookup(hostPods, HOST_NS, "job")));
        assertNull(TenantMetrics.pod(web, null, lookup(hostPods, HOST_NS, "web")), "no sample of the host's: nothing to show");
    }

    @Test
    void theTenantPodsGivenDecideNotTheHostCopiesLabels() {
        // Kubicle selected by the tenant's labels (app.kubernetes.io/managed-by=helm): "api" is not among them, although its
        // host copy carries the same labels as web's
        Pod web = tenantPod("web", "u-web", "{\"app.kubernetes.io/managed-by\":\"helm\"}");
        List<Pod> hostPods = List.of(hostPod(HOST_NS, "web", "u-web"), hostPod(HOST_NS, "api", "u-api"));

        List<PodMetrics> shown = TenantMetrics.pods(WS, List.of(web), List.of(hostMetrics(HOST_NS, "web"), hostMetrics(HOST_NS, "api")),
                (ns, name) -> lookup(hostPods, ns, name));

        assertEquals(List.of("web"), shown.stream().map(m -> m.getMetadata().getName()).toList());
    }

    static NodeMetrics nodeMetrics(String name) {
        return Serialization.unmarshal("""
                {"metadata":{"name":"%s","labels":{"gpu":"host-label"}},"timestamp":"2026-12-07T01:00:00Z","window":"20s",
                 "usage":{"cpu":"3","memory":"12Gi"}}""".formatted(name), NodeMetrics.class);
    }

    @Test
    void nodesAreShownOnlyInTheWorkspacesViewWithTheLabelsOfItsCopy() {
        Node cpuNode = Serialization.unmarshal("{\"metadata\":{\"name\":\"cpu-1\",\"labels\":{\"zone\":\"z1\"}}}", Node.class);
        Map<String, Node> hostNodes = Map.of("gpu-1", NodeViewTest.GPU_NODE, "cpu-1", cpuNode);
        List<NodeMetrics> host = List.of(nodeMetrics("gpu-1"), nodeMetrics("cpu-1"), nodeMetrics("not-cached"));

        List<NodeMetrics> shown = TenantMetrics.nodes(host, hostNodes::get, Map.of("gpu", "a100"));

        assertEquals(List.of("gpu-1"), shown.stream().map(n -> n.getMetadata().getName()).toList());
        NodeMetrics gpu = shown.get(0);
        assertEquals(NodeView.tenantCopy(NodeViewTest.GPU_NODE).getMetadata().getLabels(), gpu.getMetadata().getLabels());
        assertEquals(new Quantity("3"), gpu.getUsage().get("cpu"));
        assertEquals("NodeMetrics", gpu.getKind());
        assertEquals(List.of(), TenantMetrics.nodes(host, hostNodes::get, Map.of()), "a workspace without a pool sees no nodes");
        assertNull(TenantMetrics.node(nodeMetrics("cpu-1"), cpuNode, Map.of("gpu", "a100")));
    }

    @Test
    void listsAreMetricsServersWithAnEmptyListMetadata() {
        String pods = SyncerJson.asJson(TenantMetrics.podList(List.of()));
        String nodes = SyncerJson.asJson(TenantMetrics.nodeList(List.of(nodeMetrics("gpu-1"))));
        assertTrue(pods.contains("\"apiVersion\":\"metrics.k8s.io/v1beta1\"") && pods.contains("\"kind\":\"PodMetricsList\"")
                && pods.contains("\"metadata\":{}") && pods.contains("\"items\":[]"), pods);
        assertTrue(nodes.contains("\"kind\":\"NodeMetricsList\"") && nodes.contains("\"name\":\"gpu-1\""), nodes);
    }
}
