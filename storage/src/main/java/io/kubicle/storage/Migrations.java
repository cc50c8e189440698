package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Applies the versioned SQL files under {@code db/migration/} in order, once each, under an
 * advisory lock so that replicas starting together do not race. A database whose schema is newer
 * than this code knows is refused: running old code on it could corrupt data.
 */
public final class Migrations {
    /** Migration files, in order; the version of each is its position + 1. */
    static final List<String> FILES = List.of("V1__objects_events_workspaces.sql", "V2__owner_index.sql",
            "V3__audit_events.sql", "V4__write_batches.sql", "V5__expiry_index.sql");
    private static final long LOCK_ID = 0x6b7562696c65L; // "kubile", any constant shared by replicas

    private Migrations() {
    }

    public static int latestVersion() {
        return FILES.size();
    }

    /** Brings the schema up to date; the future fails with a readable message when it cannot. */
    public static Future<Integer> apply(Pool pool) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")").execute()
                .compose(v -> conn.query("SELECT to_regclass('schema_migrations') IS NULL").execute())
                .compose(fresh -> fresh.iterator().next().getBoolean(0)
                        ? conn.query("CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL,"
                                + " applied_at timestamptz NOT NULL DEFAULT now())").execute().mapEmpty()
                        : Future.succeededFuture())
                .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM schema_migrations").execute())
                .compose(rows -> {
                    int current = rows.iterator().next().getInteger(0);
                    if (current > latestVersion()) {
                        return Future.failedFuture(new StorageException.Unavailable("database schema version "
                                + current + " is newer than this Kubicle supports (" + latestVersion()
                                + "); run a Kubicle release at least as new as the one that upgraded it", null));
                    }
                    return applyFrom(conn, current);
                }));
    }

    private static Future<Integer> applyFrom(SqlConnection conn, int current) {
        if (current == latestVersion()) {
            return Future.succeededFuture(current);
        }
        String file = FILES.get(current);
        return conn.query(read(file)).execute()
                .compose(v -> conn.preparedQuery("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                        .execute(Tuple.of(current + 1, file)))
                .compose(v -> applyFrom(conn, current + 1));
    }

    static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
