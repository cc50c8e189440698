package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.SyncLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The kill-and-restart scenario of the syncer, for the host stand-in ({@link SyncerKillIT}) and for K3s
 * ({@link SyncerK3sIT}): a burst of pod creates and deletes with a SIGKILL in the middle, and what it means
 * for both sides to have converged afterwards.
 */
final class SyncerConvergence {
    /** Kills the syncer; a test passes {@link SyncerProcess#kill}. */
    interface Kill {
        void run() throws InterruptedException;
    }

    private SyncerConvergence() {
    }

    /**
     * Creates {@code perNamespace} pods in each namespace, deleting every fourth one's predecessor but one as it goes,
     * and kills the syncer once {@code hostPods} reaches {@code killAt} (during the creates, or after them where the
     * machine is slow, but always before the syncer is done); then, while no syncer runs, deletes one synced
     * pod and replaces another under the same name (new uid). Returns how many host pods there were at the kill.
     */
    static int burstWithKill(KubernetesClient tenant, List<String> namespaces, int perNamespace, UnaryOperator<Pod> shape,
                             IntSupplier hostPods, int killAt, Kill kill) throws InterruptedException {
        int atKill = -1;
        for (int i = 0; i < perNamespace; i++) {
            for (String ns : namespaces) {
                tenant.pods().inNamespace(ns).resource(shape.apply(SyncerIT.pod("p-" + i))).create();
                if (i % 4 == 3) {
                    tenant.pods().inNamespace(ns).withName("p-" + (i - 2)).delete(); // deletes go on in the burst too
                }
            }
            if (atKill < 0 && hostPods.getAsInt() >= killAt) {
                atKill = hostPods.getAsInt();
                kill.run(); // mid-burst: the syncer has written some host pods, more creates are on their way
                System.out.printf("SIGKILLed the syncer after %d of %d creates, with %d host pods%n", namespaces.size() * (i + 1),
                        namespaces.size() * perNamespace, atKill);
            }
        }
        if (atKill < 0) {
            // a slow machine: the creates ended before the syncer got that far; it is still mid-way once it does
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (hostPods.getAsInt() < killAt && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            atKill = hostPods.getAsInt();
            assertTrue(atKill >= killAt, "the syncer wrote " + killAt + " host pods within a minute of the burst");
            kill.run();
            System.out.printf("SIGKILLed the syncer after the burst's %d creates, with %d host pods%n",
                    namespaces.size() * perNamespace, atKill);
        }
        int live = namespaces.size() * (perNamespace - perNamespace / 4);
        assertTrue(atKill < live, "the syncer was killed mid-way: " + atKill + " of " + live + " host pods written");
        String first = namespaces.get(0);
        String last = namespaces.get(namespaces.size() - 1);
        tenant.pods().inNamespace(first).withName("p-0").delete();
        tenant.pods().inNamespace(last).withName("p-2").delete();
        SyncerIT.await("p-2 gone", () -> tenant.pods().inNamespace(last).withName("p-2").get() == null);
        tenant.pods().inNamespace(last).resource(shape.apply(SyncerIT.pod("p-2"))).create();
        return atKill;
    }

    /**
     * Every live tenant pod has exactly one host pod (carrying its uid) and no host pod lacks one; each tenant pod
     * shows its host pod's phase and uses the workspace's DNS server; the ledger names exactly the workspace's host
     * namespaces and its DNS server's (the syncer runs with tenant DNS, the default).
     */
    static void assertConverged(KubernetesClient tenant, KubernetesClient host, String workspace, List<String> namespaces) {
        Map<String, String> hostNamespaces = new HashMap<>();
        namespaces.forEach(ns -> hostNamespaces.put(HostNames.namespace(workspace, ns), ns));
        Map<String, String> hostUids = new TreeMap<>();
        Map<String, String> hostPhases = new HashMap<>();
        String dnsNamespace = HostNames.dnsNamespace(workspace);
        var dnsService = host.services().inNamespace(dnsNamespace).withName("kubicle-dns").get();
        assertNotNull(dnsService, "the workspace's DNS Service");
        for (Pod p : host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, HostNames.labelValue(workspace)).list().getItems()) {
            if (p.getMetadata().getNamespace().equals(dnsNamespace)) {
                continue; // the DNS server's own pod (a real host runs it)
            }
            String key = hostNamespaces.get(p.getMetadata().getNamespace()) + "/" + p.getMetadata().getName();
            assertEquals(List.of(dnsService.getSpec().getClusterIP()), p.getSpec().getDnsConfig().getNameservers(), "DNS of " + key);
            assertEquals(null, hostUids.put(key, p.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID)), "one host pod for " + key);
            hostPhases.put(key, p.getStatus() == null ? null : p.getStatus().getPhase());
        }
        Map<String, String> tenantUids = new TreeMap<>();
        for (String ns : namespaces) {
            for (Pod p : tenant.pods().inNamespace(ns).list().getItems()) {
                String key = ns + "/" + p.getMetadata().getName();
                tenantUids.put(key, p.getMetadata().getUid());
                String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
                assertNotNull(hostPhases.get(key), "host phase of " + key);
                assertEquals(hostPhases.get(key), phase, "status up for " + key);
            }
        }
        assertEquals(tenantUids, hostUids, "host pods (by tenant uid) are exactly the live tenant pods");
        ConfigMap ledger = host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(workspace)).get();
        Map<String, String> ledgered = new HashMap<>(hostNamespaces);
        ledgered.put(dnsNamespace, "");
        assertEquals(ledgered, ledger.getData(), "the ledger names the host namespaces and the DNS server's");
        TreeSet<String> labelled = new TreeSet<>();
        host.namespaces().withLabel(SyncLabels.WORKSPACE, HostNames.labelValue(workspace)).list().getItems()
                .forEach(n -> labelled.add(n.getMetadata().getName()));
        assertEquals(new TreeSet<>(ledgered.keySet()), labelled, "no host namespace outside the ledger");
    }

    /** {@link #assertConverged} as a wait condition; a dead syncer fails at once, with its output. */
    static boolean converged(KubernetesClient tenant, KubernetesClient host, String workspace, List<String> namespaces,
                             SyncerProcess syncer) {
        try {
            assertConverged(tenant, host, workspace, namespaces);
            return true;
        } catch (AssertionError e) {
            if (!syncer.alive()) {
                throw new AssertionError("the restarted syncer died:\n" + syncer.output(), e);
            }
            return false;
        }
    }

    /**
     * The test's kubelet on the host stand-in: marks every host pod it is told of Running (on {@code kubelet}, off the
     * informer's thread), after telling {@code added}; {@code deleted} hears of host pods that go.
     */
    static ResourceEventHandler<Pod> kubeletStandIn(KubernetesClient host, ExecutorService kubelet, Consumer<Pod> added,
                                                    Consumer<Pod> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                added.accept(pod);
                kubelet.submit(() -> host.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.42.0.7\"}}"));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                deleted.accept(pod);
            }
        };
    }
}
