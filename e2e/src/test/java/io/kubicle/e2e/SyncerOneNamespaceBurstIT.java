package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubicle.syncer.SyncLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of pods into one tenant namespace, several passes' worth: the syncer sends them down a batch per pass, many
 * writes at once, and brings the status of running pods up between batches. Every pod reaches the host exactly once
 * (none is deleted and made again, as a pod left for the next pass could be when the host cache lagged behind the
 * last pass's writes) and every tenant pod ends Running. The host is a HOST STAND-IN (a second Kubicle, as in
 * {@link SyncerIT}); the test plays its kubelet by marking every new host pod Running.
 */
@Timeout(300)
class SyncerOneNamespaceBurstIT {
    private static final String WS = "team-burst";
    private static final int PODS = 400;

    @TempDir
    static Path dir;

    @Test
    void everyPodOfABurstIntoOneNamespaceRunsOnceOnTheHostAndItsStatusComesUp() throws Exception {
        try (KubicleProcess kubicle = KubicleProcess.start(dir.resolve("kubicle"));
             KubicleProcess hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
             KubernetesClient host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig())))
                     .build()) {
            Config operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
            KubernetesClient tenant;
            try (KubernetesClient root = new KubernetesClientBuilder().withConfig(operator).build()) {
                tenant = SyncerIT.workspace(root, operator, WS, "{}");
            }
            SyncerIT.await("default ServiceAccount", () -> tenant.serviceAccounts().inNamespace("default").withName("default").get() != null);
            Map<String, AtomicInteger> added = new ConcurrentHashMap<>();
            Set<String> deleted = ConcurrentHashMap.newKeySet();
            ExecutorService kubelet = Executors.newFixedThreadPool(4);
            SharedIndexInformer<Pod> hostPods = host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, WS)
                    .inform(SyncerConvergence.kubeletStandIn(host, kubelet,
                    p -> added.computeIfAbsent(p.getMetadata().getName(), n -> new AtomicInteger()).incrementAndGet(),
                    p -> deleted.add(p.getMetadata().getName())), 0);
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try (SyncerProcess syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig())) {
                List<Future<?>> creates = new ArrayList<>();
                for (int i = 0; i < PODS; i++) {
                    String name = "b-" + i;
                    creates.add(clients.submit(() -> tenant.pods().inNamespace("default").resource(SyncerIT.pod(name)).create()));
                }
                for (Future<?> f : creates) {
                    f.get();
                }
                SyncerIT.await("all " + PODS + " tenant pods Running", Duration.ofSeconds(120), () -> tenant.pods().inNamespace("default")
                        .list().getItems().stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count() == PODS);
                Thread.sleep(2000); // and nothing more happens to them on the host
                assertEquals(PODS, hostPods.getIndexer().list().size(), syncer.output());
                assertTrue(deleted.isEmpty(), "host pods deleted while their tenant pods lived: " + deleted);
                added.forEach((name, times) -> assertEquals(1, times.get(), "host pod " + name + " made " + times + " times"));
                assertEquals(PODS, added.size());
            } finally {
                hostPods.close();
                clients.shutdownNow();
                kubelet.shutdownNow();
                tenant.close();
            }
        }
    }
}
