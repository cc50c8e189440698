package io.kubicle.apiserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kubicle server}: runs the API server until it is stopped (Ctrl-C or SIGTERM). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Kubicle API server (embedded Postgres unless --database-url is given).")
final class ServerCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${env:KUBICLE_DATA_DIR:-./data}",
            description = "Data directory: embedded Postgres, certificates, admin.kubeconfig (env KUBICLE_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--listen", defaultValue = "${env:KUBICLE_LISTEN:-127.0.0.1:6443}",
            description = "host:port to serve HTTPS on; port 0 picks a free port (env KUBICLE_LISTEN, default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--database-url", defaultValue = "${env:KUBICLE_DATABASE_URL}",
            description = "External Postgres, postgresql://user:password@host:5432/db; switches the embedded one off (env KUBICLE_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--encryption-key-file", defaultValue = "${env:KUBICLE_ENCRYPTION_KEY_FILE}",
            description = "AES-256 key file for Secrets at rest, lines <id>:<base64>; first key encrypts (env KUBICLE_ENCRYPTION_KEY_FILE, default <data-dir>/encryption.keys, created on first start).")
    Path encryptionKeyFile;

    @Option(names = "--tls-san", split = ",", defaultValue = "${env:KUBICLE_TLS_SANS}",
            description = "Extra host names/IPs for the serving certificate, comma-separated (env KUBICLE_TLS_SANS).")
    List<String> tlsSans = new ArrayList<>();

    @Option(names = "--client-cert-lifetime", defaultValue = "${env:KUBICLE_CLIENT_CERT_LIFETIME:-365d}",
            description = "Lifetime of issued client certificates (env KUBICLE_CLIENT_CERT_LIFETIME, default ${DEFAULT-VALUE}).")
    String clientCertLifetime;

    @Option(names = "--event-retention", defaultValue = "${env:KUBICLE_EVENT_RETENTION:-5m}",
            description = "How long changes stay replayable for watches and paged lists (env KUBICLE_EVENT_RETENTION, default ${DEFAULT-VALUE}).")
    String eventRetention;

    @Option(names = "--token-sweep-interval", defaultValue = "${env:KUBICLE_TOKEN_SWEEP_INTERVAL:-5m}",
            description = "How often the records of expired ServiceAccount tokens are deleted (env KUBICLE_TOKEN_SWEEP_INTERVAL, default ${DEFAULT-VALUE}).")
    String tokenSweepInterval;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("kubicle: " + e.getMessage());
            return 2;
        }
        KubicleServer server;
        try {
            server = KubicleServer.start(config);
        } catch (Exception e) {
            System.err.println("kubicle: could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("Kubicle stopped");
            System.out.flush();
            stopped.countDown();
        }, "kubicle-shutdown"));
        System.out.println("Kubicle " + VersionInfo.kubicleVersion() + " is serving on " + server.url());
        System.out.println("  root workspace:   " + server.rootUrl());
        System.out.println("  admin kubeconfig: " + server.adminKubeconfig());
        System.out.println("  try:              kubectl --kubeconfig " + server.adminKubeconfig() + " get --raw /readyz");
        System.out.flush();
        stopped.await();
        return 0;
    }

    ServerConfig config() {
        String[] hostPort = ServerConfig.splitListen(listen);
        List<String> sans = tlsSans == null ? List.of()
                : tlsSans.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new ServerConfig(dataDir.toAbsolutePath().normalize(), hostPort[0], Integer.parseInt(hostPort[1]),
                databaseUrl, encryptionKeyFile, sans, Durations.parse(clientCertLifetime), Durations.parse(eventRetention),
                Durations.parse(tokenSweepInterval));
    }
}
