package io.kubicle.storage;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres started from the bundled binaries on a data directory of ours, so that Kubicle
 * runs on a fresh machine with nothing installed. The data outlives the process: a second start
 * on the same directory finds everything again.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final String DATABASE = "kubicle";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts Postgres on {@code dataDir} (created on first use) and makes sure our database exists. */
    public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        stopOrphan(dataDir);
        Path work = dataDir.toAbsolutePath().getParent().resolve(".pg-binaries");
        Files.createDirectories(work);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // our owner stops us after closing its connections
                .setOverrideWorkingDirectory(work.toFile())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("synchronous_commit", "on")
                // zonky starts Postgres with -F (no fsync), fine for throwaway test databases but not
                // for data meant to survive a crash: turn durability back on.
                .setServerConfig("fsync", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.createDatabase();
        } catch (SQLException e) {
            server.close();
            throw new IOException("embedded Postgres started but database " + DATABASE + " could not be created", e);
        }
        return server;
    }

    public int port() {
        return postgres.getPort();
    }

    public PgConnectOptions connectOptions() {
        return connectOptions(DATABASE);
    }

    public PgConnectOptions connectOptions(String database) {
        return new PgConnectOptions().setHost("localhost").setPort(port()).setUser("postgres").setDatabase(database)
                .setCachePreparedStatements(true).setPipeliningLimit(256);
    }

    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Creates another database on this server (tests use one per test class). */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
            }
        }
    }

    private void createDatabase() throws SQLException {
        createDatabase(DATABASE);
    }

    /**
     * A previous Kubicle killed without its shutdown hook leaves its Postgres running on this data
     * directory, which would make the new start fail. Stop it first.
     */
    private static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan;
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            orphan = lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return;
        }
        orphan.filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(p -> {
                    LOG.warn("stopping Postgres (pid {}) left running on {} by an earlier Kubicle", p.pid(), dataDir);
                    p.destroy();
                    try {
                        p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        p.destroyForcibly();
                    }
                });
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("embedded Postgres did not stop cleanly", e);
        }
    }
}
