package io.kubicle.e2e.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Workspace provisioning benchmark (issue 4): how fast a CI job gets a usable cluster, how many
 * workspaces per second the server creates, and what an idle workspace costs in server heap and in
 * Postgres. Talks HTTP to the root workspace with the operator kubeconfig, as a provisioning system would.
 *
 * <p>Phases: (1) {@code --latency N} workspaces one after another, each timed from the create request
 * to the first successful {@code GET /api/v1/namespaces} with the workspace's own fresh kubeconfig (what
 * {@code kubectl get ns} does, minus kubectl's process start and discovery; the client's TLS is BoringSSL, standing in
 * for kubectl's native Go TLS, or the JDK's with {@code --client-tls jdk}); (2) {@code --clients C} concurrent creators
 * until {@code --total} workspaces exist, for throughput; (3) heap (after a full GC, via jcmd) and
 * Postgres size before and after, divided by the number of workspaces created.
 */
public final class WorkspaceBenchmark {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final String WORKSPACES = "/apis/tenancy.kubicle.io/v1alpha1/workspaces";

    private final KubeconfigClient root;
    private final HttpClient http;
    private final String prefix = "bench-" + Long.toString(System.nanoTime() % 1_000_000, 36) + "-";

    /** The tenant's first request over BoringSSL, as kubectl's native TLS; null: over the JDK's TLS ({@code --client-tls jdk}). */
    private final NativeTlsFirstGet nativeTls;

    private WorkspaceBenchmark(KubeconfigClient root, boolean jdkTls) {
        this.root = root;
        this.http = root.newHttpClient();
        this.nativeTls = jdkTls || !NativeTlsFirstGet.available() ? null : new NativeTlsFirstGet();
    }

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(option(args, "kubeconfig", "data/admin.kubeconfig"));
        int latency = Integer.parseInt(option(args, "latency", "200"));
        int total = Integer.parseInt(option(args, "total", "10000"));
        int clients = Integer.parseInt(option(args, "clients", "16"));
        String serverPid = option(args, "server-pid", "");
        String dataDir = option(args, "data-dir", "");
        WorkspaceBenchmark bench = new WorkspaceBenchmark(KubeconfigClient.load(kubeconfig, null),
                "jdk".equals(option(args, "client-tls", "native")));

