package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubicle.syncer.SyncLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syncer as its own process, SIGKILLed in the middle of a burst of pod creates and deletes and started
 * again: both sides converge ({@link SyncerConvergence}). The host is a HOST STAND-IN (a second Kubicle, as in
 * {@link SyncerIT}); the test plays its kubelet by marking every new host pod Running.
 */
@Timeout(400)
class SyncerKillIT {
    private static final String WS = "team-kill";
    private static final List<String> NAMESPACES = List.of("default", "second");

    @TempDir
    static Path dir;
    static KubicleProcess kubicle;
    static KubicleProcess hostStandIn;
    static KubernetesClient host;
    static KubernetesClient tenant;

    @BeforeAll
    static void start() throws Exception {
        kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()))).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {tenant, host, kubicle, hostStandIn}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void syncerKilledMidBurstConvergesOnBothSides() throws Exception {
        Config operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
        try (KubernetesClient root = new KubernetesClientBuilder().withConfig(operator).build()) {
            tenant = SyncerIT.workspace(root, operator, WS, "{}");
        }
        tenant.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("second").endMetadata().build()).create();
        SyncerIT.await("default ServiceAccount in second", () -> tenant.serviceAccounts().inNamespace("second").withName("default").get() != null);
        ExecutorService kubelet = Executors.newSingleThreadExecutor();
        SharedIndexInformer<Pod> hostPods = host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, WS).inform(SyncerConvergence.kubeletStandIn(host, kubelet, p -> { }, p -> { }), 0);
        SyncerProcess syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5");
        SyncerProcess restarted = null;
        try {
            SyncerConvergence.burstWithKill(tenant, NAMESPACES, 30, p -> p, () -> hostPods.getIndexer().list().size(), 10, syncer::kill);
            assertFalse(syncer.alive());
            restarted = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5");
            SyncerProcess running = restarted;
            SyncerIT.await("host pods are exactly the tenant pods, all Running on both sides",
                    () -> SyncerConvergence.converged(tenant, host, WS, NAMESPACES, running));
            Thread.sleep(3000); // and it stays so: nothing is created twice or deleted late
            SyncerConvergence.assertConverged(tenant, host, WS, NAMESPACES);
        } finally {
            syncer.close();
            if (restarted != null) {
                restarted.close();
            }
            hostPods.close();
            kubelet.shutdownNow();
        }
    }
}
