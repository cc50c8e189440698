package io.kubicle.storage.bench;

import io.kubicle.storage.EmbeddedPostgresServer;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.PgStore;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoreOptions;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Storage benchmark: create throughput, get/update latency, large lists and watch delivery latency
 * of {@link PgStore} on a real Postgres (embedded, or {@code BENCH_DATABASE_URL}). Prints a
 * Markdown report to stdout and progress to stderr.
 *
 * <p>Every concurrent client is a closed loop keeping exactly one request in flight: the next
 * request is issued from the completion of the previous one, so N clients means N requests in
 * flight. Settings are system properties {@code bench.NAME} or arguments {@code NAME=VALUE};
 * {@code --quick} shortens everything for a smoke run.
 */
public final class StorageBenchmark {
    private static final String GROUP = "";
    private static final String RESOURCE = "configmaps";
    private static final int BODY_BYTES = 1024;
    private static final Map<String, String> LABELS = Map.of("app", "bench", "tier", "storage");
    private static final long MS = 1_000_000L;

    private final Config cfg;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final List<ReportRow> rows = new ArrayList<>();
    private final List<String> anomalies = new ArrayList<>();
    private final List<String> workspaces = new ArrayList<>();
    private Vertx vertx;
    private PgStore store;
    private PgConnectOptions connect;
    private EmbeddedPostgresServer embedded;
    private EmbeddedPostgres durable;
    private Path tempDir;
    private String databaseDescription;
    private CpuMeter cpu = new CpuMeter(-1);

    private StorageBenchmark(Config cfg) {
        this.cfg = cfg;
    }

    public static void main(String[] args) {
        Config cfg = Config.parse(args);
        int code;
        try {
            new StorageBenchmark(cfg).run();
            code = 0;
        } catch (Throwable t) {
            System.err.println("[bench] FAILED: " + t);
            t.printStackTrace();
            code = 1;
        }
        System.exit(code); // Vert.x threads are not daemons
    }

    private void run() throws Exception {
        long began = System.nanoTime();
        Instant startedAt = Instant.now();
        String loadBefore = loadAverage();
        try {
            startDatabase();
            if (tempDir != null) {
                cpu = new CpuMeter(postmasterPid(tempDir.resolve("postgres")));
            }
            vertx = Vertx.vertx();
            store = await(PgStore.start(vertx, connect, StoreOptions.defaults().withPoolSize(cfg.poolSize)), 60);
            Map<String, String> pg = postgresInfo();

            warmUp();
            benchCreates();
            benchGetsAndUpdates();
            benchLists();
            benchWatchInProcess();
            benchWatchAcrossProcesses();

            double totalSeconds = (System.nanoTime() - began) / 1e9;
            printReport(startedAt, pg, totalSeconds, loadBefore, loadAverage());
        } finally {
            shutdown();
        }
    }

    // ---------------------------------------------------------------- setup

    private void startDatabase() throws IOException {
        String url = System.getenv("BENCH_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            connect = PgConnectOptions.fromUri(url).setCachePreparedStatements(true).setPipeliningLimit(256);
            databaseDescription = "external (BENCH_DATABASE_URL), host " + connect.getHost() + ":" + connect.getPort()
                    + ", database " + connect.getDatabase();
            progress("using external Postgres " + connect.getHost() + ":" + connect.getPort());
            return;
        }
        tempDir = Files.createTempDirectory("kubicle-bench");
        if (cfg.fsync) {
            startDurablePostgres();
            return;
        }
        progress("starting embedded Postgres in " + tempDir);
        embedded = EmbeddedPostgresServer.start(tempDir.resolve("postgres"));
        connect = embedded.connectOptions();
        databaseDescription = "embedded, started by EmbeddedPostgresServer as Kubicle runs it, data directory on "
                + tempDir + " (" + fileSystemOf(tempDir) + ")";
    }

