package io.kubicle.e2e.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubicle.e2e.KubicleProcess;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.Syncer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Syncer benchmark (issue 6) between two Kubicle processes, the second a HOST STAND-IN as in
 * {@code SyncerIT}; the syncer runs in this JVM. A kubelet stand-in (a host pod informer) marks every
 * host pod Running as soon as it appears. Measures (1) tenant pod create → host pod seen by a host
 * watch, sequentially; (2) {@code pods} pods across {@code workspaces} workspaces created by 16 clients,
 * until every tenant pod shows phase Running; (3) this JVM's heap after a full GC before the syncer
 * starts and after phase 2 (the syncer plus the benchmark's own small clients).
 *
 * <p>Run: {@code java -cp e2e/target/test-classes:$(cat cp.txt) io.kubicle.e2e.bench.SyncerBenchmark [warmup=400]
 * [latency=200] [pods=1000] [workspaces=50]} (warm-up: unrecorded pod creates in a second workspace before phase 1) with {@code -Dkubicle.jar=apiserver/target/kubicle-apiserver-<v>-all.jar}.
 */
public final class SyncerBenchmark {
    public static void main(String[] args) throws Exception {
        int latency = arg(args, "latency", 200);
        // Unrecorded pod creates first, in another workspace: both servers and the syncer start cold (JIT), and the first
        // few hundred pods of a fresh server took several times longer than the steady state the target is about.
        int warmup = arg(args, "warmup", 400);
        int pods = arg(args, "pods", 1000);
        int workspaces = arg(args, "workspaces", 50);
        int threads = arg(args, "threads", 16); // as kubicle syncer's default
        Path dir = Files.createTempDirectory("syncer-bench");
        try (KubicleProcess kubicle = KubicleProcess.start(dir.resolve("kubicle"));
             KubicleProcess hostStandIn = KubicleProcess.start(dir.resolve("host"))) {
            Config operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
            Config hostConfig = Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()));
            KubernetesClient root = new KubernetesClientBuilder().withConfig(operator).build();
            KubernetesClient host = new KubernetesClientBuilder().withConfig(new ConfigBuilder(hostConfig).withOnlyHttpWatches(true).build())
                    .build();
            String base = operator.getMasterUrl().substring(0, operator.getMasterUrl().indexOf("/clusters/"));
            List<KubernetesClient> tenants = new ArrayList<>();
            for (int i = 0; i < workspaces; i++) {
                root.resource(Serialization.unmarshal("{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                        + "\"metadata\":{\"name\":\"sb-" + i + "\"},\"spec\":{}}", GenericKubernetesResource.class)).create();
                tenants.add(new KubernetesClientBuilder().withConfig(new ConfigBuilder(operator).withMasterUrl(base + "/clusters/sb-" + i)
                        .build()).build());
            }
            Map<String, Long> seenOnHost = new ConcurrentHashMap<>();
            ExecutorService kubelet = Executors.newFixedThreadPool(16); // a kubelet per node marks pods in parallel
            SharedIndexInformer<Pod> hostPods = host.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    seenOnHost.putIfAbsent(pod.getMetadata().getName(), System.nanoTime());
                    kubelet.submit(() -> host.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                            .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\"}}"));
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                }

                @Override
                public void onDelete(Pod pod, boolean unknown) {
                }
            }, 0);
            long heapBefore = heapAfterGc();
            Syncer syncer = new Syncer(operator, hostConfig, new Syncer.Options(Set.of(), Shard.ALL, Duration.ofSeconds(30), threads));
            long startSyncer = System.nanoTime();
            syncer.start();
            // Measures the steady state: until the syncer has started every workspace's informers (its queue stays
            // empty for a second), the first latency samples would wait behind 50 workspace start-ups.
            awaitSettled(syncer);
            double startupSeconds = (System.nanoTime() - startSyncer) / 1e9;

            for (int i = 0; i < warmup; i++) {
                String name = "warm-" + i;
                tenants.get(workspaces > 1 ? 1 : 0).pods().inNamespace("default").resource(pod(name)).create();
                while (!seenOnHost.containsKey(name)) {
                    Thread.sleep(0, 200_000);
                }
            }

            LatencyRecorder toHost = new LatencyRecorder();
            for (int i = 0; i < latency; i++) {
                String name = "lat-" + i;
                long t = System.nanoTime();
                tenants.get(0).pods().inNamespace("default").resource(pod(name)).create();
                while (!seenOnHost.containsKey(name)) {
                    Thread.sleep(0, 200_000);
                }
                toHost.record(seenOnHost.get(name) - t);
            }

            ExecutorService clients = Executors.newFixedThreadPool(16);
            long start = System.nanoTime();
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                KubernetesClient tenant = tenants.get(i % workspaces);
                String name = "burst-" + i;
                creates.add(clients.submit(() -> tenant.pods().inNamespace("default").resource(pod(name)).create()));
            }
            for (Future<?> f : creates) {
                f.get();
            }
            long created = System.nanoTime();
            // Lists only the workspaces still short of Running pods: listing all 1,000 pods every 100 ms was itself
            // a fifth of the tenant server's and the benchmark JVM's CPU on this 2-core machine.
            Map<KubernetesClient, Integer> expected = new java.util.HashMap<>();
            for (int i = 0; i < pods; i++) {
                expected.merge(tenants.get(i % workspaces), 1, Integer::sum);
            }
            long allOnHost = 0;
            while (!expected.isEmpty()) {
                Thread.sleep(100);
                if (allOnHost == 0 && seenOnHost.keySet().stream().filter(n -> n.startsWith("burst-")).count() == pods) {
                    allOnHost = System.nanoTime();
                }
                expected.entrySet().removeIf(e -> running(e.getKey()) == e.getValue());
            }
            long done = System.nanoTime();
            if (allOnHost == 0) {
                allOnHost = done;
            }
            long heapAfter = heapAfterGc();

            System.out.printf(Locale.ROOT, "| Syncer start until its queue is empty for 1 s (%d workspaces) | %.2f s | |%n",
                    workspaces, startupSeconds);
            System.out.printf(Locale.ROOT, "| Tenant pod create → host pod seen, 1 client, %d runs after %d unrecorded | p50 %.1f ms, p99 %.1f ms | p99 < 200 ms |%n",
                    latency, warmup, toHost.percentileMillis(50), toHost.percentileMillis(99));
            System.out.printf(Locale.ROOT, "| %d pods across %d workspaces (16 clients): creates done | %.2f s | |%n",
                    pods, workspaces, (created - start) / 1e9);
            System.out.printf(Locale.ROOT, "| … until every host pod exists (seen by a host watch; sampled every 100 ms) | %.2f s | |%n",
                    (allOnHost - start) / 1e9);
            System.out.printf(Locale.ROOT, "| … until every tenant pod shows Running (synced down, kubelet stand-in, status up) | %.2f s | < 10 s |%n",
                    (done - start) / 1e9);
            System.out.printf(Locale.ROOT, "| Heap of this JVM after full GC (syncer + bench clients), before → after | %.1f → %.1f MiB | |%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0);
            syncer.close();
            hostPods.close();
            clients.shutdownNow();
            kubelet.shutdownNow();
            tenants.forEach(KubernetesClient::close);
            host.close();
            root.close();
        }
        System.exit(0);
    }

    private static void awaitSettled(Syncer syncer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int idleChecks = 0;
        while (idleChecks < 10 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            idleChecks = syncer.idle() ? idleChecks + 1 : 0;
        }
    }

    private static int running(KubernetesClient tenant) {
        int running = 0;
        for (Pod p : tenant.pods().inNamespace("default").list().getItems()) {
            if (p.getMetadata().getName().startsWith("burst-") && p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
                running++;
            }
        }
        return running;
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int arg(String[] args, String name, int fallback) {
        for (String a : args) {
            if (a.startsWith(name + "=")) {
                return Integer.parseInt(a.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
