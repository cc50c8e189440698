package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The syncer: watches Workspace objects in Kubicle's root workspace, runs a {@link TenantWorkspace} for
 * every workspace this shard owns, and reconciles (workspace, namespace) keys against the host. A key
 * without a namespace is the workspace itself: start its informers, or tear down everything it ever had
 * on the host once it is gone. On start it sweeps the host for workspaces that vanished while no syncer ran.
 */
public final class Syncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Syncer.class);
    static final String ROOT = "root";

    /**
     * Which workspaces, which shard, how often to re-check everything, how many worker threads, how often to meter GPUs,
     * where host pods reach Kubicle ({@code tenantApi}; null: host pods get no tenant token, as before), and the
     * workspaces' DNS servers ({@code tenantDns}; null: host pods keep the tenant's DNS settings, as before), and where the
     * host's resource metrics come from ({@code hostMetrics}; null: the host's own metrics API).
     */
    public record Options(Set<String> workspaces, Shard shard, Duration resync, int threads, Duration gpuMeter, TenantApi tenantApi,
                          TenantDns.Options tenantDns, HostMetrics hostMetrics) {
        public Options {
            workspaces = Set.copyOf(workspaces);
        }

        /** Without in-cluster access for host pods, with tenant DNS. */
        public Options(Set<String> workspaces, Shard shard, Duration resync, int threads, Duration gpuMeter) {
            this(workspaces, shard, resync, threads, gpuMeter, null, TenantDns.Options.defaults(), null);
        }

        /** The same, with host pods reaching their workspace at {@code api}. */
        public Options withTenantApi(TenantApi api) {
            return new Options(workspaces, shard, resync, threads, gpuMeter, api, tenantDns, hostMetrics);
        }

        /** The same with these DNS servers for the workspaces, or none ({@code null}). */
        public Options withTenantDns(TenantDns.Options dns) {
            return new Options(workspaces, shard, resync, threads, gpuMeter, tenantApi, dns, hostMetrics);
        }

        /**
         * The same with the host's resource metrics ({@code kubectl top} in a workspace) from {@code metrics} instead of the
         * host's metrics API: a test's stand-in where the host runs no metrics-server.
         */
        public Options withHostMetrics(HostMetrics metrics) {
            return new Options(workspaces, shard, resync, threads, gpuMeter, tenantApi, tenantDns, metrics);
        }

        /** GPU metering as often as the resync. */
        public Options(Set<String> workspaces, Shard shard, Duration resync, int threads) {
            this(workspaces, shard, resync, threads, resync);
        }

        public static Options defaults() {
            return new Options(Set.of(), Shard.ALL, Duration.ofSeconds(30), 16);
        }

        boolean owns(String workspace) {
            return !ROOT.equals(workspace) && shard.owns(workspace) && (workspaces.isEmpty() || workspaces.contains(workspace));
        }
    }

    record Key(String workspace, String namespace) {
    }

    /** Writes of one namespace pass in flight at once (see PassWrites). */
    private static final int WRITES_PER_PASS = 8;

    private final Options options;
    private final TenantClients tenantClients;
    private final KubernetesClient root;
    private final HostCluster host;
    private final WorkspaceStatusWriter statusWriter;
    private final NamespaceReconciler reconciler;
    private final PassWrites passWrites;
    private final GpuMeter gpuMeter;
    private final NodeMirror nodeMirror;
    private final TenantDns tenantDns;
    private final Map<String, WorkspacePolicy> known = new ConcurrentHashMap<>();
    private final Map<String, TenantWorkspace> running = new ConcurrentHashMap<>();
    private final WorkQueue<Key> queue;
    private final ScheduledExecutorService resync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "syncer-resync");
        t.setDaemon(true);
        return t;
    });
    private volatile SharedIndexInformer<GenericKubernetesResource> workspaceInformer;
    private volatile ContainerEndpoint containers;
    /** The host's metrics API client, when the syncer serves containers and no other source of metrics was given. */
    private volatile KubernetesClient metricsClient;
    private final Config hostConfig;

    public Syncer(Config kubicleOperator, Config hostConfig, Options options) {
        this.options = options;
        this.hostConfig = hostConfig;
        this.tenantClients = new TenantClients(kubicleOperator, baseUrl(kubicleOperator.getMasterUrl()));
        this.root = tenantClients.root();
        Config hostWatching = new ConfigBuilder(hostConfig).withOnlyHttpWatches(true).build();
        this.host = new HostCluster(new KubernetesClientBuilder().withConfig(hostWatching)
                .withHttpClientFactory(new ChaChaFirstHttpClientFactory(hostWatching))
                .withKubernetesSerialization(SyncerJson.SERIALIZATION).build());
        this.statusWriter = new WorkspaceStatusWriter(root,
                name -> workspaceInformer == null ? null : workspaceInformer.getStore().getByKey(name));
        this.tenantDns = options.tenantDns() == null ? null : new TenantDns(host, options.tenantDns());
        // a pool as large as the worker count: all passes together have about as many writes in flight as the workers had
        // alone before, and one namespace may now use eight of them
        this.passWrites = new PassWrites(options.threads(), WRITES_PER_PASS);
        this.reconciler = new NamespaceReconciler(host, statusWriter, options.tenantApi() == null ? null : new PodTokens(options.tenantApi()),
                tenantDns, passWrites);
        this.gpuMeter = new GpuMeter(root, host, java.time.Clock.systemUTC());
        this.nodeMirror = new NodeMirror(() -> host.nodes);
        this.queue = new WorkQueue<>("syncer", options.threads(), 1000, this::handle);
    }

    /** The server's address without a {@code /clusters/<ws>} suffix, whichever workspace the kubeconfig names. */
    static String baseUrl(String masterUrl) {
        String url = masterUrl.endsWith("/") ? masterUrl.substring(0, masterUrl.length() - 1) : masterUrl;
        int clusters = url.indexOf("/clusters/");
        return clusters < 0 ? url : url.substring(0, clusters);
    }

    /**
     * Serve synced pods' containers to Kubicle ({@code kubectl logs}, {@code exec}, {@code attach}, {@code port-forward},
     * the proxies, and {@code kubectl top}'s metrics in a workspace) at {@code listen}, reached at {@code advertised} (null:
     * the listen address), and record that in each synced Workspace's status. Call before {@link #start()}.
     */
    public void serveContainers(java.net.InetSocketAddress listen, String advertised, String kubicleCaPem) {
        HostMetrics metrics = options.hostMetrics();
        if (metrics == null) {
            metricsClient = HostMetricsApi.client(hostConfig);
            metrics = HostMetrics.of(metricsClient);
        }
        containers = new ContainerEndpoint(listen, advertised, kubicleCaPem, HostConnection.of(hostConfig), host, running::get, metrics);
        LOG.info("serving synced pods' logs, exec, attach, port-forward, proxies and metrics at {} (certificate SHA-256 {})",
                containers.url(), containers.certificateSha256());
    }

    /** Lists both sides, queues everything, and keeps watching; returns once the first lists are in. */
    public void start() {
        long resyncMillis = options.resync().toMillis();
        host.start(this::hostNamespaceChanged, resyncMillis, tenantDns != null);
        workspaceInformer = root.genericKubernetesResources(WorkspaceStatusWriter.API_VERSION, WorkspaceStatusWriter.KIND)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource ws) {
                        workspaceSeen(ws);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource ws) {
                        workspaceSeen(ws);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource ws, boolean finalStateUnknown) {
                        String name = ws.getMetadata().getName();
                        if (options.owns(name)) {
                            known.remove(name);
                            // now, not when the queue gets to it: the server ends the workspace's watches as it goes, and a
                            // watch still open meanwhile reports that as an error and tries again; out of running too, so a
                            // workspace made again under the name before the queue gets here starts with watches of its own
                            TenantWorkspace tenant = running.remove(name);
                            if (tenant != null) {
                                tenant.close();
                            }
                            queue.add(new Key(name, null));
                        }
                    }
                }, resyncMillis);
        sweepVanishedWorkspaces();
        resync.scheduleWithFixedDelay(this::queueEverything, resyncMillis, resyncMillis, TimeUnit.MILLISECONDS);
        long meterMillis = options.gpuMeter().toMillis();
        resync.scheduleWithFixedDelay(this::meterGpusAndMirrorNodes, meterMillis, meterMillis, TimeUnit.MILLISECONDS);
        LOG.info("syncer started: shard {}, workspaces {}, host pods reach their workspace at {}, tenant DNS {}", options.shard(),
                options.workspaces().isEmpty() ? "all" : options.workspaces(),
                options.tenantApi() == null ? "(nowhere: no --tenant-api-server)" : options.tenantApi().host() + ":" + options.tenantApi().port(),
                options.tenantDns() == null ? "off" : options.tenantDns().image() + " for " + options.tenantDns().domain());
    }

    private void workspaceSeen(GenericKubernetesResource ws) {
        String name = ws.getMetadata().getName();
        if (options.owns(name) && ws.getMetadata().getDeletionTimestamp() == null) {
            known.put(name, WorkspacePolicy.of(ws));
            queue.add(new Key(name, null));
        }
    }

    /** Workspaces with a ledger or host namespaces but no Workspace object any more (deleted or expired while we were down). */
    private void sweepVanishedWorkspaces() {
        Set<String> onHost = new TreeSet<>(host.ledgerWorkspaces());
        for (Namespace ns : host.namespaces.getIndexer().list()) {
            String[] tenant = host.tenantOf(ns.getMetadata().getName());
            if (tenant != null) {
                onHost.add(tenant[0]);
            }
        }
        for (String ws : onHost) {
            if (options.owns(ws) && !known.containsKey(ws)) {
                queue.add(new Key(ws, null));
            }
        }
    }

    private void hostNamespaceChanged(String hostNamespace) {
        String[] tenant = host.tenantOf(hostNamespace);
        if (tenant != null && running.containsKey(tenant[0])) {
            queue.add(new Key(tenant[0], tenant[1]));
        }
    }

    private void meterGpusAndMirrorNodes() {
        Map<String, Map<String, io.fabric8.kubernetes.api.model.Pod>> gpuPods = gpuMeter.gpuPodsByWorkspace();
        for (TenantWorkspace tenant : running.values()) {
            try {
                gpuMeter.meter(tenant.name, gpuPods.getOrDefault(tenant.name, Map.of()));
            } catch (RuntimeException e) {
                LOG.warn("metering GPU-seconds of workspace {} failed; the next pass retries: {}", tenant.name, e.getMessage());
            }
            try {
                nodeMirror.mirror(tenant);
            } catch (RuntimeException e) {
                LOG.warn("mirroring host nodes into workspace {} failed; the next pass retries: {}", tenant.name, e.getMessage());
            }
            idleDns(tenant);
        }
    }

    /** A workspace without pods on either side needs no DNS server running (a new pod's pass scales it up again). */
    private void idleDns(TenantWorkspace tenant) {
        // cheapest first: most workspaces have no server running, or pods in the tenant's cache
        if (tenantDns == null || !tenantDns.running(tenant.name) || tenant.hasPods() || host.hasPods(tenant.name)) {
            return;
        }
        try {
            tenantDns.idle(tenant.name);
        } catch (RuntimeException e) {
            LOG.warn("scaling down the DNS server of workspace {} failed; the next pass retries: {}", tenant.name, e.getMessage());
        }
    }

    /** Prometheus text of the syncer's metrics (GPU-seconds per workspace). */
    public String scrapeMetrics() {
        return gpuMeter.scrape();
    }

    private void queueEverything() {
        running.values().forEach(this::queueWorkspace);
    }

    private void queueWorkspace(TenantWorkspace tenant) {
        Set<String> namespaces = new TreeSet<>(tenant.activeNamespaces());
        for (Namespace ns : host.namespaces.getIndexer().list()) {
            String[] t = host.tenantOf(ns.getMetadata().getName());
            if (t != null && t[0].equals(tenant.name)) {
                namespaces.add(t[1]);
            }
        }
        namespaces.forEach(ns -> queue.add(new Key(tenant.name, ns)));
    }

    private boolean handle(Key key) {
        if (key.namespace() == null) {
            return lifecycle(key.workspace());
        }
        TenantWorkspace tenant = running.get(key.workspace());
        if (tenant != null && reconciler.reconcile(tenant, key.namespace())) {
            queue.add(key); // it left new pods: runs again once this pass ends, behind what else is queued
        }
        return true;
    }

    private boolean lifecycle(String workspace) {
        WorkspacePolicy policy = known.get(workspace);
        if (policy != null) {
            TenantWorkspace tenant = running.get(workspace);
            if (tenant == null) {
                tenant = new TenantWorkspace(workspace, tenantClients, policy);
                try {
                    tenant.start(ns -> queue.add(new Key(workspace, ns)), options.resync().toMillis());
                } catch (RuntimeException e) {
                    tenant.close();
                    throw e;
                }
                running.put(workspace, tenant);
                LOG.info("syncing workspace {}", workspace);
            } else {
                tenant.policy(policy);
            }
            if (containers != null) {
                statusWriter.containersEndpoint(workspace, containers.url(), containers.certificateSha256());
            } else {
                statusWriter.noContainersEndpoint(workspace);
            }
            queueWorkspace(tenant);
            return true;
        }
        TenantWorkspace tenant = running.remove(workspace);
        if (tenant != null) {
            tenant.close();
        }
        host.teardown(workspace);
        statusWriter.forgetWorkspace(workspace);
        reconciler.forgetWorkspace(workspace);
        gpuMeter.forget(workspace);
        if (tenantDns != null) {
            tenantDns.forgetWorkspace(workspace);
        }
        LOG.info("workspace {} is gone: its host namespaces and ledger are deleted", workspace);
        return true;
    }

    /** True when no work is queued or running (tests wait for it; so can a graceful shutdown). */
    public boolean idle() {
        return queue.idle();
    }

    @Override
    public void close() {
        if (containers != null) {
            containers.close();
        }
        if (metricsClient != null) {
            metricsClient.close();
        }
        resync.shutdownNow();
        queue.close();
        passWrites.close();
        if (workspaceInformer != null) {
            workspaceInformer.close();
        }
        running.values().forEach(TenantWorkspace::close);
        running.clear();
        host.close();
        host.client.close();
        tenantClients.close();
    }
}
