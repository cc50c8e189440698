package io.kubicle.syncer;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubicle syncer}: runs tenant Pods and Services of Kubicle workspaces in a host cluster. */
@Command(name = "syncer", mixinStandardHelpOptions = true,
        description = "Syncs tenant Pods, Services and what they reference into a host Kubernetes cluster, and their status back.")
public final class SyncerCommand implements Callable<Integer> {
    @Option(names = "--kubicle", required = true, paramLabel = "KUBECONFIG",
            description = "Kubicle operator kubeconfig (the admin kubeconfig; any workspace's URL is fine)")
    Path kubicle;

    @Option(names = "--host", required = true, paramLabel = "KUBECONFIG", description = "Host cluster kubeconfig")
    Path host;

    @Option(names = "--workspaces", split = ",", paramLabel = "WS", description = "Only these workspaces (default: all)")
    List<String> workspaces = List.of();

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "0/1",
            description = "Own only workspaces whose name hashes to I of N (default ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--resync-seconds", defaultValue = "30", description = "Re-check everything this often (default ${DEFAULT-VALUE})")
    long resyncSeconds;

    // Workers mostly wait on HTTP round trips (one apply or status write each), so they are many: with 4, a burst of
    // 1,000 pods lagged 22 s behind its creates on the loaded benchmark machine, with 16 about 5 s.
    @Option(names = "--threads", defaultValue = "16", description = "Reconcile workers (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--gpu-meter-seconds", defaultValue = "15", description = "Meter GPU-seconds this often (default ${DEFAULT-VALUE})")
    long gpuMeterSeconds;

    @Option(names = "--metrics-port", defaultValue = "9464", description = "Serve GET /metrics on this port; -1 for none (default ${DEFAULT-VALUE})")
    int metricsPort;

    @Option(names = "--tenant-api-server", paramLabel = "https://HOST:PORT",
            description = "Kubicle's address as host pods reach it; pods that mount a ServiceAccount token then get a token of"
                    + " their workspace and in-cluster config pointing there (default: none, host pods get no token)")
    String tenantApiServer;

    @Option(names = "--tenant-api-ca", paramLabel = "FILE",
            description = "PEM CA host pods trust for --tenant-api-server (default: the CA of the --kubicle kubeconfig)")
    Path tenantApiCa;

    @Option(names = "--tenant-dns", paramLabel = "true|false", defaultValue = "true", arity = "1",
            description = "Run a DNS server per workspace on the host, so host pods resolve names with a tenant namespace"
                    + " (web.other, web.other.svc.cluster.local) (default ${DEFAULT-VALUE})")
    boolean tenantDns;

    @Option(names = "--dns-image", paramLabel = "IMAGE", defaultValue = TenantDns.DEFAULT_IMAGE,
            description = "CoreDNS image of the workspaces' DNS servers (default ${DEFAULT-VALUE})")
    String dnsImage;

    @Option(names = "--host-cluster-domain", paramLabel = "DOMAIN", defaultValue = TenantDns.DEFAULT_DOMAIN,
            description = "The host cluster's DNS domain, which tenant pods' names use too (default ${DEFAULT-VALUE})")
    String hostClusterDomain;

    @Option(names = "--containers-listen", paramLabel = "HOST:PORT|off", defaultValue = "127.0.0.1:0",
            description = "Serve synced pods' containers to Kubicle (kubectl logs, exec, attach, port-forward) here; port 0 takes"
                    + " any free port, off serves none"
                    + " (default ${DEFAULT-VALUE})")
    String containersListen;

    @Option(names = "--containers-url", paramLabel = "https://HOST:PORT",
            description = "The address Kubicle reaches --containers-listen at (default: https://<listen address>:<port>)")
    String containersUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Syncer.Options options;
        Config kubicleConfig;
        Config hostConfig;
        java.net.InetSocketAddress containersAt;
        try {
            containersAt = containersListen();
            options = new Syncer.Options(Set.copyOf(workspaces), Shard.parse(shard), Duration.ofSeconds(resyncSeconds), threads,
                    Duration.ofSeconds(gpuMeterSeconds));
            kubicleConfig = kubeconfig(kubicle);
            hostConfig = kubeconfig(host);
            options = options.withTenantApi(tenantApi(kubicleConfig)).withTenantDns(tenantDns());
        } catch (IllegalArgumentException | IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e instanceof IOException
                    ? "cannot read kubeconfig " + e.getMessage() : e.getMessage());
        }
        Syncer syncer = new Syncer(kubicleConfig, hostConfig, options);
        if (containersAt != null) {
            try {
                syncer.serveContainers(containersAt, containersUrl, caPem(kubicleConfig));
            } catch (IllegalArgumentException e) {
                syncer.close();
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot serve containers at --containers-listen " + containersListen
                        + ": " + e.getMessage());
            }
        }
        MetricsEndpoint metrics = metricsPort < 0 ? null : new MetricsEndpoint(metricsPort, syncer::scrapeMetrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (metrics != null) {
                metrics.close();
            }
            syncer.close();
            stopped.countDown();
        }, "syncer-shutdown"));
        syncer.start();
        stopped.await();
        return 0;
    }

    /** --containers-listen as an address, or null for off. */
    java.net.InetSocketAddress containersListen() {
        if (containersListen.equals("off")) {
            if (containersUrl != null) {
                throw new IllegalArgumentException("--containers-url needs --containers-listen");
            }
            return null;
        }
        if (containersUrl != null && !containersUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--containers-url must be an https:// URL, not " + containersUrl);
        }
        int colon = containersListen.lastIndexOf(':');
        try {
            if (colon < 0) {
                throw new NumberFormatException();
            }
            String host = colon == 0 ? "0.0.0.0" : containersListen.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(containersListen.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new java.net.InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--containers-listen must be HOST:PORT or off, not " + containersListen);
        }
    }

    /** The workspaces' DNS servers from --tenant-dns, --dns-image and --host-cluster-domain; null when switched off. */
    TenantDns.Options tenantDns() {
        return tenantDns ? new TenantDns.Options(dnsImage, hostClusterDomain) : null;
    }

    /** Where host pods reach Kubicle, from --tenant-api-server and --tenant-api-ca; null without the former. */
    TenantApi tenantApi(Config kubicleConfig) {
        if (tenantApiServer == null) {
            if (tenantApiCa != null) {
                throw new IllegalArgumentException("--tenant-api-ca needs --tenant-api-server");
            }
            return null;
        }
        String ca;
        try {
            ca = tenantApiCa != null ? Files.readString(tenantApiCa) : caPem(kubicleConfig);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --tenant-api-ca " + e.getMessage());
        }
        return TenantApi.parse(tenantApiServer, ca);
    }

    /** The CA a kubeconfig trusts, as PEM (inline data or a file). */
    static String caPem(Config config) throws IOException {
        String ca = HostConnection.pem(config.getCaCertData(), config.getCaCertFile());
        if (ca == null) {
            throw new IllegalArgumentException("the --kubicle kubeconfig names no CA; give --tenant-api-ca");
        }
        return ca;
    }

    /** A kubeconfig read from its file, so that fabric8 can read it again for a fresh exec-plugin or auth-provider token. */
    static Config kubeconfig(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        return Config.fromKubeconfig(file.toFile());
    }
}
