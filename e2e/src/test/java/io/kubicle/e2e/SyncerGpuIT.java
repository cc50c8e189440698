package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.MetricsEndpoint;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.Syncer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU metering and the GPU-hour budget between two real Kubicle processes; the second is the HOST
 * STAND-IN of {@link SyncerIT} and this test plays its kubelet (container start and finish times).
 */
@Timeout(300)
class SyncerGpuIT {
    @TempDir
    static Path dir;
    static KubicleProcess kubicle;
    static KubicleProcess hostStandIn;
    static KubernetesClient host;
    static Syncer syncer;

    @BeforeAll
    static void start() throws Exception {
        kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        SyncerIT.kubicle = kubicle;
        SyncerIT.operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
        SyncerIT.root = new KubernetesClientBuilder().withConfig(SyncerIT.operator).build();
        SyncerIT.hostStandIn = hostStandIn;
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()))).build();
        syncer = startSyncer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (syncer != null) {
            syncer.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {SyncerIT.root, host, kubicle, hostStandIn}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static Syncer startSyncer() throws Exception {
        Syncer s = new Syncer(SyncerIT.operator, Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig())),
                new Syncer.Options(Set.of(), Shard.ALL, Duration.ofSeconds(5), 4, Duration.ofMillis(500)));
        s.start();
        return s;
    }

    static Pod gpuPod(String name, int gpus) {
        return new PodBuilder(SyncerIT.pod(name)).editSpec().editFirstContainer().withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity(String.valueOf(gpus))).endResources().endContainer().endSpec().build();
    }

    @SuppressWarnings("unchecked")
    static long usedSeconds(String workspace) {
        GenericKubernetesResource ws = SyncerIT.root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace")
                .withName(workspace).get();
        Map<String, Object> status = (Map<String, Object>) ws.getAdditionalProperties().get("status");
        Map<String, Object> gpu = status == null ? null : (Map<String, Object>) status.get("gpu");
        return gpu == null || !(gpu.get("usedSeconds") instanceof Number n) ? -1 : n.longValue();
    }

    static void kubelet(String hostNs, String pod, String phase, String state) {
        host.pods().inNamespace(hostNs).withName(pod).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"" + phase + "\",\"containerStatuses\":[{\"name\":\"c\",\"ready\":true,\"restartCount\":0,"
                        + "\"image\":\"busybox\",\"imageID\":\"\",\"state\":" + state + "}]}}");
    }

    @Test
    void gpuSecondsAreMeteredIntoStatusAndMetricsSurviveRestartsAndSpendTheBudget() throws Exception {
        // budget 0.05 GPU-hours = 180 GPU-seconds
        KubernetesClient tenant = SyncerIT.workspace("gpu-a", "{\"gpuHourBudget\":0.05}");
        String hostNs = HostNames.namespace("gpu-a", "default");
        tenant.pods().inNamespace("default").resource(gpuPod("train", 2)).create();
        SyncerIT.await("host pod", () -> host.pods().inNamespace(hostNs).withName("train").get() != null);

        Instant started = Instant.now().minusSeconds(60);
        kubelet(hostNs, "train", "Running", "{\"running\":{\"startedAt\":\"" + started + "\"}}");
        SyncerIT.await("2 GPUs x 60 s metered", () -> usedSeconds("gpu-a") >= 120);

        try (MetricsEndpoint metrics = new MetricsEndpoint(0, syncer::scrapeMetrics)) {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metrics.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(text.contains("kubicle_syncer_gpu_used_seconds_total{workspace=\"gpu-a\"}"), text);
        }

        // the pod finishes after 100 s of run time: 200 GPU-seconds, exactly, however often it is recomputed
        kubelet(hostNs, "train", "Succeeded", "{\"terminated\":{\"exitCode\":0,\"startedAt\":\"" + started
                + "\",\"finishedAt\":\"" + started.plusSeconds(100) + "\"}}");
        SyncerIT.await("finished pod metered to its finish time", () -> usedSeconds("gpu-a") == 200);
        syncer.close();
        syncer = startSyncer();
        Thread.sleep(3000);
        assertEquals(200, usedSeconds("gpu-a"), "a restarted syncer neither loses nor double-counts");

        // the tenant deletes the pod: its host copy goes, its seconds stay (settled once)
        tenant.pods().inNamespace("default").withName("train").delete();
        SyncerIT.await("host pod deleted", () -> host.pods().inNamespace(hostNs).withName("train").get() == null);
        Thread.sleep(2000);
        assertEquals(200, usedSeconds("gpu-a"));

        // 200 >= 180: new GPU pods are refused, others are not
        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> tenant.pods().inNamespace("default").resource(gpuPod("more", 1)).create());
        assertEquals(403, refused.getCode());
        assertEquals("pods \"more\" is forbidden: workspace \"gpu-a\" has used its GPU budget: 0.05 of 0.05 GPU-hours",
                refused.getStatus().getMessage());
        tenant.pods().inNamespace("default").resource(SyncerIT.pod("cpu-only")).create();
        tenant.close();
    }

    @Test
    void theWorkspaceQuotaIsMirroredAsAHostResourceQuotaInEachMappedNamespace() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace("quota-a", "{\"quota\":{\"objects\":100,\"hard\":{\"nvidia.com/gpu\":\"4\",\"cpu\":\"8\"}}}");
        String hostNs = HostNames.namespace("quota-a", "default");
        // the quota limits cpu, so a new pod states its cpu (as under a ResourceQuota): the host's copy of the quota
        // would refuse it otherwise, so the tenant hears it at create
        KubernetesClientException unstated = assertThrows(KubernetesClientException.class,
                () -> tenant.pods().inNamespace("default").resource(gpuPod("unstated", 1)).create());
        assertEquals(403, unstated.getCode());
        assertEquals("pods \"unstated\" is forbidden: workspace \"quota-a\" quota: must specify requests.cpu for: c",
                unstated.getStatus().getMessage());
        tenant.pods().inNamespace("default").resource(new PodBuilder(gpuPod("infer", 1)).editSpec().editFirstContainer()
                .editResources().addToRequests("cpu", new Quantity("1")).endResources().endContainer().endSpec().build()).create();
        SyncerIT.await("host quota", () -> host.resourceQuotas().inNamespace(hostNs).withName("kubicle-workspace-quota").get() != null);
        var quota = host.resourceQuotas().inNamespace(hostNs).withName("kubicle-workspace-quota").get();
        assertEquals(Map.of("requests.nvidia.com/gpu", new Quantity("4"), "cpu", new Quantity("8")), quota.getSpec().getHard());
        assertEquals("kubicle-syncer", quota.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        SyncerIT.await("the pod under the wall is on the host", () -> host.pods().inNamespace(hostNs).withName("infer").get() != null);

        // the workspace quota changes: so does the wall
        SyncerIT.root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("quota-a")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"quota\":{\"hard\":{\"nvidia.com/gpu\":\"2\",\"cpu\":null}}}}");
        SyncerIT.await("host quota updated", () -> Map.of("requests.nvidia.com/gpu", new Quantity("2")).equals(
                host.resourceQuotas().inNamespace(hostNs).withName("kubicle-workspace-quota").get().getSpec().getHard()));

        // no workspace quota any more: no host quota either
        SyncerIT.root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("quota-a")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"quota\":null}}");
        SyncerIT.await("host quota removed with the workspace quota",
                () -> host.resourceQuotas().inNamespace(hostNs).withName("kubicle-workspace-quota").get() == null);
        tenant.close();
    }

    @Test
    void hostNodesInTheGpuPoolAreMirroredIntoTheWorkspaceAndKeptAsTheHostSaysSo() throws Exception {
        for (String[] n : new String[][] {{"gpu-node-1", "a100"}, {"gpu-node-2", "h100"}}) {
            host.nodes().resource(new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName(n[0])
                    .addToLabels("gpu", n[1]).endMetadata().build()).create();
            host.nodes().withName(n[0]).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"status\":{\"capacity\":{\"nvidia.com/gpu\":\"8\"},\"allocatable\":{\"nvidia.com/gpu\":\"8\"},"
                            + "\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        }
        KubernetesClient tenant = SyncerIT.workspace("pool-a", "{\"gpuPool\":{\"nodeSelector\":{\"gpu\":\"a100\"}}}");
        SyncerIT.await("pool node in the workspace", () -> tenant.nodes().withName("gpu-node-1").get().getStatus()
                .getCapacity().get("nvidia.com/gpu").equals(new Quantity("8")));
        assertEquals(null, tenant.nodes().withName("gpu-node-2").get(), "a node outside the pool is not shown");
        assertEquals("True", tenant.nodes().withName("gpu-node-1").get().getStatus().getConditions().get(0).getStatus());

        // a tenant edit is put back
        tenant.nodes().withName("gpu-node-1").edit(n -> new io.fabric8.kubernetes.api.model.NodeBuilder(n).editMetadata()
                .addToLabels("gpu", "mine").endMetadata().build());
        SyncerIT.await("tenant edit overwritten", () -> "a100".equals(tenant.nodes().withName("gpu-node-1").get()
                .getMetadata().getLabels().get("gpu")));

        // the host changes: so does the view; the host node goes: so does the copy
        host.nodes().withName("gpu-node-1").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"allocatable\":{\"nvidia.com/gpu\":\"6\"}}}");
        SyncerIT.await("allocatable follows the host", () -> new Quantity("6").equals(tenant.nodes().withName("gpu-node-1").get()
                .getStatus().getAllocatable().get("nvidia.com/gpu")));
        host.nodes().withName("gpu-node-1").delete();
        SyncerIT.await("copy removed", () -> tenant.nodes().withName("gpu-node-1").get() == null);
        tenant.close();
    }
}
