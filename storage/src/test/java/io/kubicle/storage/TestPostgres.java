package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded Postgres per test JVM; each test gets a database of its own so tests cannot
 * see each other's rows. Shared with other modules through the test jar.
 */
public final class TestPostgres {
    private static EmbeddedPostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestPostgres() {
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("kubicle-test-pg");
                server = EmbeddedPostgresServer.start(dir.resolve("postgres"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    server.close();
                    deleteTree(dir); // 200 MB a test JVM: on a workstation, runs filled the disk
                }));
            } catch (Exception e) {
                throw new IllegalStateException("embedded Postgres did not start", e);
            }
        }
        return server;
    }

    private static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // the next reboot's /tmp cleanup takes what is left
        }
    }

    /** A new empty database on the shared server. */
    public static PgConnectOptions freshDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try {
            server().createDatabase(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return server().connectOptions(name);
    }

    public static PgStore store(Vertx vertx, PgConnectOptions db, StoreOptions options) {
        return await(PgStore.start(vertx, db, options));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the future and returns what it failed with, or fails the test when it succeeded. */
    public static Throwable failure(Future<?> future) {
        try {
            Object value = await(future);
            throw new AssertionError("expected a failure, got " + value);
        } catch (StorageException e) {
            return e;
        }
    }

    public static ObjectWrite write(ObjectKey key, String json, Map<String, String> labels) {
        return new ObjectWrite(key, UUID.randomUUID().toString(), 1, labels, json.getBytes());
    }

    public static StoreOptions quickOptions() {
        return StoreOptions.defaults().withRetention(Duration.ofMinutes(5), Duration.ofMinutes(5));
    }
}
