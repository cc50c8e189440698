package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The host's resource metrics in a tenant's terms. A pod's metrics are the tenant pod's only when the host pod stands for
 * it (its {@code kubicle.io/tenant-uid}): the workspace's DNS servers and a host pod left from an earlier tenant pod of
 * the same name are no tenant pod's. They carry the tenant pod's namespace, name and labels (the host's have the
 * syncer's own labels, which may hide a tenant label of the same key); the sample (timestamp, window, each container's
 * usage of every resource) is the host's as it came. A node's are shown only for a node in the workspace's view
 * ({@link NodeView}), with the labels its tenant copy has.
 */
final class TenantMetrics {
    static final String API_VERSION = "metrics.k8s.io/v1beta1";

    private TenantMetrics() {
    }

    /**
     * The metrics of {@code tenantPods} (pods of {@code workspace}) found among {@code hostMetrics}.
     *
     * @param hostPod the host's cached pod by (host namespace, name), or null
     */
    static List<PodMetrics> pods(String workspace, Collection<Pod> tenantPods, List<PodMetrics> hostMetrics,
                                 BiFunction<String, String, Pod> hostPod) {
        Map<String, Pod> byHostKey = new HashMap<>();
        for (Pod pod : tenantPods) {
            ObjectMeta meta = pod.getMetadata();
            byHostKey.put(HostNames.namespace(workspace, meta.getNamespace()) + "/" + meta.getName(), pod);
        }
        List<PodMetrics> shown = new ArrayList<>();
        for (PodMetrics metrics : hostMetrics) {
            ObjectMeta meta = metrics.getMetadata();
            Pod tenant = byHostKey.get(meta.getNamespace() + "/" + meta.getName());
            PodMetrics translated = tenant == null ? null : pod(tenant, metrics, hostPod.apply(meta.getNamespace(), meta.getName()));
            if (translated != null) {
                shown.add(translated);
            }
        }
        return shown;
    }

    /** {@code hostMetrics} (may be null) as {@code tenant}'s, or null when {@code hostPod} does not stand for it. */
    static PodMetrics pod(Pod tenant, PodMetrics hostMetrics, Pod hostPod) {
        if (hostMetrics == null || !HostCopies.standsFor(hostPod, tenant)) {
            return null;
        }
        return new PodMetricsBuilder(hostMetrics).withApiVersion(API_VERSION).withKind("PodMetrics")
                .withMetadata(meta(tenant.getMetadata(), hostMetrics.getMetadata())).build();
    }

    /** The metrics of the nodes in the view of a workspace whose pool selects {@code poolSelector}. */
    static List<NodeMetrics> nodes(List<NodeMetrics> hostMetrics, Function<String, Node> hostNode, Map<String, String> poolSelector) {
        List<NodeMetrics> shown = new ArrayList<>();
        for (NodeMetrics metrics : hostMetrics) {
            NodeMetrics translated = node(metrics, hostNode.apply(metrics.getMetadata().getName()), poolSelector);
            if (translated != null) {
                shown.add(translated);
            }
        }
        return shown;
    }

    /** {@code hostMetrics} (may be null) of {@code hostNode} (may be null) as the tenant sees it, or null outside its view. */
    static NodeMetrics node(NodeMetrics hostMetrics, Node hostNode, Map<String, String> poolSelector) {
        if (hostMetrics == null || !inView(hostNode, poolSelector)) {
            return null;
        }
        return new NodeMetricsBuilder(hostMetrics).withApiVersion(API_VERSION).withKind("NodeMetrics")
                .withMetadata(meta(NodeView.tenantCopy(hostNode).getMetadata(), hostMetrics.getMetadata())).build();
    }

    /** Whether a host node (may be null) is one the workspace sees: the node view's filter. */
    static boolean inView(Node hostNode, Map<String, String> poolSelector) {
        return hostNode != null && NodeView.inPool(hostNode, poolSelector);
    }

    /** A PodMetricsList as metrics-server writes it: {@code items} even when empty (fabric8's list would leave it out). */
    static Map<String, Object> podList(List<PodMetrics> items) {
        return list("PodMetricsList", items);
    }

    static Map<String, Object> nodeList(List<NodeMetrics> items) {
        return list("NodeMetricsList", items);
    }

    private static Map<String, Object> list(String kind, List<?> items) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("kind", kind);
        list.put("apiVersion", API_VERSION);
        list.put("metadata", Map.of());
        list.put("items", items);
        return list;
    }

    /** The tenant object's name, namespace and labels; the time metrics-server made the answer. */
    private static ObjectMeta meta(ObjectMeta tenant, ObjectMeta host) {
        return new ObjectMetaBuilder().withName(tenant.getName()).withNamespace(tenant.getNamespace())
                .withLabels(tenant.getLabels() == null || tenant.getLabels().isEmpty() ? null
                        : new LinkedHashMap<>(tenant.getLabels()))
                .withCreationTimestamp(host == null ? null : host.getCreationTimestamp()).build();
    }
}
