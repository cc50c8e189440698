package io.kubicle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load benchmark for the Kubernetes API of Kubicle, or of any cluster reachable with a kubeconfig (for comparison
 * with a real kube-apiserver). It works in two namespaces it creates and deletes ({@code kubicle-bench} and
 * {@code kubicle-bench-list}) and prints a Markdown table:
 * <ul>
 *   <li>create, get and update (GET then PUT with resourceVersion, each client on its own objects) with N concurrent
 *       clients (default 32, then 1), each an independent loop with one request in flight on its own connection;
 *   <li>a full list of 5,000 ConfigMaps (JSON, and as the Table kubectl asks for) and the same list paged by 500;
 *   <li>watch delivery latency: from the completion of a create to the arrival of its ADDED event;
 *   <li>{@code kubectl get configmaps --chunk-size=0} on the 5,000 objects, wall time, against the server's time for
 *       the same request.
 * </ul>
 * Options are {@code --name value} arguments or {@code -Dbench.name=value} system properties; see {@link #USAGE}.
 * Run it through {@code bin/bench-api}.
 */
public final class ApiLoadBenchmark {
    static final String USAGE = String.join("\n",
            "usage: ApiLoadBenchmark --kubeconfig PATH [options]   (or -Dbench.<option>=value)",
            "  --context NAME        kubeconfig context (default: current-context)",
            "  --clients 32,1        concurrency levels for create/get/update",
            "  --duration 5s         measured time of each create/get/update phase",
            "  --warmup 25s          warm-up (create, get, update) before the first level; 1 s before later levels",
            "  --list-objects 5000   ConfigMaps in the list namespace",
            "  --list-runs 10        runs of each list measurement",
            "  --page-size 500       limit for the paged list",
            "  --watch-writes 300    writes timed through the watch (after 20 unrecorded)",
            "  --kubectl PATH        kubectl binary for the round-trip measurement (skipped without it)",
            "  --kubectl-runs 5      timed kubectl runs (after one that fills the discovery cache)",
            "  --namespace NAME      base namespace (default kubicle-bench; the list uses NAME-list)",
            "  --value-bytes 128     size of the ConfigMap value written",
            "  --label TEXT          a line printed with the results (e.g. where the server runs)",
            "  --server-pid PID,...  the server's processes on this machine (e.g. its JVM and its Postgres postmaster):",
            "                        their CPU, with their children, is reported next to the benchmark's and the rest's",
            "  --client-tls native   create/get/update client: native (BoringSSL, Vert.x HTTP/1.1; needs inline client",
            "                        certificate credentials, else jdk) or jdk (java.net.http, several times the CPU)",
            "  --out FILE            also write the Markdown report to FILE",
            "  --keep                do not delete the namespaces at the end");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What kubectl 1.35 sends for {@code kubectl get} (server-side printing). */
    static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
            + "g=meta.k8s.io,application/json";
    private static final int WATCH_WARMUP_WRITES = 20;

    private final Map<String, String> options;
    private final Path kubeconfig;
    private final String context;
    private final int[] clientLevels;
    private final Duration phase;
    private final Duration warmup;
    private final int listObjects;
    private final int listRuns;
    private final int pageSize;
    private final int watchWrites;
    private final Path kubectl;
    private final int kubectlRuns;
    private final String namespace;
    private final String listNamespace;
    private final String value;

    private final CpuMeter cpu;
    private final KubeconfigClient kube;
    private final HttpClient control;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** ConfigMaps created per namespace, for the cleanup note. */
    private final Map<String, AtomicLong> created = new ConcurrentHashMap<>();
    private String protocol = "?";
    /** The create/get/update client when it is BoringSSL, as cheap per request as a Go client; null: java.net.http. */
    private NativeTlsClient nativeClient;
    private double listJsonP50 = Double.NaN;
    private double listTableP50 = Double.NaN;

    private ApiLoadBenchmark(Map<String, String> options) throws Exception {
        this.options = options;
        String kc = option("kubeconfig", null);
        if (kc == null) {
            throw new IllegalArgumentException("--kubeconfig is required\n" + USAGE);
        }
        kubeconfig = Path.of(kc).toAbsolutePath();
        context = option("context", null);
        clientLevels = Arrays.stream(option("clients", "32,1").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        phase = duration(option("duration", "5s"));
        warmup = duration(option("warmup", "25s"));
        listObjects = Integer.parseInt(option("list-objects", "5000"));
        listRuns = Integer.parseInt(option("list-runs", "10"));
        pageSize = Integer.parseInt(option("page-size", "500"));
        watchWrites = Integer.parseInt(option("watch-writes", "300"));
        String k = option("kubectl", null);
        kubectl = k == null || k.isEmpty() ? null : Path.of(k).toAbsolutePath();
        kubectlRuns = Integer.parseInt(option("kubectl-runs", "5"));
        namespace = option("namespace", "kubicle-bench");
        listNamespace = namespace + "-list";
        value = "v".repeat(Integer.parseInt(option("value-bytes", "128")));
        String pid = option("server-pid", null);
        cpu = new CpuMeter(pid == null || pid.isBlank() ? new long[0]
                : Arrays.stream(pid.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray());
        kube = KubeconfigClient.load(kubeconfig, context);
        control = kube.newHttpClient();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                options.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (name.equals("keep")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException(a + " needs a value\n" + USAGE);
            }
        }
        int exit = 0;
        try {
            new ApiLoadBenchmark(options).run();
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            exit = 1;
        }
        System.out.flush();
        System.exit(exit); // the HttpClients' and the watch's threads need not be waited for
    }

    private String option(String name, String fallback) {
        String v = options.get(name);
        return v != null ? v : System.getProperty("bench." + name, fallback);
    }

    static Duration duration(String s) {
        s = s.trim();
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    // ---------------------------------------------------------------------------------------------------------- run

    private void run() throws Exception {
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        String serverVersion = serverVersion();
        progress("target " + kube.server() + " (" + serverVersion + ", " + protocol + ")");
        recreateNamespace(namespace);
        recreateNamespace(listNamespace);
        nativeClient = nativeClient();
        try {
            boolean first = true;
            for (int clients : clientLevels) {
                crud(clients, first ? warmup : Duration.ofSeconds(1));
                first = false;
            }
            lists();
            watch();
            kubectlRoundTrip();
        } finally {
            if (nativeClient != null) {
                nativeClient.close();
            }
            if (!Boolean.parseBoolean(option("keep", "false"))) {
                deleteNamespaces();
            }
        }
        double total = (System.nanoTime() - t0) / 1e9;
        String report = report(started, serverVersion, total);
        System.out.println(report);
        String out = option("out", null);
        if (out != null) {
            Files.writeString(Path.of(out), report + "\n");
        }
    }

    // ----------------------------------------------------------------------------------------- create, get, update

    private void crud(int clients, Duration warm) throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(new Worker(i, kube.newHttpClient()));
        }
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        progress(clients + " client(s): warm-up " + warm.toMillis() + " ms");
        runTimed(workers, warm, (w, i) -> {
            String name = "warm" + clients + "-" + w.id + "-" + i;
            create(w, base, name);
            get(w, base + "/" + name);
            update(w, base + "/" + name);
        });
        workers.forEach(w -> w.names.clear());

        progress(clients + " client(s): create " + phase.toMillis() + " ms");
        Phase create = runTimed(workers, phase, (w, i) -> create(w, base, "c" + clients + "-" + w.id + "-" + i));
        rows.add(Row.latency("create", clients, create, create.latency(), clients == 32 ? "p99 < 25 ms" : "",
                clients == 32 ? create.latency().percentileMillis(99) < 25 : null, create.errorNote()));

        progress(clients + " client(s): get " + phase.toMillis() + " ms");
        Phase get = runTimed(workers, phase, (w, i) -> get(w, base + "/" + w.names.get((int) (i % w.names.size()))));
        rows.add(Row.latency("get", clients, get, get.latency(), clients == 32 ? "p99 < 25 ms" : "",
                clients == 32 ? get.latency().percentileMillis(99) < 25 : null, get.errorNote()));

        progress(clients + " client(s): update " + phase.toMillis() + " ms");
        Phase update = runTimed(workers, phase, (w, i) -> update(w, base + "/" + w.names.get((int) (i % w.names.size()))));
        String conflicts = update.conflicts + " conflicts";
        rows.add(Row.latency("update (GET + PUT)", clients, update, update.latency(), "", null,
                join(conflicts, update.errorNote())));
        rows.add(Row.latency("update: the PUT alone", clients, update, update.secondary(), "", null, ""));
        if (update.conflicts > 0) {
            notes.add("update at " + clients + " client(s): " + update.conflicts + " conflicts (409) although every client "
                    + "updates only its own objects right after reading them.");
        }
    }

    /** The benchmark client's choice (--client-tls): BoringSSL where the kubeconfig allows it. */
    private NativeTlsClient nativeClient() {
        if (!option("client-tls", "native").equals("native") || !NativeTlsClient.available()) {
            return null;
        }
        try {
            return new NativeTlsClient(kubeconfig, Arrays.stream(clientLevels).max().orElse(1));
        } catch (IOException | java.security.GeneralSecurityException e) {
            notes.add("create/get/update used java.net.http: " + e.getMessage());
            return null;
        }
    }

    private record Answer(int statusCode, byte[] body) {
    }

    private Answer send(Worker w, String method, String path, byte[] json) throws Exception {
        if (nativeClient != null) {
            NativeTlsClient.Response r = nativeClient.send(io.vertx.core.http.HttpMethod.valueOf(method), path, json);
            return new Answer(r.statusCode(), r.body());
        }
        HttpRequest.Builder b = kube.request(path, TIMEOUT);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            b.GET();
        }
        HttpResponse<byte[]> r = w.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), r.body());
    }

    private void create(Worker w, String base, String name) throws Exception {
        byte[] body = configMap(name);
        long t = System.nanoTime();
        Answer r = send(w, "POST", base, body);
        long dt = System.nanoTime() - t;
        if (r.statusCode() == 201 || r.statusCode() == 200) {
            w.ok(dt);
            w.names.add(name);
            created.computeIfAbsent(base.split("/")[4], k -> new AtomicLong()).incrementAndGet();
        } else {
            w.failed("POST " + base, r.statusCode(), r.body());
        }
    }

    private void get(Worker w, String path) throws Exception {
        long t = System.nanoTime();
        Answer r = send(w, "GET", path, null);
        long dt = System.nanoTime() - t;
        if (r.statusCode() == 200) {
            w.ok(dt);
        } else {
            w.failed("GET " + path, r.statusCode(), r.body());
        }
    }

    private void update(Worker w, String path) throws Exception {
        long t = System.nanoTime();
        Answer r = send(w, "GET", path, null);
        if (r.statusCode() != 200) {
            w.failed("GET " + path, r.statusCode(), r.body());
            return;
        }
        ObjectNode cm = (ObjectNode) JSON.readTree(r.body());
        cm.withObject("data").put("counter", Long.toString(w.counter++));
        byte[] body = JSON.writeValueAsBytes(cm);
        long tPut = System.nanoTime();
        Answer p = send(w, "PUT", path, body);
        long end = System.nanoTime();
        if (p.statusCode() == 200) {
            w.ok(end - t);
            w.secondary.record(end - tPut);
        } else if (p.statusCode() == 409) {
            w.conflicts++;
            w.ok(end - t);
            w.secondary.record(end - tPut);
        } else {
            w.failed("PUT " + path, p.statusCode(), p.body());
        }
    }

    private byte[] configMap(String name) {
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"kubicle-bench\"}},\"data\":{\"value\":\"" + value + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    // -------------------------------------------------------------------------------------------------------- lists

    private void lists() throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            workers.add(new Worker(i, kube.newHttpClient()));
        }
        String base = "/api/v1/namespaces/" + listNamespace + "/configmaps";
        progress("creating " + listObjects + " ConfigMaps in " + listNamespace + " (32 clients)");
        Phase fill = runCount(workers, listObjects, (w, i) -> create(w, base, String.format(Locale.ROOT, "list-%05d", i)));
        if (fill.errors > 0) {
            throw new IllegalStateException("could not create the list namespace's objects: " + fill.errorNote());
        }
        notes.add(String.format(Locale.ROOT, "Filling the list namespace: %,d creates by 32 clients in %.1f s (%,.0f/s).",
                listObjects, fill.elapsedSeconds, listObjects / fill.elapsedSeconds));

        progress("full list x" + listRuns + " (JSON), then as Table, then paged by " + pageSize);
        HttpRequest json = kube.request(base, TIMEOUT).header("Accept", "application/json").GET().build();
        HttpRequest table = kube.request(base, TIMEOUT).header("Accept", TABLE_ACCEPT).GET().build();
        ListRun jsonRun = timeList(json, "items", false);
        listJsonP50 = jsonRun.latency.percentileMillis(50);
        rows.add(Row.list("list " + fmtInt(listObjects) + " (JSON, no limit)", jsonRun, "< 1 s", listJsonP50 < 1000,
                String.format(Locale.ROOT, "%d runs, %s, %d items", listRuns, mb(jsonRun.bytes), jsonRun.items)));
        ListRun tableRun = timeList(table, "rows", false);
        listTableP50 = tableRun.latency.percentileMillis(50);
        rows.add(Row.list("list " + fmtInt(listObjects) + " (Table, as kubectl asks)", tableRun, "", null,
                String.format(Locale.ROOT, "%d runs, %s, %d rows", listRuns, mb(tableRun.bytes), tableRun.items)));
        ListRun paged = timeList(null, "items", true);
        rows.add(Row.list("list " + fmtInt(listObjects) + " (JSON, limit=" + pageSize + ", all pages)", paged, "", null,
                String.format(Locale.ROOT, "%d runs, %d requests per run, %d items", listRuns, paged.pages, paged.items)));
        for (ListRun r : List.of(jsonRun, tableRun, paged)) {
            if (r.items < listObjects) {
                notes.add("WRONG ANSWER: a list returned " + r.items + " entries, expected at least " + listObjects + ".");
            }
        }
    }

    private static final class ListRun {
        LatencyRecorder latency = new LatencyRecorder();
        long bytes;
        String cpu = "";
        int items = Integer.MAX_VALUE;
        int pages;
    }

    /** Two unrecorded runs, then {@link #listRuns} timed ones; entries are counted outside the timed part. */
    private ListRun timeList(HttpRequest request, String field, boolean paged) throws Exception {
        ListRun run = new ListRun();
        CpuMeter.Sample before = null;
        for (int i = -2; i < listRuns; i++) {
            if (i == 0) {
                before = cpu.sample();
            }
            long bytes = 0;
            int items = 0;
            int pages = 0;
            long t = System.nanoTime();
            long elapsed;
            if (paged) {
                String cont = "";
                do {
                    String path = "/api/v1/namespaces/" + listNamespace + "/configmaps?limit=" + pageSize
                            + (cont.isEmpty() ? "" : "&continue=" + java.net.URLEncoder.encode(cont, StandardCharsets.UTF_8));
                    HttpResponse<byte[]> r = send(kube.request(path, TIMEOUT).header("Accept", "application/json").GET().build());
                    // the continue token is needed before the next page, so this parse is part of a paged list
                    JsonNode page = JSON.readTree(r.body());
                    items += page.path(field).size();
                    bytes += r.body().length;
                    cont = page.path("metadata").path("continue").asText("");
                    pages++;
                    if (pages > listObjects / Math.max(pageSize, 1) + 5) {
                        throw new IllegalStateException("paged list did not end after " + pages + " pages");
                    }
                } while (!cont.isEmpty());
                elapsed = System.nanoTime() - t;
            } else {
                HttpResponse<byte[]> r = send(request);
                elapsed = System.nanoTime() - t;
                bytes = r.body().length;
                items = JSON.readTree(r.body()).path(field).size();
                pages = 1;
            }
            if (i >= 0) {
                run.latency.record(elapsed);
                run.bytes = bytes;
                run.items = Math.min(run.items, items);
                run.pages = pages;
            }
        }
        run.cpu = before == null ? "" : cpu.since(before);
        return run;
    }

    // -------------------------------------------------------------------------------------------------------- watch

    private void watch() throws Exception {
        String base = "/api/v1/namespaces/" + namespace + "/configmaps";
        JsonNode list = JSON.readTree(send(kube.request(base + "?limit=1", TIMEOUT).GET().build()).body());
        String rv = list.path("metadata").path("resourceVersion").asText();
        progress("watch from resourceVersion " + rv + ": " + watchWrites + " creates");
        HttpClient watchClient = kube.newHttpClient();
        HttpResponse<InputStream> stream = watchClient.send(kube.request(base + "?watch=1&resourceVersion=" + rv
                + "&timeoutSeconds=600", Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("watch answered " + stream.statusCode() + ": "
                    + new String(stream.body().readNBytes(500), StandardCharsets.UTF_8));
        }
        Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
        AtomicLong otherEvents = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(line);
                    String name = event.path("object").path("metadata").path("name").asText();
                    if ("ADDED".equals(event.path("type").asText()) && name.startsWith("watch-")) {
                        arrivals.computeIfAbsent(name, n -> new CompletableFuture<>()).complete(now);
                    } else {
                        otherEvents.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                arrivals.values().forEach(f -> f.completeExceptionally(e));
            }
        }, "bench-watch");
        reader.setDaemon(true);
        reader.start();

        Worker writer = new Worker(0, control);
        LatencyRecorder afterResponse = new LatencyRecorder();
        LatencyRecorder afterRequest = new LatencyRecorder();
        int early = 0;
        int missed = 0;
        CpuMeter.Sample before = cpu.sample();
        for (int i = 0; i < WATCH_WARMUP_WRITES + watchWrites; i++) {
            String name = "watch-" + i;
            long t = System.nanoTime();
            int errorsBefore = writer.errors;
            create(writer, base, name);
            long done = System.nanoTime();
            if (writer.errors != errorsBefore) {
                continue;
            }
            long arrival;
            try {
                arrival = arrivals.computeIfAbsent(name, n -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                missed++;
                continue;
            }
            if (i < WATCH_WARMUP_WRITES) {
                continue;
            }
            if (arrival < done) {
                early++;
            }
            afterResponse.record(Math.max(0, arrival - done));
            afterRequest.record(arrival - t);
        }
        stream.body().close();
        reader.join(2000);
        Phase p = new Phase();
        p.cpu = cpu.since(before);
        p.ok = afterResponse.count();
        p.errors = writer.errors;
        p.firstError = writer.firstError;
        rows.add(Row.latency("watch delivery, after the write's response", 1, p, afterResponse, "", null,
                join(early + " of " + afterResponse.count() + " events came before the response (counted 0)",
                        missed > 0 ? missed + " events never arrived (10 s)" : "", p.errorNote())).noThroughput());
        rows.add(Row.latency("watch delivery, after the write was sent", 1, p, afterRequest, "", null,
                "includes the write itself").noThroughput());
        if (missed > 0) {
            notes.add("WATCH: " + missed + " of " + (WATCH_WARMUP_WRITES + watchWrites) + " creates were not delivered "
                    + "on the watch within 10 s.");
        }
        if (otherEvents.get() > 0) {
            notes.add("Watch: " + otherEvents.get() + " events other than the benchmark's ADDED events arrived.");
        }
    }

    // ---------------------------------------------------------------------------------------------- kubectl get

    private void kubectlRoundTrip() throws Exception {
        if (kubectl == null || !Files.isExecutable(kubectl)) {
            notes.add("kubectl round trip skipped: no kubectl binary" + (kubectl == null ? " given (--kubectl)" : " at " + kubectl) + ".");
            return;
        }
        Path work = Files.createTempDirectory("bench-kubectl");
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", work.resolve("cache").toString()));
        if (context != null) {
            command.addAll(List.of("--context", context));
        }
        command.addAll(List.of("get", "configmaps", "-n", listNamespace, "--chunk-size=0"));
        progress("kubectl get configmaps --chunk-size=0 x" + kubectlRuns + " (after one that fills the discovery cache)");
        LatencyRecorder wall = new LatencyRecorder();
        long lines = 0;
        CpuMeter.Sample before = null;
        for (int i = -1; i < kubectlRuns; i++) {
            if (i == 0) {
                before = cpu.sample();
            }
            Path out = work.resolve("out");
            Path err = work.resolve("err");
            long t = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kubectl hung for 120 s: " + String.join(" ", command));
            }
            long elapsed = System.nanoTime() - t;
            if (p.exitValue() != 0) {
                throw new IllegalStateException("kubectl failed (" + p.exitValue() + "): " + Files.readString(err));
            }
            try (var l = Files.lines(out)) {
                lines = l.count();
            }
            if (i >= 0) {
                wall.record(elapsed);
            }
        }
        String kubectlCpu = before == null ? "" : cpu.since(before);
        double kubectlP50 = wall.percentileMillis(50);
        double share = listTableP50 / kubectlP50;
        Row row = Row.list("kubectl get configmaps --chunk-size=0 (" + fmtInt(listObjects) + ", wall)",
                wallRun(wall), "kubectl dominates", share < 0.5, String.format(Locale.ROOT,
                        "%d runs, %d lines; the server's Table list p50 (%.0f ms) is %.0f%% of it", kubectlRuns, lines,
                        listTableP50, share * 100));
        row.cpu = kubectlCpu;
        rows.add(row);
        if (lines < listObjects + 1) {
            notes.add("WRONG ANSWER: kubectl printed " + lines + " lines for " + listObjects + " ConfigMaps.");
        }
    }

    private static ListRun wallRun(LatencyRecorder wall) {
        ListRun r = new ListRun();
        r.latency = wall;
        return r;
    }

    // --------------------------------------------------------------------------------------------------- plumbing

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = control.send(request, HttpResponse.BodyHandlers.ofByteArray());
        protocol = r.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": "
                    + snippet(r.body()));
        }
        return r;
    }

    private String serverVersion() throws Exception {
        HttpResponse<byte[]> r = send(kube.request("/version", TIMEOUT).GET().build());
        return JSON.readTree(r.body()).path("gitVersion").asText("?");
    }

    private void recreateNamespace(String name) throws Exception {
        String path = "/api/v1/namespaces/" + name;
        HttpResponse<byte[]> r = control.send(kube.request(path, TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
            progress("namespace " + name + " exists (an earlier run?); deleting it first");
            send(kube.request(path, TIMEOUT).DELETE().build());
            if (!awaitGone(path, Duration.ofMinutes(3))) {
                throw new IllegalStateException("namespace " + name + " is still there 3 minutes after its deletion; "
                        + "delete it yourself (kubectl delete namespace " + name + ") and check that it goes");
            }
        } else if (r.statusCode() != 404) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + snippet(r.body()));
        }
        send(kube.request("/api/v1/namespaces", TIMEOUT).header("Content-Type", "application/json").POST(
                HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                        + name + "\",\"labels\":{\"app\":\"kubicle-bench\"}}}")).build());
    }

    private boolean awaitGone(String path, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = control.send(kube.request(path, TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 404) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private void deleteNamespaces() throws InterruptedException {
        Map<String, Long> deleted = new java.util.LinkedHashMap<>();
        for (String ns : List.of(namespace, listNamespace)) {
            try {
                long t = System.nanoTime();
                send(kube.request("/api/v1/namespaces/" + ns, TIMEOUT).DELETE().build());
                notes.add(String.format(Locale.ROOT, "Cleanup: DELETE namespace %s (%,d ConfigMaps created in it) answered "
                        + "in %.0f ms.", ns, created.computeIfAbsent(ns, k -> new AtomicLong()).get(), (System.nanoTime() - t) / 1e6));
                deleted.put(ns, t);
            } catch (Exception e) {
                notes.add("Cleanup: deleting namespace " + ns + " failed: " + e.getMessage());
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!deleted.isEmpty() && System.nanoTime() < deadline) {
            for (java.util.Iterator<Map.Entry<String, Long>> it = deleted.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> e = it.next();
                try {
                    if (control.send(kube.request("/api/v1/namespaces/" + e.getKey(), TIMEOUT).GET().build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                        notes.add(String.format(Locale.ROOT, "Cleanup: namespace %s gone %.1f s after its DELETE.", e.getKey(),
                                (System.nanoTime() - e.getValue()) / 1e9));
                        it.remove();
                    }
                } catch (IOException x) {
                    notes.add("Cleanup: checking namespace " + e.getKey() + " failed: " + x);
                    it.remove();
                }
            }
            Thread.sleep(200);
        }
        for (String ns : deleted.keySet()) {
            notes.add("Cleanup: namespace " + ns + " still Terminating 30 s after its DELETE (not waited for further).");
        }
    }

    interface Step {
        void run(Worker w, long i) throws Exception;
    }

    static final class Worker {
        final int id;
        final HttpClient http;
        final List<String> names = new ArrayList<>();
        LatencyRecorder latency = new LatencyRecorder();
        LatencyRecorder secondary = new LatencyRecorder();
        long seq;
        long counter;
        int ok;
        int errors;
        int conflicts;
        String firstError;
        long lastEnd;

        Worker(int id, HttpClient http) {
            this.id = id;
            this.http = http;
        }

        void reset() {
            latency = new LatencyRecorder();
            secondary = new LatencyRecorder();
            ok = 0;
            errors = 0;
            conflicts = 0;
            firstError = null;
        }

        void ok(long nanos) {
            latency.record(nanos);
            ok++;
        }

        void failed(String what, HttpResponse<byte[]> r) {
            failed(what, r.statusCode(), r.body());
        }

        void failed(String what, int statusCode, byte[] body) {
            errors++;
            if (firstError == null) {
                firstError = what + " -> " + statusCode + " " + snippet(body);
            }
        }

        void failed(Exception e) {
            errors++;
            if (firstError == null) {
                firstError = e.toString();
            }
        }
    }

    static final class Phase {
        int ok;
        int errors;
        int conflicts;
        String firstError;
        String cpu = "";
        double elapsedSeconds;
        private final List<LatencyRecorder> latencies = new ArrayList<>();
        private final List<LatencyRecorder> secondaries = new ArrayList<>();
        private LatencyRecorder latency;
        private LatencyRecorder secondary;

        LatencyRecorder latency() {
            if (latency == null) {
                latency = LatencyRecorder.merge(latencies);
            }
            return latency;
        }

        LatencyRecorder secondary() {
            if (secondary == null) {
                secondary = LatencyRecorder.merge(secondaries);
            }
            return secondary;
        }

        double throughput() {
            return ok / elapsedSeconds;
        }

        String errorNote() {
            return errors == 0 ? "" : "**" + errors + " errors**, first: " + firstError;
        }
    }

    /** Every worker loops with one request in flight until the phase's time is up. */
    private Phase runTimed(List<Worker> workers, Duration d, Step step) throws Exception {
        return runPhase(workers, d.toNanos(), -1, step);
    }

    /** The workers share {@code total} operations, numbered 0..total-1. */
    private Phase runCount(List<Worker> workers, long total, Step step) throws Exception {
        return runPhase(workers, Long.MAX_VALUE, total, step);
    }

    private Phase runPhase(List<Worker> workers, long durationNanos, long total, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        AtomicLong next = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(workers.size());
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        List<Future<?>> done = new ArrayList<>();
        for (Worker w : workers) {
            w.reset();
            done.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                long deadline = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start[0] + durationNanos;
                while (System.nanoTime() < deadline) {
                    long i;
                    if (total >= 0) {
                        i = next.getAndIncrement();
                        if (i >= total) {
                            break;
                        }
                    } else {
                        i = w.seq++;
                    }
                    try {
                        step.run(w, i);
                    } catch (IOException e) {
                        w.failed(e);
                    }
                }
                w.lastEnd = System.nanoTime();
                return null;
            }));
        }
        ready.await();
        CpuMeter.Sample before = cpu.sample();
        start[0] = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        Phase p = new Phase();
        p.cpu = cpu.since(before);
        long end = start[0];
        for (Worker w : workers) {
            p.ok += w.ok;
            p.errors += w.errors;
            p.conflicts += w.conflicts;
            if (p.firstError == null) {
                p.firstError = w.firstError;
            }
            p.latencies.add(w.latency);
            p.secondaries.add(w.secondary);
            end = Math.max(end, w.lastEnd);
        }
        p.elapsedSeconds = (end - start[0]) / 1e9;
        return p;
    }

    /**
     * CPU use during a measurement, in % of one core (so up to cores x 100 %), from /proc: the server's process tree
     * (when its pid is known), this benchmark's JVM, and everything else on the machine. Empty where /proc is missing.
     */
    static final class CpuMeter {
        private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ is 100 on Linux
        private final long[] serverPids;
        private final boolean available = Files.isReadable(Path.of("/proc/stat"));

        CpuMeter(long[] serverPids) {
            this.serverPids = serverPids;
        }

        static final class Sample {
            long wall;
            long machineBusy;
            long self;
            long server;
        }

        Sample sample() {
            Sample s = new Sample();
            s.wall = System.nanoTime();
            if (!available) {
                return s;
            }
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                s.machineBusy = (long) (busy * NANOS_PER_TICK);
                s.self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean()).getProcessCpuTime();
                for (long pid : serverPids) {
                    s.server += processTreeNanos(pid);
                }
            } catch (IOException | RuntimeException e) {
                // leave zeros
            }
            return s;
        }

        private static long processTreeNanos(long pid) {
            long ticks = ticks(pid);
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
                ticks += ticks(child.pid());
            }
            return (long) (ticks * NANOS_PER_TICK);
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        String since(Sample before) {
            if (!available) {
                return "";
            }
            Sample now = sample();
            double wall = now.wall - before.wall;
            double self = (now.self - before.self) / wall * 100;
            double machine = (now.machineBusy - before.machineBusy) / wall * 100;
            if (serverPids.length > 0) {
                double server = (now.server - before.server) / wall * 100;
                return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", server, self, Math.max(0, machine - server - self));
            }
            return String.format(Locale.ROOT, "%.0f / %.0f", self, Math.max(0, machine - self));
        }

        String header() {
            return serverPids.length > 0 ? "% server / bench / other" : "% bench / other";
        }

        String explanation() {
            int cores = Runtime.getRuntime().availableProcessors();
            return "% of one core during the timed part (the machine has " + cores * 100 + " %): "
                    + (serverPids.length > 0 ? "the server's processes (JVM and Postgres), this benchmark's JVM, and every other "
                    + "process (e.g. kubectl, or unrelated load)" : "this benchmark's JVM and every other process "
                    + "(including the server if it runs here)") + ", from /proc.";
        }
    }

    // ------------------------------------------------------------------------------------------------------ report

    static final class Row {
        String what;
        String clients;
        double p50;
        double p99;
        String throughput = "";
        String target = "";
        Boolean met;
        String notes = "";
        String cpu = "";

        static Row latency(String what, int clients, Phase p, LatencyRecorder l, String target, Boolean met, String notes) {
            Row r = new Row();
            r.what = what;
            r.clients = Integer.toString(clients);
            r.p50 = l.percentileMillis(50);
            r.p99 = l.percentileMillis(99);
            r.throughput = p.elapsedSeconds > 0 ? String.format(Locale.ROOT, "%,.0f/s", p.throughput()) : "";
            r.target = target;
            r.met = met;
            r.notes = join(l.count() + " samples", notes);
            r.cpu = p.cpu;
            return r;
        }

        static Row list(String what, ListRun run, String target, Boolean met, String notes) {
            Row r = new Row();
            r.what = what;
            r.clients = "1";
            r.p50 = run.latency.percentileMillis(50);
            r.p99 = run.latency.maxMillis();
            r.target = target;
            r.met = met;
            r.notes = notes;
            r.cpu = run.cpu;
            return r;
        }

        Row noThroughput() {
            throughput = "";
            return this;
        }
    }

    private String report(ZonedDateTime started, String serverVersion, double totalSeconds) {
        StringBuilder b = new StringBuilder();
        b.append("| Measurement | Clients | p50 | p99 | Throughput | Target | Met? | CPU ").append(cpu.header())
                .append(" | Notes |\n");
        b.append("|---|---:|---:|---:|---:|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.what).append(" | ").append(r.clients).append(" | ").append(ms(r.p50)).append(" | ")
                    .append(ms(r.p99)).append(" | ").append(r.throughput).append(" | ").append(r.target).append(" | ")
                    .append(r.met == null ? "" : r.met ? "yes" : "**NO**").append(" | ").append(r.cpu).append(" | ")
                    .append(r.notes).append(" |\n");
        }
        StringBuilder head = new StringBuilder();
        head.append("- Date: ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))).append('\n');
        head.append("- Target: ").append(kube.server()).append(" (").append(serverVersion).append(", ").append(protocol)
                .append(", one connection per client; create/get/update over ")
                .append(nativeClient != null ? "BoringSSL and Vert.x's HTTP client" : "java.net.http and the JDK's TLS")
                .append(")\n");
        String label = option("label", null);
        if (label != null) {
            head.append("- ").append(label).append('\n');
        }
        head.append("- Benchmark machine: ").append(machine()).append('\n');
        head.append(String.format(Locale.ROOT, "- Settings: clients %s; each create/get/update phase %s after a %s warm-up "
                        + "(1 s before later levels); ConfigMaps with a %d-byte value; lists over %,d ConfigMaps, %d runs each "
                        + "after 2 unrecorded (p99 column = slowest run); watch over %d creates after %d unrecorded; total %.0f s\n",
                Arrays.toString(clientLevels).replaceAll("[\\[\\] ]", ""), human(phase), human(warmup), value.length(),
                listObjects, listRuns, watchWrites, WATCH_WARMUP_WRITES, totalSeconds));
        head.append("- CPU column: ").append(cpu.explanation()).append('\n');
        StringBuilder tail = new StringBuilder();
        for (String n : notes) {
            tail.append("- ").append(n).append('\n');
        }
        return head + "\n" + b + (tail.length() > 0 ? "\n" + tail : "");
    }

    private static String machine() {
        String model = "";
        long memKb = 0;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    model = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%d cores%s, %s memory, %s %s (%s), %s %s",
                Runtime.getRuntime().availableProcessors(), model.isEmpty() ? "" : " (" + model + ")",
                memKb == 0 ? "?" : String.format(Locale.ROOT, "%.0f GiB", memKb / 1048576.0),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.version"));
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "–";
        }
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String fmtInt(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                b.append(b.length() == 0 ? "" : "; ").append(p);
            }
        }
        return b.toString();
    }

    static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).replace('\n', ' ').replace("|", "\\|");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
