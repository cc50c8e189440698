package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meters GPU-seconds per workspace from the host pods in the host cache and keeps them in the
 * Workspace's {@code status.gpu} (a merge patch on the status subresource carrying the resourceVersion
 * it was computed from, so a concurrent write makes this pass retry rather than double-count) and on
 * the syncer's Prometheus registry as {@code kubicle_syncer_gpu_used_seconds_total{workspace}}.
 */
final class GpuMeter {
    private static final Logger LOG = LoggerFactory.getLogger(GpuMeter.class);
    static final String METRIC = "kubicle.syncer.gpu.used.seconds";

    private final KubernetesClient root;
    private final HostCluster host;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> used = new ConcurrentHashMap<>();
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();
    /** Workspaces whose last pass found no GPU pod and nothing left to settle. */
    private final java.util.Set<String> idle = ConcurrentHashMap.newKeySet();

    GpuMeter(KubernetesClient root, HostCluster host, Clock clock) {
        this.root = root;
        this.host = host;
        this.clock = clock;
    }

    /** The host pods that ask for GPUs, by workspace and then tenant pod uid: one pass over the cache for every workspace. */
    Map<String, Map<String, Pod>> gpuPodsByWorkspace() {
        Map<String, Map<String, Pod>> byWorkspace = new HashMap<>();
        for (Pod pod : host.pods.getIndexer().list()) {
            String uid = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID);
            if (uid == null || uid.isEmpty() || GpuRunTime.gpus(pod) <= 0) {
                continue;
            }
            String[] tenant = host.tenantOf(pod.getMetadata().getNamespace());
            if (tenant != null) {
                byWorkspace.computeIfAbsent(tenant[0], ws -> new HashMap<>()).put(uid, pod);
            }
        }
        return byWorkspace;
    }

    /**
     * One metering pass for one workspace, given its GPU pods ({@link #gpuPodsByWorkspace}); returns its GPU-seconds. A
     * workspace that had no GPU pod at its last pass and has none now has nothing to settle: it costs no request.
     */
    long meter(String workspace, Map<String, Pod> pods) {
        if (pods.isEmpty() && idle.contains(workspace)) {
            return gauge(workspace).get();
        }
        GenericKubernetesResource ws = root.genericKubernetesResources(WorkspaceStatusWriter.API_VERSION, WorkspaceStatusWriter.KIND)
                .withName(workspace).get();
        if (ws == null) {
            return 0;
        }
        Map<String, Object> previous = Map.of();
        if (ws.getAdditionalProperties().get("status") instanceof Map<?, ?> status && status.get("gpu") instanceof Map<?, ?> gpu) {
            previous = GpuUsage.cast(gpu);
        }
        GpuUsage.Next next = GpuUsage.next(previous, pods, clock.instant());
        if (pods.isEmpty() && !next.changed() && !(previous.get("pods") instanceof Map<?, ?> old && !old.isEmpty())) {
            idle.add(workspace);
        } else {
            idle.remove(workspace);
        }
        if (next.changed()) {
            String body = SyncerJson.asJson(Map.of("metadata", Map.of("resourceVersion", ws.getMetadata().getResourceVersion()),
                    "status", Map.of("gpu", next.gpuPatch())));
            try {
                UnreadWrites.patchStatus(root, WorkspaceStatusWriter.API_VERSION, WorkspaceStatusWriter.PLURAL, workspace, body);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    LOG.debug("workspace {} changed while metering; next pass retries", workspace);
                    return gauge(workspace).get();
                }
                throw e;
            }
        }
        gauge(workspace).set(next.usedSeconds());
        return next.usedSeconds();
    }

    private AtomicLong gauge(String workspace) {
        return used.computeIfAbsent(workspace, ws -> {
            AtomicLong value = new AtomicLong();
            meters.put(ws, FunctionCounter.builder(METRIC, value, AtomicLong::get).tag("workspace", ws)
                    .description("GPU-seconds used by the workspace's pods on the host").register(registry));
            return value;
        });
    }

    /** The workspace is gone: its series goes too. */
    void forget(String workspace) {
        used.remove(workspace);
        idle.remove(workspace);
        Meter meter = meters.remove(workspace);
        if (meter != null) {
            registry.remove(meter);
        }
    }

    /** Prometheus text exposition of every workspace's GPU-seconds. */
    String scrape() {
        return registry.scrape();
    }
}
