package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostMetrics;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.Syncer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl top pod} and {@code kubectl top node} in workspaces whose pods run on a HOST STAND-IN (a second Kubicle
 * server, as in {@link SyncerIT}; the test plays the host's kubelet). The host stand-in has no metrics-server, so the
 * syncer is given a {@link MetricsServerStandIn}, which answers from the stand-in's real host pods and nodes; everything
 * else is real: the tenant's request to Kubicle's {@code metrics.k8s.io}, Kubicle forwarding it to the syncer's endpoint
 * over mutual TLS, the syncer choosing the workspace's pods and nodes and putting the host's numbers under the tenant's
 * names. A second syncer, given no stand-in, asks the host stand-in's own (missing) metrics API. {@link SyncerK3sIT}
 * reads a real metrics-server.
 */
@Timeout(300)
class SyncerMetricsIT {
    private static final String POOL = "{\"gpuPool\":{\"nodeSelector\":{\"pool\":\"top\"}}}";
    @TempDir
    static Path dir;
    static HostStandInPair pair;
    static MetricsServerStandIn metricsServer;
    static Kubectl top;
    static Kubectl bareTop;
    /** Tenant admins (the workspaces' own kubeconfigs): top-a and top-b with the stand-in, top-bare without. */
    static KubernetesClient a;
    static KubernetesClient b;
    static KubernetesClient bare;

    @BeforeAll
    static void start() throws Exception {
        pair = HostStandInPair.start(dir);
        hostNode("gpu-node-1", "top");
        hostNode("cpu-node-1", "other");
        metricsServer = new MetricsServerStandIn(pair.host());
        Syncer.Options options = new Syncer.Options(Set.of("top-a", "top-b"), Shard.ALL, Duration.ofSeconds(5), 4, Duration.ofSeconds(1))
                .withTenantDns(null);
        startSyncer(options.withHostMetrics(metricsServer));
        startSyncer(new Syncer.Options(Set.of("top-bare"), Shard.ALL, Duration.ofSeconds(5), 4).withTenantDns(null));

        Kubectl root = new Kubectl(pair.kubicle().kubeconfig(), dir.resolve("cache"));
        top = new Kubectl(Workspaces.provision(root, dir, "top-a", POOL), dir.resolve("cache"));
        Kubectl topB = new Kubectl(Workspaces.provision(root, dir, "top-b"), dir.resolve("cache"));
        bareTop = new Kubectl(Workspaces.provision(root, dir, "top-bare"), dir.resolve("cache"));
        a = client(top);
        b = client(topB);
        bare = client(bareTop);

        a.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("jobs").endMetadata().build()).create();
        run(a, "top-a", "default", new PodBuilder(pod("web", Map.of("app", "web", "app.kubernetes.io/managed-by", "helm"), "250m", "64Mi"))
                .editSpec().addNewContainer().withName("side").withImage("busybox").withNewResources()
                .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi")).endResources().endContainer()
                .endSpec().build());
        run(a, "top-a", "default", pod("api", Map.of("app", "api"), "500m", "128Mi"));
        run(a, "top-a", "jobs", pod("batch", Map.of("app", "batch"), "1", "1Gi"));
        run(b, "top-b", "default", pod("web", Map.of("app", "web"), "100m", "32Mi"));
        for (String ws : List.of("top-a", "top-b", "top-bare")) {
            SyncerIT.await("the syncer's endpoint in " + ws + "'s status", () -> containersEndpoint(ws) != null);
        }
        SyncerIT.await("the node view of top-a", () -> a.nodes().withName("gpu-node-1").get() != null);
    }

    static void startSyncer(Syncer.Options options) {
        String ca = new String(Base64.getDecoder().decode(pair.operator().getCaCertData()), StandardCharsets.UTF_8);
        Syncer syncer = pair.syncer(options);
        syncer.serveContainers(new java.net.InetSocketAddress("127.0.0.1", 0), null, ca);
        syncer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, bare, pair}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static KubernetesClient client(Kubectl tenant) throws Exception {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(tenant.kubeconfig))).build();
    }

    /** A host node of {@code pool} with 8 cpus and 32Gi allocatable, of which the stand-in says half are used. */
    static void hostNode(String name, String pool) {
        pair.host().nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToLabels("pool", pool).endMetadata().build())
                .create();
        pair.host().nodes().withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"capacity\":{\"cpu\":\"8\",\"memory\":\"32Gi\"},\"allocatable\":{\"cpu\":\"8\",\"memory\":\"32Gi\"},"
                        + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    }

    static Pod pod(String name, Map<String, String> labels, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("app").withImage("busybox").withNewResources().addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity(memory)).endResources().endContainer().endSpec().build();
    }

    /** Creates the tenant pod and plays the host's scheduler and kubelet for its host copy, until the tenant sees it Running. */
    static void run(KubernetesClient tenant, String workspace, String namespace, Pod pod) throws InterruptedException {
        String name = pod.getMetadata().getName();
        String hostNs = HostNames.namespace(workspace, namespace);
        tenant.pods().inNamespace(namespace).resource(pod).create();
        SyncerIT.await("host pod " + hostNs + "/" + name, () -> pair.host().pods().inNamespace(hostNs).withName(name).get() != null);
        pair.runOnTheHost(hostNs, name, "gpu-node-1");
        SyncerIT.await(name + " Running in " + workspace, () -> "Running".equals(tenant.pods().inNamespace(namespace).withName(name).get()
                .getStatus().getPhase()));
    }

    @SuppressWarnings("unchecked")
    static Object containersEndpoint(String workspace) {
        GenericKubernetesResource ws = pair.root().genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace")
                .withName(workspace).get();
        Map<String, Object> status = (Map<String, Object>) ws.getAdditionalProperties().get("status");
        return status == null || !(status.get("syncer") instanceof Map<?, ?> syncer) ? null : syncer.get("containersEndpoint");
    }

    static List<String> names(List<PodMetrics> items) {
        return items.stream().map(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName()).sorted().toList();
    }

    static Map<String, Quantity> usage(PodMetrics metrics, String container) {
        return metrics.getContainers().stream().filter(c -> c.getName().equals(container)).map(ContainerMetrics::getUsage).findFirst()
                .orElseThrow();
    }

    @Test
    void aTenantReadsItsPodsMetricsUnderItsOwnNamesAndLabels() {
        assertEquals(List.of("default/api", "default/web"), names(a.top().pods().metrics("default").getItems()));

        PodMetrics web = a.top().pods().metrics("default", "web");
        assertEquals("default", web.getMetadata().getNamespace());
        // the tenant's labels, its own managed-by included; none of the syncer's, which its host copy carries
        assertEquals(Map.of("app", "web", "app.kubernetes.io/managed-by", "helm"), web.getMetadata().getLabels());
        assertEquals(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("64Mi")), usage(web, "app"));
        assertEquals(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")), usage(web, "side"));
        assertEquals(Duration.ofSeconds(20), web.getWindow().getDuration());
        assertTrue(metricsServer.asked.contains("pod " + HostNames.namespace("top-a", "default") + "/web"), metricsServer.asked::toString);

        // the whole workspace: one request for its label, not one per namespace
        metricsServer.asked.clear();
        assertEquals(List.of("default/api", "default/web", "jobs/batch"), names(a.top().pods().metrics().getItems()));
        assertEquals(List.of("pods * {kubicle.io/workspace=top-a}"), metricsServer.asked);
    }

    @Test
    void aLabelSelectorSelectsByTheTenantsLabels() {
        assertEquals(List.of("default/web"), names(a.top().pods().inNamespace("default")
                .withLabels(Map.of("app.kubernetes.io/managed-by", "helm")).metrics().getItems()));
        // every host copy carries managed-by=kubicle-syncer: no tenant pod does
        assertEquals(List.of(), names(a.top().pods().withLabels(Map.of("app.kubernetes.io/managed-by", "kubicle-syncer")).metrics()
                .getItems()));
        assertEquals(List.of("jobs/batch"), names(a.top().pods().withLabels(Map.of("app", "batch")).metrics().getItems()));
    }

    @Test
    void aPodOfAnotherWorkspaceNeverAppears() {
        List<PodMetrics> bPods = b.top().pods().metrics().getItems();
        assertEquals(List.of("default/web"), names(bPods));
        assertEquals(new Quantity("100m"), usage(bPods.get(0), "app").get("cpu"), "top-b's own web");
        for (PodMetrics m : a.top().pods().metrics().getItems()) {
            assertNotEquals(new Quantity("100m"), usage(m, "app").get("cpu"), "top-b's web in top-a: " + m);
        }
    }

    @Test
    void nodesAreTheWorkspacesViewOnly() {
        var nodes = a.top().nodes().metrics().getItems();
        assertEquals(List.of("gpu-node-1"), nodes.stream().map(n -> n.getMetadata().getName()).toList());
        assertEquals(new Quantity("4"), nodes.get(0).getUsage().get("cpu"));
        assertEquals("top", nodes.get(0).getMetadata().getLabels().get("pool"));
        assertEquals(List.of(), b.top().nodes().metrics().getItems(), "a workspace without a pool sees no nodes");

        KubernetesClientException node = assertThrows(KubernetesClientException.class, () -> a.top().nodes().metrics("cpu-node-1"));
        assertEquals(404, node.getCode());
        assertTrue(node.getMessage().contains("nodemetrics.metrics.k8s.io \"cpu-node-1\" not found"), node.getMessage());
        KubernetesClientException pod = assertThrows(KubernetesClientException.class, () -> a.top().pods().metrics("default", "nope"));
        assertEquals(404, pod.getCode());
        assertTrue(pod.getMessage().contains("podmetrics.metrics.k8s.io \"nope\" not found"), pod.getMessage());
    }

    static void assertRow(String output, String... cells) {
        Pattern row = Pattern.compile("(?m)^" + String.join("\\s+", cells) + "\\s*$");
        assertTrue(row.matcher(output).find(), "no row " + List.of(cells) + " in:\n" + output);
    }

    @Test
    void kubectlTopShowsTheHostsNumbersUnderTenantNames() {
        String pods = top.run("top", "pod", "-n", "default").ok().stdout();
        assertRow(pods, "web", "260m", "80Mi");
        assertRow(pods, "api", "500m", "128Mi");
        assertFalse(pods.contains("batch"), pods);

        String web = top.run("top", "pod", "web", "--containers").ok().stdout();
        assertRow(web, "web", "app", "250m", "64Mi");
        assertRow(web, "web", "side", "10m", "16Mi");

        assertRow(top.run("top", "pod", "-A").ok().stdout(), "jobs", "batch", "1000m", "1024Mi");
        String helm = top.run("top", "pod", "-l", "app.kubernetes.io/managed-by=helm").ok().stdout();
        assertRow(helm, "web", "260m", "80Mi");
        assertFalse(helm.contains("api"), helm);

        String nodes = top.run("top", "node").ok().stdout();
        assertRow(nodes, "gpu-node-1", "4000m", "50%", "16384Mi", "50%");
        assertFalse(nodes.contains("cpu-node-1"), nodes);
    }

    @Test
    void aHostWithoutAMetricsApiAnswers503WithWhatToDo() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> bare.top().pods().metrics("default"));
        assertEquals(503, e.getCode());
        assertEquals(HostMetrics.NoMetricsApi.MESSAGE, e.getStatus().getMessage());

        Kubectl.Result kubectl = bareTop.run("top", "pod");
        assertNotEquals(0, kubectl.exitCode());
        assertTrue(kubectl.stderr().contains(HostMetrics.NoMetricsApi.MESSAGE), kubectl.stderr());
    }
}
