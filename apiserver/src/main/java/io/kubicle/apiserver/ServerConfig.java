package io.kubicle.apiserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the server is started with; see the README for the flags and environment variables.
 *
 * @param databaseUrl an external Postgres ({@code postgresql://...}); null runs the embedded one
 * @param encryptionKeyFile null uses (and on first start creates) {@code <dataDir>/encryption.keys}
 * @param tlsSans extra host names and IPs for the serving certificate
 * @param tokenSweepInterval time between passes that delete the records of expired ServiceAccount tokens
 */
public record ServerConfig(Path dataDir, String listenHost, int listenPort, String databaseUrl,
                           Path encryptionKeyFile, List<String> tlsSans, Duration clientCertLifetime,
                           Duration eventRetention, Duration tokenSweepInterval) {

    public ServerConfig {
        tlsSans = List.copyOf(tlsSans);
    }

    public Path adminKubeconfig() {
        return dataDir.resolve("admin.kubeconfig");
    }

    /** Parses {@code host:port}, {@code :port} or {@code [v6]:port}. */
    public static String[] splitListen(String listen) {
        String s = listen.strip();
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("listen address \"" + listen + "\" must be host:port, e.g. 127.0.0.1:6443");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = s.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("listen address \"" + listen + "\" has an invalid port \"" + port + "\"");
        }
        return new String[] {host.isEmpty() ? "0.0.0.0" : host, port};
    }
}
