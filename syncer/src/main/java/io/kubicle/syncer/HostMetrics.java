package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * Where the syncer reads the host cluster's resource metrics ({@code metrics.k8s.io/v1beta1}, what metrics-server serves
 * and {@code kubectl top} shows), in host terms: host namespaces, host pods' labels. {@link TenantMetrics} turns them into
 * the tenant's. By default the host's own metrics API ({@link #of}); {@link Syncer.Options#withHostMetrics} gives another
 * source, such as a test's stand-in for a host that runs no metrics-server.
 *
 * <p>Every method blocks (it may ask the host) and throws {@link NoMetricsApi} when the host serves no metrics API; other
 * failures to reach the host are thrown as they come.
 */
public interface HostMetrics {

    /**
     * Metrics of the host pods in {@code hostNamespace} (null: every namespace) that carry all of {@code labels} (empty:
     * any), as metrics-server lists them: pods it has no sample of yet are left out.
     */
    List<PodMetrics> pods(String hostNamespace, Map<String, String> labels);

    /** Metrics of one host pod, or null when the host has none for it (no such pod, or no sample yet). */
    PodMetrics pod(String hostNamespace, String name);

    /** Metrics of every host node. */
    List<NodeMetrics> nodes();

    /** Metrics of one host node, or null when the host has none for it. */
    NodeMetrics node(String name);

    /** The host's own {@code metrics.k8s.io} API, asked with the syncer's host client. */
    static HostMetrics of(KubernetesClient host) {
        return new HostMetricsApi(host);
    }

    /**
     * The host answers for no metrics API: kube-apiserver's 404 when no APIService serves {@code metrics.k8s.io}, or its
     * 503 when one is registered but its server (metrics-server) is not running. Tenants get a 503 with this message: only
     * the host's operator can change it.
     */
    final class NoMetricsApi extends RuntimeException {
        public static final String MESSAGE = "the host cluster serves no metrics API (metrics.k8s.io): its operator installs"
                + " metrics-server for kubectl top to work";

        public NoMetricsApi() {
            super(MESSAGE);
        }
    }
}
