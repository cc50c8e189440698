package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.SyncLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syncer as its own process, SIGKILLed in the middle of a burst of pod creates and deletes and started
 * again: both sides converge. The host is a HOST STAND-IN (a second Kubicle, as in {@link SyncerIT}); the
 * test plays its kubelet by marking every new host pod Running.
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
        SharedIndexInformer<Pod> hostPods = host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, WS).inform(kubeletStandIn(kubelet), 0);
        SyncerProcess syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5");
        SyncerProcess restarted = null;
        try {
            boolean killed = false;
            for (int i = 0; i < 30; i++) {
                for (String ns : NAMESPACES) {
                    tenant.pods().inNamespace(ns).resource(SyncerIT.pod("p-" + i)).create();
                    if (i % 4 == 3) {
                        tenant.pods().inNamespace(ns).withName("p-" + (i - 2)).delete(); // deletes go on in the burst too
                    }
                }
                if (!killed && hostPods.getIndexer().list().size() >= 10) {
                    syncer.kill(); // mid-burst: the syncer has written some host pods, more creates are on their way
                    killed = true;
                    System.out.printf("SIGKILLed syncer %d after %d of 60 creates, with %d host pods%n", syncer.pid(), 2 * (i + 1),
                            hostPods.getIndexer().list().size());
                    assertFalse(syncer.alive());
                }
            }
            assertTrue(killed, "the syncer wrote 10 host pods before the burst ended\n" + syncer.output());
            // while no syncer runs: a synced pod deleted, another replaced under the same name (new uid)
            tenant.pods().inNamespace("default").withName("p-0").delete();
            tenant.pods().inNamespace("second").withName("p-2").delete();
            SyncerIT.await("p-2 gone", () -> tenant.pods().inNamespace("second").withName("p-2").get() == null);
            tenant.pods().inNamespace("second").resource(SyncerIT.pod("p-2")).create();

            restarted = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5");
            SyncerProcess running = restarted;
            SyncerIT.await("host pods are exactly the tenant pods, all Running on both sides", () -> converged(running));
            Thread.sleep(3000); // and it stays so: nothing is created twice or deleted late
            assertConverged();
        } finally {
            syncer.close();
            if (restarted != null) {
                restarted.close();
            }
            hostPods.close();
            kubelet.shutdownNow();
        }
    }

    private static ResourceEventHandler<Pod> kubeletStandIn(ExecutorService kubelet) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                kubelet.submit(() -> host.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.42.0.7\"}}"));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        };
    }

    private static boolean converged(SyncerProcess syncer) {
        try {
            assertConverged();
            return true;
        } catch (AssertionError e) {
            if (!syncer.alive()) {
                throw new AssertionError("the restarted syncer died:\n" + syncer.output(), e);
            }
            return false;
        }
    }

    /** Every live tenant pod has exactly one host pod (its uid), no host pod lacks one, statuses came up, the ledger is whole. */
    private static void assertConverged() {
        Map<String, String> tenantUids = new TreeMap<>();
        Map<String, String> hostNamespaces = new HashMap<>();
        for (String ns : NAMESPACES) {
            hostNamespaces.put(HostNames.namespace(WS, ns), ns);
            for (Pod p : tenant.pods().inNamespace(ns).list().getItems()) {
                tenantUids.put(ns + "/" + p.getMetadata().getName(), p.getMetadata().getUid());
                assertEquals("Running", p.getStatus() == null ? null : p.getStatus().getPhase(), "status up for " + ns + "/"
                        + p.getMetadata().getName());
            }
        }
        Map<String, String> hostCopies = new TreeMap<>();
        for (Pod p : host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, WS).list().getItems()) {
            String tenantNs = hostNamespaces.get(p.getMetadata().getNamespace());
            String key = tenantNs + "/" + p.getMetadata().getName();
            String previous = hostCopies.put(key, p.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
            assertEquals(null, previous, "one host pod for " + key);
        }
        assertEquals(tenantUids, hostCopies, "host pods (by tenant uid) are exactly the live tenant pods");
        ConfigMap ledger = host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(WS)).get();
        assertEquals(hostNamespaces, ledger.getData(), "the ledger names both host namespaces");
        Set<String> labelled = new java.util.TreeSet<>();
        host.namespaces().withLabel(SyncLabels.WORKSPACE, WS).list().getItems().forEach(n -> labelled.add(n.getMetadata().getName()));
        assertEquals(new java.util.TreeSet<>(hostNamespaces.keySet()), labelled, "no host namespace outside the ledger");
    }
}