    /**
     * The same server as {@link EmbeddedPostgresServer} starts, but with fsync on: io.zonky always
     * passes {@code -F} (fsync off) to postgres, and only a later {@code -c fsync=on} undoes it.
     */
    private void startDurablePostgres() throws IOException {
        progress("starting embedded Postgres with fsync=on in " + tempDir);
        Path work = tempDir.resolve(".pg-binaries");
        Files.createDirectories(work);
        durable = EmbeddedPostgres.builder()
                .setDataDirectory(tempDir.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(work.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .start();
        try (Connection c = DriverManager.getConnection(durable.getJdbcUrl("postgres", "postgres"));
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + EmbeddedPostgresServer.DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not create the benchmark database", e);
        }
        connect = new PgConnectOptions().setHost("localhost").setPort(durable.getPort()).setUser("postgres")
                .setDatabase(EmbeddedPostgresServer.DATABASE).setCachePreparedStatements(true).setPipeliningLimit(256);
        databaseDescription = "embedded, same settings as EmbeddedPostgresServer plus fsync=on (benchmark option"
                + " fsync=on), data directory on " + tempDir + " (" + fileSystemOf(tempDir) + ")";
    }

    private static long postmasterPid(Path dataDir) {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Map<String, String> postgresInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", scalar("SELECT version()"));
        for (String setting : List.of("synchronous_commit", "fsync", "wal_sync_method", "shared_buffers")) {
            info.put(setting, scalar("SHOW " + setting));
        }
        return info;
    }

    private String scalar(String sql) {
        return await(store.pool().query(sql).execute(), 30).iterator().next().getValue(0).toString();
    }

    private void shutdown() {
        if (store != null) {
            if (embedded == null) {
                for (String name : workspaces) { // leave an external database as we found it
                    try {
                        await(store.deleteWorkspace(name), 60);
                    } catch (RuntimeException e) {
                        progress("could not delete workspace " + name + ": " + e);
                    }
                }
            }
            try {
                await(store.closeAsync(), 30);
            } catch (RuntimeException e) {
                progress("store did not close cleanly: " + e);
            }
        }
        if (vertx != null) {
            try {
                await(vertx.close(), 30);
            } catch (RuntimeException e) {
                progress("Vert.x did not close cleanly: " + e);
            }
        }
        if (embedded != null) {
            embedded.close();
        }
        if (durable != null) {
            try {
                durable.close();
            } catch (IOException e) {
                progress("embedded Postgres did not stop cleanly: " + e);
            }
        }
        if (tempDir != null) {
            try (Stream<Path> paths = Files.walk(tempDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                progress("could not remove " + tempDir + ": " + e);
            }
        }
    }

    private long workspace(String suffix) {
        String name = "bench-" + runId + "-" + suffix;
        long id = await(store.createWorkspace(name, null), 30).id();
        workspaces.add(name);
        return id;
    }

    // ---------------------------------------------------------------- phases

    /** Lets the JIT compile the hot paths and the pool open its connections; nothing recorded. */
    private void warmUp() {
        if (cfg.warmupSeconds <= 0) {
            return;
        }
        progress("warm-up " + cfg.warmupSeconds + " s");
        long ws = workspace("warmup");
        drive(cfg.concurrency, seconds(cfg.warmupSeconds), (c, seq) -> store.create(write(ws, "default", "w" + c + "-" + seq, seq)));
        long[] rv = new long[cfg.concurrency];
        for (int c = 0; c < cfg.concurrency; c++) {
            rv[c] = await(store.create(write(ws, "default", "u" + c, 0)), 30).resourceVersion();
        }
        AtomicLongArray revisions = new AtomicLongArray(rv);
        drive(cfg.concurrency, seconds(cfg.warmupSeconds), (c, seq) -> store.get(key(ws, "default", "u" + c))
                .compose(o -> update(revisions, c, key(ws, "default", "u" + c), seq)));
    }

    private void benchCreates() {
        for (int writers : List.of(1, cfg.concurrency)) {
            progress("creates, " + writers + " writer(s), " + cfg.createSeconds + " s");
            long ws = workspace("creates-" + writers);
            Phase phase = drive(writers, seconds(cfg.createSeconds),
                    (c, seq) -> store.create(write(ws, "default", "c" + c + "-" + seq, seq)));
            boolean targeted = writers == cfg.concurrency;
            rows.add(new ReportRow("create (1 KiB)", clients(writers, "writer"), rate(phase), ms(phase.stats().p50()),
                    ms(phase.stats().p99()), ms(phase.stats().max()),
                    targeted ? "≥ 2,000/s" : "—",
                    targeted ? verdict(phase.throughput() >= 2000) : "",
                    notes(phase.errorNote(), phase.cpu)));
            phase.reportErrors("create, " + writers + " writers");
        }
        // Control: the same load spread over one workspace per writer, so no two writers share a
        // workspace revision counter (and its row lock).
        int writers = cfg.concurrency;
        progress("creates, " + writers + " writers, one workspace each, " + cfg.createSeconds + " s");
        long[] spread = new long[writers];
        for (int c = 0; c < writers; c++) {
            spread[c] = workspace("spread-" + c);
        }
        Phase phase = drive(writers, seconds(cfg.createSeconds),
                (c, seq) -> store.create(write(spread[c], "default", "c" + seq, seq)));
        rows.add(new ReportRow("create (1 KiB), control: one workspace per writer", clients(writers, "writer"),
                rate(phase), ms(phase.stats().p50()), ms(phase.stats().p99()), ms(phase.stats().max()), "—", "",
                notes(phase.errorNote(), phase.cpu)));
        phase.reportErrors("create, " + writers + " writers, spread");
    }

    private void benchGetsAndUpdates() {
        long ws = workspace("rw");
        int n = cfg.concurrency;
        long[] rv = new long[n];
        for (int i = 0; i < n; i++) {
            rv[i] = await(store.create(write(ws, "default", "rw-" + i, 0)), 30).resourceVersion();
        }
        AtomicLongArray revisions = new AtomicLongArray(rv);
        for (int clients : List.of(1, n)) {
            progress("get, " + clients + " client(s), " + cfg.latencySeconds + " s");
            Phase gets = drive(clients, seconds(cfg.latencySeconds), (c, seq) -> store.get(key(ws, "default", "rw-" + c)));
            rows.add(new ReportRow("get", clients(clients, "client"), rate(gets), ms(gets.stats().p50()),
                    ms(gets.stats().p99()), ms(gets.stats().max()), "—", "", notes(gets.errorNote(), gets.cpu)));
            gets.reportErrors("get, " + clients + " clients");
        }
        for (int clients : List.of(1, n)) {
            progress("update (CAS), " + clients + " client(s), one object each, " + cfg.latencySeconds + " s");
            Phase updates = drive(clients, seconds(cfg.latencySeconds),
                    (c, seq) -> update(revisions, c, key(ws, "default", "rw-" + c), seq));
            long conflicts = updates.errors("Conflict");
            String note = "conflicts: " + conflicts + (updates.errorTotal() > conflicts ? "; " + updates.errorNote() : "");
            rows.add(new ReportRow("update (CAS on resourceVersion)", clients(clients, "client"), rate(updates),
                    ms(updates.stats().p50()), ms(updates.stats().p99()), ms(updates.stats().max()),
                    "p99 < 20 ms", verdict(updates.stats().p99() < 20 * MS), notes(note, updates.cpu)));
            updates.reportErrors("update, " + clients + " clients");
        }
    }

    /** Updates object {@code c} against the revision this client last saw; a conflict refreshes it. */
    private Future<StoredObject> update(AtomicLongArray revisions, int c, ObjectKey key, long seq) {
        ObjectWrite w = new ObjectWrite(key, null, seq + 1, LABELS, body(key.namespace(), key.name(), seq));
        return store.update(w, Preconditions.resourceVersion(revisions.get(c))).andThen(ar -> {
            if (ar.succeeded()) {
                revisions.set(c, ar.result().resourceVersion());
            } else if (ar.cause() instanceof StorageException.Conflict conflict) {
                revisions.set(c, conflict.currentRevision());
            }
        });
    }

    private void benchLists() {
        int total = cfg.listObjects;
        long ws = workspace("list");
        String ns = "list";
        progress("list: loading " + total + " objects with " + cfg.concurrency + " writers");
        AtomicInteger next = new AtomicInteger();
        Phase load = drive(cfg.concurrency, 0, (c, seq) -> {
            int i = next.getAndIncrement();
            return i >= total ? null : store.create(write(ws, ns, String.format(Locale.ROOT, "obj-%06d", i), i));
        });
        load.reportErrors("list load");
        progress(String.format(Locale.ROOT, "list: loaded at %.0f creates/s", load.throughput()));
        ResourceScope scope = new ResourceScope(ws, GROUP, RESOURCE, ns);

        progress("list: " + cfg.listRuns + " full lists without limit");
        LatencyRecorder full = new LatencyRecorder();
        int wrongCounts = 0;
        CpuMeter.Sample fullBefore = cpu.sample();
        for (int r = 0; r < cfg.listRuns; r++) {
            long t0 = System.nanoTime();
            ListResult result = await(store.list(ListRequest.all(scope)), 120);
            full.record(System.nanoTime() - t0);
            if (result.items().size() != total) {
                wrongCounts++;
                anomaly("full list returned " + result.items().size() + " objects, expected " + total);
            }
        }
        String fullCpu = CpuMeter.describe(fullBefore, cpu.sample());
        LatencyRecorder.Snapshot f = full.snapshot();
        rows.add(new ReportRow("list " + total + " objects, no limit", "1 client, " + f.count() + " runs",
                String.format(Locale.ROOT, "%,.0f objects/s at p50", total / (f.p50() / 1e9)),
                ms(f.p50()), ms(f.p99()), ms(f.max()), "—", "",
                notes(wrongCounts == 0 ? "all runs returned " + total : wrongCounts + " runs returned a wrong count",
                        fullCpu)));

        progress("list: " + cfg.pagedRuns + " paged lists, limit " + cfg.pageLimit);
        LatencyRecorder whole = new LatencyRecorder();
        LatencyRecorder pages = new LatencyRecorder();
        int pagesPerList = 0;
        CpuMeter.Sample pagedBefore = cpu.sample();
        for (int r = 0; r < cfg.pagedRuns; r++) {
            long t0 = System.nanoTime();
            String token = null;
            int seen = 0;
            int pageCount = 0;
            do {
                long p0 = System.nanoTime();
                ListResult page = await(store.list(ListRequest.all(scope).withLimit(cfg.pageLimit).withContinue(token)), 120);
                pages.record(System.nanoTime() - p0);
                seen += page.items().size();
                pageCount++;
                token = page.continueToken();
            } while (token != null);
            whole.record(System.nanoTime() - t0);
            pagesPerList = pageCount;
            if (seen != total) {
                anomaly("paged list returned " + seen + " objects in " + pageCount + " pages, expected " + total);
            }
        }
        String pagedCpu = CpuMeter.describe(pagedBefore, cpu.sample());
        LatencyRecorder.Snapshot w = whole.snapshot();
        LatencyRecorder.Snapshot p = pages.snapshot();
        rows.add(new ReportRow("list " + total + " objects, limit " + cfg.pageLimit + ", all pages",
                "1 client, " + w.count() + " runs", String.format(Locale.ROOT, "%,.0f objects/s at p50", total / (w.p50() / 1e9)),
                ms(w.p50()), ms(w.p99()), ms(w.max()), "—", "",
                notes(pagesPerList + " pages per list; per page p50 " + ms(p.p50()) + ", p99 " + ms(p.p99()), pagedCpu)));
    }

    private void benchWatchInProcess() {
        long ws = workspace("watch");
        for (int writers : List.of(1, cfg.concurrency)) {
            progress("watch in-process, " + writers + " writer(s), " + cfg.watchSeconds + " s");
            WatchResult r = watchPhase(store, ws, writers, "i" + writers + "-");
            String who = writers == 1 ? "sequential creates" : writers + " creates in flight";
            rows.add(new ReportRow("watch in-process: commit → event", who, r.rate(),
                    ms(r.commitToEvent.p50()), ms(r.commitToEvent.p99()), ms(r.commitToEvent.max()),
                    "p99 < 20 ms", verdict(r.commitToEvent.p99() < 20 * MS), r.note()));
            rows.add(new ReportRow("watch in-process: request start → event", who, "",
                    ms(r.startToEvent.p50()), ms(r.startToEvent.p99()), ms(r.startToEvent.max()),
                    "p99 < 20 ms", verdict(r.startToEvent.p99() < 20 * MS), ""));
        }
    }

    private void benchWatchAcrossProcesses() {
        long ws = workspace("xwatch");
        Vertx otherVertx = Vertx.vertx();
        PgStore other = null;
        try {
            other = await(PgStore.start(otherVertx, connect, StoreOptions.defaults().withPoolSize(cfg.poolSize)), 60);
            for (int writers : List.of(1, cfg.concurrency)) {
                progress("watch across stores (LISTEN/NOTIFY), " + writers + " writer(s), " + cfg.watchSeconds + " s");
                WatchResult r = watchPhase(other, ws, writers, "x" + writers + "-");
                String who = writers == 1 ? "sequential creates" : writers + " creates in flight";
                rows.add(new ReportRow("watch across stores: request start → event", who, r.rate(),
                        ms(r.startToEvent.p50()), ms(r.startToEvent.p99()), ms(r.startToEvent.max()),
                        "p99 < 1 s", verdict(r.startToEvent.p99() < 1000 * MS), r.note()));
                rows.add(new ReportRow("watch across stores: commit → event", who, "",
                        ms(r.commitToEvent.p50()), ms(r.commitToEvent.p99()), ms(r.commitToEvent.max()),
                        "—", "", ""));
            }
        } finally {
            if (other != null) {
                await(other.closeAsync(), 30);
            }
            await(otherVertx.close(), 30);
        }
    }

    /**
     * Watches the workspace on {@code watcherStore}, creates through {@link #store} for the
     * configured time and times each event against its create's start and completion.
     */
    private WatchResult watchPhase(PgStore watcherStore, long ws, int writers, String prefix) {
        ResourceScope scope = new ResourceScope(ws, GROUP, RESOURCE, "");
        WatchProbe probe = new WatchProbe();
        long from = await(store.currentRevision(ws), 30);
        Watch watch = await(watcherStore.watch(WatchRequest.of(scope, from), probe), 30);
        try {
            Phase phase = drive(writers, seconds(cfg.watchSeconds), (c, seq) -> {
                String name = prefix + c + "-" + seq;
                Timing t = new Timing(System.nanoTime());
                probe.timings.put(name, t);
                return store.create(write(ws, "default", name, seq)).andThen(ar -> {
                    if (ar.succeeded()) {
                        t.committed = System.nanoTime();
                    } else {
                        t.failed = true;
                    }
                });
            });
            phase.reportErrors("watch writes " + prefix);
            long expected = probe.timings.values().stream().filter(t -> !t.failed).count();
            long waitUntil = System.nanoTime() + seconds(cfg.watchDrainSeconds);
            while (probe.delivered.get() < expected && System.nanoTime() < waitUntil && !probe.closed) {
                sleep(5);
            }
            if (probe.closed) {
                anomaly("watch " + prefix + " was closed by the store: " + probe.closedWith);
            }
            WatchResult result = new WatchResult(phase, probe);
            if (result.missing > 0) {
                anomaly("watch " + prefix + ": " + result.missing + " of " + expected + " events not delivered within "
                        + cfg.watchDrainSeconds + " s after the last write");
            }
            if (probe.unexpected.get() > 0 || probe.duplicates.get() > 0) {
                anomaly("watch " + prefix + ": " + probe.unexpected.get() + " unexpected and " + probe.duplicates.get()
                        + " duplicate events");
            }
            return result;
        } finally {
            watch.close();
        }
    }

    // ---------------------------------------------------------------- closed-loop driver

    /** One request of client {@code client}; null when the client has no more work. */
    @FunctionalInterface
    interface ClientOp {
        Future<?> call(int client, long seq);
    }

    /**
     * Runs {@code clients} closed loops for {@code durationNanos} (0: until every op returns null)
     * and waits until the last in-flight request has completed.
     */
    private Phase drive(int clients, long durationNanos, ClientOp op) {
        Phase phase = new Phase(clients);
        CpuMeter.Sample before = cpu.sample();
        long start = System.nanoTime();
        long deadline = durationNanos > 0 ? start + durationNanos : Long.MAX_VALUE;
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong lastFinish = new AtomicLong(start);
        for (int c = 0; c < clients; c++) {
            new Client(c, op, phase, deadline, done, lastFinish).next();
        }
        try {
            long budget = durationNanos > 0 ? durationNanos + seconds(120) : seconds(600);
            if (!done.await(budget, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("clients still busy " + (budget / 1e9) + " s after the phase began");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        phase.elapsedNanos = lastFinish.get() - start;
        phase.cpu = CpuMeter.describe(before, cpu.sample());
        return phase;
    }

    private static final class Client {
        private static final int MAX_ERRORS = 1000;
        private final int id;
        private final ClientOp op;
        private final Phase phase;
        private final long deadline;
        private final CountDownLatch done;
        private final AtomicLong lastFinish;
        private long seq;

        Client(int id, ClientOp op, Phase phase, long deadline, CountDownLatch done, AtomicLong lastFinish) {
            this.id = id;
            this.op = op;
            this.phase = phase;
            this.deadline = deadline;
            this.done = done;
            this.lastFinish = lastFinish;
        }

        void next() {
            while (true) {
                long t0 = System.nanoTime();
                Future<?> f = t0 >= deadline || phase.errorTotal() >= MAX_ERRORS ? null : op.call(id, seq++);
                if (f == null) {
                    lastFinish.accumulateAndGet(System.nanoTime(), Math::max);
                    done.countDown();
                    return;
                }
                if (f.isComplete()) { // completed synchronously (an argument error): loop, do not recurse
                    phase.completed(f.failed() ? f.cause() : null, System.nanoTime() - t0);
                    continue;
                }
                f.onComplete(ar -> {
                    phase.completed(ar.failed() ? ar.cause() : null, System.nanoTime() - t0);
                    next();
                });
                return;
            }
        }
    }

    /** What one phase measured: latencies of the successful requests and the failures by type. */
    private final class Phase {
        final int clients;
        final LatencyRecorder latency = new LatencyRecorder();
        final AtomicLong ok = new AtomicLong();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        final Map<String, String> firstMessage = new ConcurrentHashMap<>();
        final AtomicLong errorCount = new AtomicLong();
        long elapsedNanos;
        String cpu = "";
        private LatencyRecorder.Snapshot stats;

        Phase(int clients) {
            this.clients = clients;
        }

        void completed(Throwable failure, long nanos) {
            if (failure == null) {
                ok.incrementAndGet();
                latency.record(nanos);
                return;
            }
            errorCount.incrementAndGet();
            String type = failure.getClass().getSimpleName();
            errors.computeIfAbsent(type, k -> new AtomicLong()).incrementAndGet();
            firstMessage.putIfAbsent(type, String.valueOf(failure.getMessage()));
        }

        /** The latencies, sorted; take it once the phase has finished. */
        LatencyRecorder.Snapshot stats() {
            if (stats == null) {
                stats = latency.snapshot();
            }
            return stats;
        }

        long errorTotal() {
            return errorCount.get();
        }

        long errors(String type) {
            AtomicLong n = errors.get(type);
            return n == null ? 0 : n.get();
        }

        double throughput() {
            return elapsedNanos == 0 ? 0 : ok.get() / (elapsedNanos / 1e9);
        }

        String errorNote() {
            if (errors.isEmpty()) {
                return "errors: 0";
            }
            StringBuilder sb = new StringBuilder("errors:");
            new TreeMap<>(errors).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.get()));
            return sb.toString();
        }

        void reportErrors(String what) {
            new TreeMap<>(errors).forEach((type, n) -> anomaly(what + ": " + n.get() + " × " + type + " (first: "
                    + firstMessage.get(type) + ")"));
        }
    }

    // ---------------------------------------------------------------- watch probe

    private static final class Timing {
        final long start;
        volatile long committed;
        volatile long delivered;
        volatile boolean failed;

        Timing(long start) {
            this.start = start;
        }
    }

    private static final class WatchProbe implements WatchListener {
        final Map<String, Timing> timings = new ConcurrentHashMap<>();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong unexpected = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        volatile boolean closed;
        volatile StorageException closedWith;

        @Override
        public void onEvent(WatchEvent event) {
            long now = System.nanoTime();
            Timing t = timings.get(event.object().key().name());
            if (t == null || event.type() != WatchEvent.Type.ADDED) {
                unexpected.incrementAndGet();
            } else if (t.delivered != 0) {
                duplicates.incrementAndGet();
            } else {
                t.delivered = now;
                delivered.incrementAndGet();
            }
        }

        @Override
        public void onClose(StorageException error) {
            closedWith = error;
            closed = error != null;
        }
    }

    private static final class WatchResult {
        final Phase phase;
        final LatencyRecorder.Snapshot commitToEvent;
        final LatencyRecorder.Snapshot startToEvent;
        final long events;
        final long missing;
        final long early;

        WatchResult(Phase phase, WatchProbe probe) {
            this.phase = phase;
            LatencyRecorder commit = new LatencyRecorder();
            LatencyRecorder start = new LatencyRecorder();
            long missed = 0;
            long beforeCommit = 0;
            long count = 0;
            for (Timing t : probe.timings.values()) {
                if (t.failed) {
                    continue;
                }
                if (t.delivered == 0 || t.committed == 0) {
                    missed++;
                    continue;
                }
                count++;
                long d = t.delivered - t.committed;
                if (d < 0) {
                    beforeCommit++; // the feed read the row before this client's completion callback ran
                }
                commit.record(Math.max(0, d));
                start.record(t.delivered - t.start);
            }
            this.commitToEvent = commit.snapshot();
            this.startToEvent = start.snapshot();
            this.events = count;
            this.missing = missed;
            this.early = beforeCommit;
        }

        String rate() {
            return String.format(Locale.ROOT, "%.0f creates/s", phase.throughput());
        }

        String note() {
            String s = events + " events";
            if (missing > 0) {
                s += ", " + missing + " MISSING";
            }
            if (early > 0) {
                s += ", " + early + " delivered before the create's callback (counted as 0)";
            }
            if (phase.errorTotal() > 0) {
                s += "; write " + phase.errorNote();
            }
            return notes(s, phase.cpu);
        }
    }

    // ---------------------------------------------------------------- report

    private record ReportRow(String measurement, String concurrency, String throughput, String p50, String p99,
                             String max, String target, String verdict, String notes) {
    }

    private void printReport(Instant startedAt, Map<String, String> pg, double totalSeconds, String loadBefore,
                             String loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("## Storage benchmark\n\n");
        out.append("- date: ").append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                startedAt.atOffset(ZoneOffset.UTC).withNano(0))).append(" UTC\n");
        out.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (")
                .append(cpuModel()).append("), ").append(memTotal()).append(" memory, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        out.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB\n");
        out.append("- Postgres: ").append(pg.get("version")).append('\n');
        out.append("- Postgres settings: synchronous_commit=").append(pg.get("synchronous_commit"))
                .append(", fsync=").append(pg.get("fsync")).append(", wal_sync_method=").append(pg.get("wal_sync_method"))
                .append(", shared_buffers=").append(pg.get("shared_buffers")).append('\n');
        out.append("- database: ").append(databaseDescription).append('\n');
        out.append("- store: PgStore, pool size ").append(cfg.poolSize).append(", one Vert.x instance (")
                .append(2 * Runtime.getRuntime().availableProcessors()).append(" event loops); objects ~")
                .append(BODY_BYTES).append(" B JSON + 2 labels\n");
        out.append("- settings: ").append(cfg).append('\n');
        out.append(String.format(Locale.ROOT, "- total run time: %.1f s%n", totalSeconds));
        out.append("- load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter)
                .append(" (after includes this benchmark)\n\n");

        out.append("| Measurement | Concurrency | Throughput | p50 | p99 | max | Target | Met | Notes |\n");
        out.append("|---|---|---|---:|---:|---:|---|---|---|\n");
        for (ReportRow r : rows) {
            out.append("| ").append(String.join(" | ", r.measurement(), r.concurrency(), r.throughput(), r.p50(), r.p99(),
                    r.max(), r.target(), r.verdict(), r.notes())).append(" |\n");
        }
        out.append("\nLatencies are per request, measured in the client from issuing the request to its completion"
                + " callback (watch rows: to the listener call). Throughput counts successful requests only."
                + " CPU is the busy share of all cores during the phase: this JVM, the benchmark's Postgres, and"
                + " other processes on the machine (a large \"other\" means the figure was disturbed).\n");
        out.append("\n### Anomalies\n\n");
        if (anomalies.isEmpty()) {
            out.append("none\n");
        } else {
            anomalies.forEach(a -> out.append("- ").append(a).append('\n'));
        }
        System.out.print(out);
        System.out.flush();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    private static String memTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0)))
                    .orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String fileSystemOf(Path dir) {
        try {
            return Files.getFileStore(dir).type() + " file system";
        } catch (IOException e) {
            return "unknown file system";
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ObjectKey key(long ws, String ns, String name) {
        return new ObjectKey(ws, GROUP, RESOURCE, ns, name);
    }

    private static ObjectWrite write(long ws, String ns, String name, long seq) {
        return new ObjectWrite(key(ws, ns, name), java.util.UUID.randomUUID().toString(), 1, LABELS, body(ns, name, seq));
    }

    /** A ConfigMap-like JSON document padded to {@link #BODY_BYTES} bytes. */
    static byte[] body(String ns, String name, long seq) {
        String head = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + ns + "\",\"labels\":{\"app\":\"bench\",\"tier\":\"storage\"}},"
                + "\"data\":{\"seq\":\"" + seq + "\",\"payload\":\"";
        String tail = "\"}}";
        StringBuilder sb = new StringBuilder(BODY_BYTES).append(head);
        long x = seq * 0x9E3779B97F4A7C15L + name.hashCode();
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        while (sb.length() < BODY_BYTES - tail.length()) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            sb.append(alphabet.charAt((int) Math.floorMod(x, (long) alphabet.length())));
        }
        return sb.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String notes(String... parts) {
        return String.join("; ", java.util.Arrays.stream(parts).filter(x -> x != null && !x.isEmpty()).toList());
    }

    private static String clients(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String rate(Phase phase) {
        return String.format(Locale.ROOT, "%,.0f/s", phase.throughput());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "**NO**";
    }

    private static long seconds(double s) {
        return (long) (s * 1e9);
    }

    private void anomaly(String what) {
        synchronized (anomalies) {
            anomalies.add(what);
        }
        progress("ANOMALY: " + what);
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> future, int timeoutSeconds) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeoutSeconds + " s", e);
        }
    }

    // ---------------------------------------------------------------- settings

    /** Benchmark settings: {@code bench.NAME} system properties, overridden by {@code NAME=VALUE} arguments. */
    record Config(double warmupSeconds, double createSeconds, double latencySeconds, int listObjects, int listRuns,
                  int pagedRuns, int pageLimit, double watchSeconds, double watchDrainSeconds, int concurrency,
                  int poolSize, boolean fsync) {

        static Config parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            boolean quick = Boolean.getBoolean("bench.quick");
            for (String arg : args) {
                if (arg.equals("--quick") || arg.equals("quick")) {
                    quick = true;
                    continue;
                }
                String a = arg.startsWith("--") ? arg.substring(2) : arg;
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("expected NAME=VALUE or --quick, got " + arg);
                }
                values.put(a.substring(0, eq), a.substring(eq + 1));
            }
            List<String> known = List.of("warmupSeconds", "createSeconds", "latencySeconds", "listObjects", "listRuns",
                    "pagedRuns", "pageLimit", "watchSeconds", "watchDrainSeconds", "concurrency", "poolSize", "fsync");
            values.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> {
                throw new IllegalArgumentException("unknown setting " + k + "; known: " + known);
            });
            Config d = quick
                    ? new Config(0.5, 1, 1, 2000, 3, 2, 500, 1, 3, 32, 32, false)
                    : new Config(2, 5, 3, 10_000, 10, 5, 500, 3, 5, 32, 32, false);
            return new Config(
                    num(values, "warmupSeconds", d.warmupSeconds),
                    num(values, "createSeconds", d.createSeconds),
                    num(values, "latencySeconds", d.latencySeconds),
                    (int) num(values, "listObjects", d.listObjects),
                    (int) num(values, "listRuns", d.listRuns),
                    (int) num(values, "pagedRuns", d.pagedRuns),
                    (int) num(values, "pageLimit", d.pageLimit),
                    num(values, "watchSeconds", d.watchSeconds),
                    num(values, "watchDrainSeconds", d.watchDrainSeconds),
                    (int) num(values, "concurrency", d.concurrency),
                    (int) num(values, "poolSize", d.poolSize),
                    flag(values, "fsync", d.fsync));
        }

        private static boolean flag(Map<String, String> args, String name, boolean fallback) {
            String v = args.containsKey(name) ? args.get(name) : System.getProperty("bench." + name);
            if (v == null || v.isBlank()) {
                return fallback;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes", "1" -> true;
                case "off", "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(name + " must be on or off, got " + v);
            };
        }

        private static double num(Map<String, String> args, String name, double fallback) {
            String v = args.containsKey(name) ? args.get(name) : System.getProperty("bench." + name);
            return v == null || v.isBlank() ? fallback : Double.parseDouble(v);
        }
    }
}
