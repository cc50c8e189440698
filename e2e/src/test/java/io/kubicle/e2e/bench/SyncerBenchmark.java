package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.http.HttpMethod;
import io.kubicle.e2e.KubicleProcess;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.Syncer;
import java.lang.management.ManagementFactory;
import java.io.IOException;
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
 * Syncer benchmark (issue 6) between two Kubicle processes, the second a HOST STAND-IN as in {@code SyncerIT}; the
 * syncer runs in this JVM. A kubelet stand-in (a host pod watch) marks every host pod Running as soon as it appears.
 * Measures (1) tenant pod create → host pod seen by a host watch, sequentially, after {@code warmup} unrecorded ones;
 * (2) {@code rounds} bursts of {@code pods} pods across {@code workspaces} workspaces (each round in its own namespace
 * of every workspace) created by 16 clients, until every tenant pod shows Running on the tenants' watches, with the CPU
 * each process spent; (3) this JVM's heap after a full GC before the syncer starts and at the end. The load (creates,
 * the kubelet stand-in, the watches) goes through BoringSSL/Vert.x clients, cheap as Go's, so the CPU left in this
 * JVM is the syncer's.
 *
 * <p>Run: {@code java -cp e2e/target/test-classes:$(cat cp.txt) io.kubicle.e2e.bench.SyncerBenchmark [warmup=400]
 * [latency=200] [pods=1000] [workspaces=50] [rounds=2] [fresh=1] [dns=1] [hostC2=0]} (fresh=1: one more burst into as many new
 * workspaces; dns=0: without tenant DNS; hostC2=1: the host stand-in with the JVM's default compilers instead of C1 only) with {@code -Dkubicle.jar=apiserver/target/kubicle-apiserver-<v>-all.jar}.
 */
public final class SyncerBenchmark {
    public static void main(String[] args) throws Exception {
        io.kubicle.syncer.CommonPool.keepWorkers(); // as kubicle's main does
        int latency = arg(args, "latency", 200);
        // Unrecorded pod creates first, in another workspace: both servers and the syncer start cold (JIT), and the first
        // few hundred pods of a fresh server took several times longer than the steady state the target is about.
        int warmup = arg(args, "warmup", 400);
        int pods = arg(args, "pods", 1000);
        int workspaces = arg(args, "workspaces", 50);
        int threads = arg(args, "threads", 16); // as kubicle syncer's default
        // The first burst still runs on servers and a syncer whose JITs are busy compiling (C2 took as much CPU as the
        // event loops); the second is what a server that has been up for a while does.
        int rounds = arg(args, "rounds", 2);
        // The host stand-in stands for a cluster on machines of its own; here it shares the two cores with Kubicle and the
        // syncer, and its C2 compiler took a third of its CPU in the first burst. It compiles with C1 only unless hostC2=1
        // (Kubicle runs as shipped either way).
        boolean hostC2 = arg(args, "hostC2", 0) == 1;
        Path dir = Files.createTempDirectory("syncer-bench");
        try (KubicleProcess kubicle = KubicleProcess.start(dir.resolve("kubicle"));
             KubicleProcess hostStandIn = KubicleProcess.startWithJvmOptions(dir.resolve("host"),
                     hostC2 ? List.of() : List.of("-XX:TieredStopAtLevel=1"))) {
            Config operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
            Config hostConfig = Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()));
            KubernetesClient root = new KubernetesClientBuilder().withConfig(operator).build();
            // The load (pod creates, the kubelet stand-in, watching for Running) goes through BoringSSL/Vert.x clients, as
            // cheap as Go's; with fabric8 it took half this JVM's CPU and the syncer's share could not be told apart.
            NativeTlsClient tenants = new NativeTlsClient(kubicle.kubeconfig(), threads + 2 * workspaces, "/clusters");
            NativeTlsClient host = new NativeTlsClient(hostStandIn.kubeconfig(), 32);
            NativeTlsClient tenantRoot = new NativeTlsClient(kubicle.kubeconfig(), 1, ""); // /metrics: every workspace's series
            Map<String, Long> seenOnHost = new ConcurrentHashMap<>();
            PrefixCounts onHost = new PrefixCounts();
            // The kubelet stand-in: every new host pod is marked Running at once, as a kubelet on an idle node would.
            host.watch("/api/v1/pods?watch=1", event -> {
                JsonNode pod = event.path("object");
                String name = pod.path("metadata").path("name").asText();
                if (event.path("type").asText().equals("ADDED") && seenOnHost.putIfAbsent(name, System.nanoTime()) == null) {
                    onHost.add(name);
                    host.sendAsync(HttpMethod.PATCH, "/api/v1/namespaces/" + pod.path("metadata").path("namespace").asText()
                            + "/pods/" + name + "/status", RUNNING, "application/merge-patch+json")
                            .onSuccess(r -> STAGES.computeIfAbsent(name, k -> new long[2])[0] = System.nanoTime());
                }
            }).toCompletionStage().toCompletableFuture().get();
            Set<String> runningNames = ConcurrentHashMap.newKeySet();
            PrefixCounts running = new PrefixCounts();
            List<String> roundNamespaces = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                roundNamespaces.add("round-" + round);
            }
            prepareWorkspaces(root, tenants, 0, workspaces, roundNamespaces, runningNames, running);
            long heapBefore = heapAfterGc();
            Syncer.Options options = new Syncer.Options(Set.of(), Shard.ALL, Duration.ofSeconds(30), threads);
            Syncer syncer = new Syncer(operator, hostConfig, arg(args, "dns", 1) == 1 ? options : options.withTenantDns(null));
            long startSyncer = System.nanoTime();
            syncer.start();
            // Measures the steady state: until the syncer has started every workspace's informers (its queue stays
            // empty for a second), the first latency samples would wait behind 50 workspace start-ups.
            awaitSettled(syncer);
            double startupSeconds = (System.nanoTime() - startSyncer) / 1e9;

            for (int i = 0; i < warmup; i++) {
                String name = "warm-" + i;
                create(tenants, workspaces > 1 ? 1 : 0, "default", name);
                while (!seenOnHost.containsKey(name)) {
                    Thread.sleep(0, 200_000);
                }
            }

            LatencyRecorder toHost = new LatencyRecorder();
            for (int i = 0; i < latency; i++) {
                String name = "lat-" + i;
                long t = System.nanoTime();
                create(tenants, 0, "default", name);
                while (!seenOnHost.containsKey(name)) {
                    Thread.sleep(0, 200_000);
                }
                toHost.record(seenOnHost.get(name) - t);
            }

            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<String> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                burst(round, rounds, pods, 0, workspaces, tenants, clients, onHost, running, kubicle, hostStandIn, rows,
                        new NativeTlsClient[] {tenantRoot, host});
            }
            if (arg(args, "fresh", 1) == 1) {
                // What a provisioning system does to a server that has been up a while: new workspaces, then their first
                // pods at once (each workspace first gets its DNS server on the host).
                int round = rounds + 1;
                prepareWorkspaces(root, tenants, workspaces, workspaces, List.of("round-" + round), runningNames, running);
                awaitSettled(syncer);
                burst(round, rounds, pods, workspaces, workspaces, tenants, clients, onHost, running, kubicle, hostStandIn, rows,
                        new NativeTlsClient[] {tenantRoot, host});
            }
            long heapAfter = heapAfterGc();

            System.out.printf(Locale.ROOT, "| Host stand-in's JIT | %s | |%n", hostC2 ? "C1 and C2 (hostC2=1)" : "C1 only");
            System.out.printf(Locale.ROOT, "| Syncer start until its queue is empty for 1 s (%d workspaces) | %.2f s | |%n",
                    workspaces, startupSeconds);
            System.out.printf(Locale.ROOT, "| Tenant pod create → host pod seen, 1 client, %d runs after %d unrecorded | p50 %.1f ms, p99 %.1f ms | p99 < 200 ms |%n",
                    latency, warmup, toHost.percentileMillis(50), toHost.percentileMillis(99));
            rows.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "| Heap of this JVM after full GC (syncer + bench clients), before → after | %.1f → %.1f MiB | |%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0);
            syncer.close();
            clients.shutdownNow();
            tenants.close();
            tenantRoot.close();
            host.close();
            root.close();
        } finally {
            deleteTree(dir); // both servers' Postgres: half a gigabyte or more a run
        }
        System.exit(0);
    }

    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Creates workspaces {@code sb-<from>} on, each with these namespaces, and watches their pods for Running. */
    private static void prepareWorkspaces(KubernetesClient root, NativeTlsClient tenants, int from, int count, List<String> namespaces,
                                          Set<String> runningNames, PrefixCounts running) throws Exception {
        for (int i = from; i < from + count; i++) {
            root.resource(Serialization.unmarshal("{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                    + "\"metadata\":{\"name\":\"sb-" + i + "\"},\"spec\":{}}", GenericKubernetesResource.class)).create();
        }
        for (int i = from; i < from + count; i++) {
            for (String namespace : namespaces) {
                NativeTlsClient.Response r = tenants.send(HttpMethod.POST, "/sb-" + i + "/api/v1/namespaces",
                        ("{\"metadata\":{\"name\":\"" + namespace + "\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("namespace " + namespace + ": " + r.statusCode());
                }
            }
            tenants.watch("/sb-" + i + "/api/v1/pods?watch=1", event -> {
                JsonNode pod = event.path("object");
                if (pod.path("status").path("phase").asText().equals("Running")) {
                    String name = pod.path("metadata").path("name").asText();
                    if (runningNames.add(name)) {
                        STAGES.computeIfAbsent(name, k -> new long[2])[1] = System.nanoTime();
                        running.add(name);
                    }
                }
            }).toCompletionStage().toCompletableFuture().get();
        }
    }

    /**
     * One burst: {@code pods} pods in namespace {@code round-<n>} of every workspace, created by 16 clients, until every
     * tenant pod shows Running. Each round has its own namespaces, so every round has the same shape.
     */
    private static void burst(int round, int rounds, int pods, int firstWorkspace, int workspaces, NativeTlsClient tenants, ExecutorService clients,
                              PrefixCounts onHost, PrefixCounts running, KubicleProcess kubicle, KubicleProcess hostStandIn,
                              List<String> rows, NativeTlsClient[] servers) throws Exception {
        String prefix = "r" + round + "-";
        settle(kubicle, hostStandIn);
        List<Map<String, Double>> requestsBefore = List.of(requestCounts(servers[0]), requestCounts(servers[1]));
        double[] cpuBefore = cpuSeconds(kubicle, hostStandIn);
        List<Map<String, Long>> jitBefore = jitSnapshots(kubicle, hostStandIn);
        Map<String, Long> threadsBefore = threadCpuByGroup();
        long start = System.nanoTime();
        List<Future<?>> creates = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < pods; i++) {
            int workspace = firstWorkspace + i % workspaces;
            String name = prefix + i;
            creates.add(clients.submit(() -> {
                create(tenants, workspace, "round-" + round, name);
                answered.incrementAndGet();
                return null;
            }));
        }
        // Where a slow burst loses its time: created / on the host / Running, every half second, on stderr.
        StringBuilder progress = new StringBuilder();
        long nextSample = start;
        long created = 0;
        long allOnHost = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (running.count(prefix) < pods && System.nanoTime() < deadline) {
            Thread.sleep(1);
            long now = System.nanoTime();
            if (created == 0 && answered.get() == pods) {
                created = now;
            }
            if (allOnHost == 0 && onHost.count(prefix) == pods) {
                allOnHost = now;
            }
            if (now >= nextSample) {
                progress.append(String.format(Locale.ROOT, " %.1fs %d/%d/%d", (now - start) / 1e9, answered.get(),
                        onHost.count(prefix), running.count(prefix)));
                nextSample += 500_000_000L;
            }
        }
        for (Future<?> f : creates) {
            f.get();
        }
        long done = System.nanoTime();
        if (created == 0) {
            created = done;
        }
        System.err.printf(Locale.ROOT, "burst %d progress (created/on host/Running):%s%n", round, progress);
        // wall-clock window, to cut profiles (JFR) to the burst
        System.err.printf(Locale.ROOT, "burst %d: %s until %s%n", round, java.time.LocalTime.now().minusNanos(done - start),
                java.time.LocalTime.now());
        double[] cpuAfter = cpuSeconds(kubicle, hostStandIn);
        List<Map<String, Long>> jitAfter = jitSnapshots(kubicle, hostStandIn);
        Map<String, Long> threadsAfter = threadCpuByGroup();
        if (running.count(prefix) < pods) {
            throw new IllegalStateException("only " + running.count(prefix) + " of " + pods + " pods Running after 5 minutes");
        }
        if (allOnHost == 0) {
            allOnHost = done;
        }
        String burst = round > rounds
                ? String.format(Locale.ROOT, "Burst into %d workspaces made just before (each gets its DNS server), after %d bursts: %d pods (16 clients)",
                        workspaces, rounds, pods)
                : String.format(Locale.ROOT, "Burst %d of %d: %d pods across %d workspaces (16 clients)", round, rounds, pods, workspaces);
        rows.add(String.format(Locale.ROOT, "| %s: creates done · every host pod exists · every tenant pod Running "
                        + "(synced down, kubelet stand-in, status up; seen by watches) | %.2f s · %.2f s · **%.2f s** | < 10 s |",
                burst, (created - start) / 1e9, (allOnHost - start) / 1e9, (done - start) / 1e9));
        rows.add(stages(prefix));
        double load = (loadClients(threadsAfter) - loadClients(threadsBefore)) / 1e9;
        rows.add(String.format(Locale.ROOT, "| … CPU: tenant server JVM, its Postgres, host stand-in JVM, its Postgres, syncer, load clients "
                        + "| %.1f, %.1f, %.1f, %.1f, %.1f, %.1f s | |",
                cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1], cpuAfter[2] - cpuBefore[2], cpuAfter[3] - cpuBefore[3],
                cpuAfter[4] - cpuBefore[4] - load, load));
        rows.add(String.format(Locale.ROOT, "| … of that, JIT compiler threads: tenant server JVM, host stand-in JVM, this JVM | %.1f, %.1f, %.1f s | |",
                JitCpu.secondsBetween(jitBefore.get(0), jitAfter.get(0)), JitCpu.secondsBetween(jitBefore.get(1), jitAfter.get(1)),
                JitCpu.secondsBetween(jitBefore.get(2), jitAfter.get(2))));
        StringBuilder groups = new StringBuilder();
        long threadSum = 0;
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(threadsAfter).entrySet()) {
            long spent = e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L);
            threadSum += spent;
            if (spent >= 50_000_000L) {
                groups.append(String.format(Locale.ROOT, "%s %.1f, ", e.getKey(), spent / 1e9));
            }
        }
        groups.append(String.format(Locale.ROOT, "the rest (GC, JIT, threads that ended) %.1f", cpuAfter[4] - cpuBefore[4] - threadSum / 1e9));
        rows.add(String.format(Locale.ROOT, "| … this JVM's CPU by thread | %s s | |", groups));
        String[] names = {"tenant server", "host stand-in"};
        for (int s = 0; s < 2; s++) {
            Map<String, Double> before = requestsBefore.get(s);
            StringBuilder counts = new StringBuilder();
            new java.util.TreeMap<>(requestCounts(servers[s])).forEach((series, n) -> {
                long delta = Math.round(n - before.getOrDefault(series, 0.0));
                if (delta > 0) {
                    counts.append(counts.isEmpty() ? "" : ", ").append(series).append(' ').append(delta);
                }
            });
            rows.add(String.format(Locale.ROOT, "| … requests served by the %s (verb resource code) | %s | |", names[s], counts));
        }
    }

    /** The server's request counters summed over workspaces, by verb, resource and code: read once before and after. */
    private static Map<String, Double> requestCounts(NativeTlsClient server) throws Exception {
        String text = new String(server.send(HttpMethod.GET, "/metrics", null).body(), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Double> counts = new java.util.HashMap<>();
        java.util.regex.Pattern tag = java.util.regex.Pattern.compile("(\\w+)=\"([^\"]*)\"");
        for (String line : text.split("\n")) {
            if (line.startsWith("kubicle_apiserver_requests_total{")) {
                Map<String, String> tags = new java.util.HashMap<>();
                java.util.regex.Matcher m = tag.matcher(line.substring(0, line.lastIndexOf('}')));
                while (m.find()) {
                    tags.put(m.group(1), m.group(2));
                }
                counts.merge(tags.get("verb") + " " + tags.get("resource") + " " + tags.get("code"),
                        Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return counts;
    }

    /** Per pod: the kubelet stand-in's status write answered, tenant pod seen Running (nanoTime). */
    private static final Map<String, long[]> STAGES = new ConcurrentHashMap<>();

    /** The burst's status-up latency as a table row: the pods' host status written → their tenant pod seen Running. */
    private static String stages(String prefix) {
        List<Long> up = new ArrayList<>();
        STAGES.forEach((name, t) -> {
            if (name.startsWith(prefix) && t[0] > 0 && t[1] > 0) {
                up.add(Math.max(0, t[1] - t[0])); // the tenant's watch may see Running before the host's answer arrives
            }
        });
        java.util.Collections.sort(up);
        return String.format(Locale.ROOT, "| … status up: host pod Running (the kubelet stand-in's write answered) → tenant pod seen Running, "
                + "p10 / p50 / p90 / max | %s ms | |", up.isEmpty() ? "-" : pct(up));
    }

    private static String pct(List<Long> sorted) {
        return String.format(Locale.ROOT, "%d / %d / %d / %d", sorted.get(sorted.size() / 10) / 1_000_000, sorted.get(sorted.size() / 2) / 1_000_000,
                sorted.get(sorted.size() * 9 / 10) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000);
    }

    /**
     * Distinct pod names seen, counted by the prefix up to their first dash ("r2-"): the burst loop asks every
     * millisecond, and counting the names each time took half a core of the machine under test.
     */
    private static final class PrefixCounts {
        private final Map<String, java.util.concurrent.atomic.AtomicInteger> counts = new ConcurrentHashMap<>();

        /** Adds a name not added before. */
        void add(String name) {
            counts.computeIfAbsent(name.substring(0, name.indexOf('-') + 1), p -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
        }

        int count(String prefix) {
            java.util.concurrent.atomic.AtomicInteger n = counts.get(prefix);
            return n == null ? 0 : n.get();
        }
    }

    private static final byte[] RUNNING = "{\"status\":{\"phase\":\"Running\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static void create(NativeTlsClient tenants, int workspace, String namespace, String name) throws Exception {
        NativeTlsClient.Response r = tenants.send(HttpMethod.POST, "/sb-" + workspace + "/api/v1/namespaces/" + namespace + "/pods",
                Serialization.asJson(pod(name)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create " + name + " answered " + r.statusCode() + ": " + new String(r.body()));
        }
    }

    /** CPU seconds so far: tenant JVM, tenant Postgres, host JVM, host Postgres, this JVM. */
    private static double[] cpuSeconds(KubicleProcess tenant, KubicleProcess host) {
        java.time.Duration[] t = tenant.cpu();
        java.time.Duration[] h = host.cpu();
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new double[] {t[0].toNanos() / 1e9, t[1].toNanos() / 1e9, h[0].toNanos() / 1e9, h[1].toNanos() / 1e9, own / 1e9};
    }

    /** The JIT compiler threads' ticks so far: tenant JVM, host JVM, this JVM. */
    private static List<Map<String, Long>> jitSnapshots(KubicleProcess tenant, KubicleProcess host) {
        return List.of(JitCpu.snapshot(tenant.pid()), JitCpu.snapshot(host.pid()), JitCpu.snapshot(ProcessHandle.current().pid()));
    }

    /** The Vert.x threads of the load clients, the 16 creating threads and main; everything else here is the syncer's. */
    private static long loadClients(Map<String, Long> threadGroups) {
        return threadGroups.entrySet().stream().filter(e -> e.getKey().startsWith("vert.x-") || e.getKey().startsWith("pool-")
                || e.getKey().equals("main")).mapToLong(Map.Entry::getValue).sum();
    }

    /** CPU nanoseconds of this JVM's live threads, by name with its numbers dropped (threads that ended are missing). */
    private static Map<String, Long> threadCpuByGroup() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> groups = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                groups.merge(info.getThreadName().replaceAll("[0-9]+", "N"), Math.max(0, threads.getThreadCpuTime(info.getThreadId())),
                        Long::sum);
            }
        }
        return groups;
    }

    /**
     * Waits (at most 30 s) until both servers and their Postgres spent under a tenth of a core for half a second: a
     * burst measures the answer to that burst, not the tail of the one before (the first into fresh workspaces leaves
     * the host stand-in's controllers running the workspaces' new DNS Deployments for a while).
     */
    private static void settle(KubicleProcess tenant, KubicleProcess host) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        double[] before = cpuSeconds(tenant, host);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            double[] now = cpuSeconds(tenant, host);
            double spent = 0;
            for (int i = 0; i < 4; i++) {
                spent += now[i] - before[i];
            }
            if (spent < 0.05) {
                return;
            }
            before = now;
        }
    }

    private static void awaitSettled(Syncer syncer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int idleChecks = 0;
        while (idleChecks < 10 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            idleChecks = syncer.idle() ? idleChecks + 1 : 0;
        }
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