        long heapBefore = heapUsed(serverPid);
        long pgBefore = postgresBytes(dataDir);
        LatencyRecorder createOnly = new LatencyRecorder();
        LatencyRecorder toFirstGet = new LatencyRecorder();
        LatencyRecorder kubeconfigs = new LatencyRecorder();
        LatencyRecorder firstGets = new LatencyRecorder();
        for (int i = 0; i < latency; i++) {
            bench.createAndUse(bench.prefix + "l" + i, createOnly, kubeconfigs, firstGets, toFirstGet);
        }
        int blueprintObjects = Integer.parseInt(option(args, "blueprint-objects", "500"));
        int clones = Integer.parseInt(option(args, "clones", "50"));
        LatencyRecorder cloneTimes = new LatencyRecorder();
        if (clones > 0) {
            String base = bench.prefix + "base";
            bench.create(base);
            bench.fill(base, blueprintObjects);
            for (int i = 0; i < clones; i++) {
                long t = System.nanoTime();
                bench.create(bench.prefix + "c" + i, base);
                cloneTimes.record(System.nanoTime() - t);
            }
        }
        int remaining = Math.max(0, total - latency - clones - (clones > 0 ? 1 : 0));
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Void>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < remaining; i = next.getAndIncrement()) {
                    bench.create(bench.prefix + "t" + i);
                }
                return null;
            }));
        }
        for (Future<Void> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long heapBusy = heapUsed(serverPid);
        int idleSeconds = Integer.parseInt(option(args, "idle-seconds", "90"));
        if (!serverPid.isEmpty()) {
            Thread.sleep(idleSeconds * 1000L); // per-workspace caches of recently used workspaces are evicted when idle
        }
        long heapAfter = heapUsed(serverPid);
        long pgAfter = postgresBytes(dataDir);
        int created = latency + remaining + clones + (clones > 0 ? 1 : 0);

        StringBuilder out = new StringBuilder();
        out.append("| Measure | Result |\n| --- | --- |\n");
        out.append(String.format(Locale.ROOT, "| Workspace create (POST), 1 client, %d runs | p50 %.1f ms, p99 %.1f ms |%n",
                latency, createOnly.percentileMillis(50), createOnly.percentileMillis(99)));
        out.append(String.format(Locale.ROOT, "| Create → first successful `GET /api/v1/namespaces` with the new kubeconfig | p50 %.1f ms, p99 %.1f ms |%n",
                toFirstGet.percentileMillis(50), toFirstGet.percentileMillis(99)));
        out.append(String.format(Locale.ROOT, "| … of which `GET workspaces/<name>/kubeconfig` (issues a client certificate) | p50 %.1f ms, p99 %.1f ms |%n",
                kubeconfigs.percentileMillis(50), kubeconfigs.percentileMillis(99)));
        out.append(String.format(Locale.ROOT, "| … of which client TLS setup, handshake and the first `GET /api/v1/namespaces` (client TLS: %s) | p50 %.1f ms, p99 %.1f ms |%n",
                bench.nativeTls != null ? "BoringSSL" : "the JDK's", firstGets.percentileMillis(50), firstGets.percentileMillis(99)));
        if (clones > 0) {
            out.append(String.format(Locale.ROOT, "| Blueprint clone of %d objects (create with spec.blueprint), %d runs | p50 %.1f ms, p99 %.1f ms |%n",
                    blueprintObjects, clones, cloneTimes.percentileMillis(50), cloneTimes.percentileMillis(99)));
        }
        if (remaining > 0) {
            out.append(String.format(Locale.ROOT, "| Sustained creates, %d clients, %d workspaces | %.0f workspaces/s |%n",
                    clients, remaining, remaining / seconds));
        }
        if (heapBefore > 0 && heapAfter > 0) {
            out.append(String.format(Locale.ROOT, "| Server heap after full GC, per workspace, right after the creates (%d created) | %.1f KiB (%.1f → %.1f MiB) |%n",
                    created, (heapBusy - heapBefore) / 1024.0 / created, heapBefore / 1048576.0, heapBusy / 1048576.0));
            out.append(String.format(Locale.ROOT, "| Server heap after full GC, per idle workspace (%d s after the last create) | %.1f KiB (%.1f → %.1f MiB) |%n",
                    idleSeconds, (heapAfter - heapBefore) / 1024.0 / created, heapBefore / 1048576.0, heapAfter / 1048576.0));
        }
        if (pgBefore > 0) {
            out.append(String.format(Locale.ROOT, "| Postgres data size per workspace | %.1f KiB (%.1f → %.1f MiB) |%n",
                    (pgAfter - pgBefore) / 1024.0 / created, pgBefore / 1048576.0, pgAfter / 1048576.0));
        }
        System.out.print(out);
        System.exit(0);
    }

    private void create(String name) throws IOException, InterruptedException {
        create(name, null);
    }

    /** Puts {@code count} ConfigMaps (about 300 bytes each) into the default namespace of workspace {@code name}. */
    private void fill(String name, int count) throws IOException, InterruptedException {
        String base = root.server().replaceAll("/clusters/[^/]+$", "") + "/clusters/" + name;
        for (int i = 0; i < count; i++) {
            String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-" + i
                    + "\",\"labels\":{\"app\":\"bench\"}},\"data\":{\"config\":\"" + "x".repeat(200) + "\"}}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/namespaces/default/configmaps"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(cm)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("fill " + name + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
    }

    private void create(String name, String blueprint) throws IOException, InterruptedException {
        String body = "{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\",\"metadata\":{\"name\":\"" + name + "\"}"
                + (blueprint == null ? "" : ",\"spec\":{\"blueprint\":\"" + blueprint + "\"}") + "}";
        HttpResponse<String> r = http.send(root.request(WORKSPACES, Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create " + name + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private void createAndUse(String name, LatencyRecorder createOnly, LatencyRecorder kubeconfigs, LatencyRecorder firstGets,
                              LatencyRecorder toFirstGet) throws Exception {
        long t0 = System.nanoTime();
        create(name);
        long t1 = System.nanoTime();
        createOnly.record(t1 - t0);
        HttpResponse<String> kc = http.send(root.request(WORKSPACES + "/" + name + "/kubeconfig", Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        long t2 = System.nanoTime();
        kubeconfigs.record(t2 - t1);
        int status;
        String body;
        if (nativeTls != null) {
            NativeTlsFirstGet.Response ns = nativeTls.get(kc.body(), "/api/v1/namespaces");
            status = ns.statusCode();
            body = ns.body();
        } else {
            Path file = Files.createTempFile("ws", ".kubeconfig");
            try {
                Files.writeString(file, kc.body(), StandardCharsets.UTF_8);
                KubeconfigClient tenant = KubeconfigClient.load(file, null);
                HttpResponse<String> ns = tenant.newHttpClient().send(tenant.request("/api/v1/namespaces", Duration.ofSeconds(30))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                status = ns.statusCode();
                body = ns.body();
            } finally {
                Files.deleteIfExists(file);
            }
        }
        if (status != 200 || !body.contains("kube-system")) {
            throw new IllegalStateException("first get ns in " + name + ": HTTP " + status + " " + body);
        }
        long t3 = System.nanoTime();
        firstGets.record(t3 - t2);
        toFirstGet.record(t3 - t0);
    }

    /** Heap in use in the server JVM after a full GC, or 0 without a pid. */
    private static long heapUsed(String pid) throws IOException, InterruptedException {
        if (pid.isEmpty()) {
            return 0;
        }
        run("jcmd", pid, "GC.run");
        Matcher m = HEAP_USED.matcher(run("jcmd", pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
    }

    private static long postgresBytes(String dataDir) throws IOException {
        if (dataDir.isEmpty()) {
            return 0;
        }
        Path base = Path.of(dataDir, "postgres");
        if (!Files.isDirectory(base)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("pg_wal")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
