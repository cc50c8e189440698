package io.kubicle.syncer;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The clients of every workspace's endpoint ({@code <base>/clusters/<ws>}), sharing one HTTP client
 * (connection pool, TLS context), one JSON mapper and one executor. A KubernetesClient per workspace had its
 * own of each: starting a workspace cost a TLS context (with a PKCS#12 key derivation), a selector thread
 * and a cold Jackson cache, and 50 workspaces took 41 s to start on the loaded 2-core benchmark machine.
 * All workspaces are reached with the same operator credential on the same server, so one HTTP client fits.
 */
final class TenantClients implements AutoCloseable {
    private final Config operator;
    private final String baseUrl;
    private final KubernetesClient shared;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "syncer-tenant-informers");
        t.setDaemon(true);
        return t;
    });

    TenantClients(Config operator, String baseUrl) {
        this.operator = operator;
        this.baseUrl = baseUrl;
        Config root = config(Syncer.ROOT);
        this.shared = new KubernetesClientBuilder().withConfig(root).withTaskExecutor(executor)
                .withHttpClientFactory(new ChaChaFirstHttpClientFactory(root))
                .withKubernetesSerialization(SyncerJson.SERIALIZATION).build();
    }

    /** The root workspace's client (owns the shared HTTP client). */
    KubernetesClient root() {
        return shared;
    }

    /** A client of one workspace's endpoint; closing it is not needed (and would close the shared HTTP client). */
    KubernetesClient workspace(String name) {
        return new KubernetesClientImpl(shared.getHttpClient(), config(name), () -> executor, shared.getKubernetesSerialization());
    }

    private Config config(String workspace) {
        // Kubicle serves watches over plain HTTP streaming only; a WebSocket attempt would wait forever.
        return new ConfigBuilder(operator).withMasterUrl(baseUrl + "/clusters/" + workspace).withOnlyHttpWatches(true).build();
    }

    @Override
    public void close() {
        shared.close();
        executor.shutdownNow();
    }
}
