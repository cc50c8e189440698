package io.kubicle.e2e;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubicle.syncer.HostMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A STAND-IN for the host's metrics-server: the host stand-in is a Kubicle server, which has none. It answers as
 * metrics-server would from the stand-in's real host pods and nodes, so the syncer's filtering and translation and the
 * path from Kubicle's API to it are the real ones: a Running pod's containers use exactly what they request (1m and 1Mi
 * when they request nothing), a node uses half of its allocatable cpu and memory. It keeps what it was asked.
 */
final class MetricsServerStandIn implements HostMetrics {
    static final java.time.Duration WINDOW = java.time.Duration.ofSeconds(20);
    private final KubernetesClient host;
    /** Each request, as {@code pods <namespace|*> <labels>}, {@code pod <namespace>/<name>}, {@code nodes}, {@code node <name>}. */
    final List<String> asked = new CopyOnWriteArrayList<>();

    MetricsServerStandIn(KubernetesClient host) {
        this.host = host;
    }

    @Override
    public List<PodMetrics> pods(String hostNamespace, Map<String, String> labels) {
        asked.add("pods " + (hostNamespace == null ? "*" : hostNamespace) + " " + labels);
        var pods = hostNamespace == null ? host.pods().inAnyNamespace() : host.pods().inNamespace(hostNamespace);
        return (labels.isEmpty() ? pods : pods.withLabels(labels)).list().getItems().stream().filter(MetricsServerStandIn::running)
                .map(MetricsServerStandIn::sample).toList();
    }

    @Override
    public PodMetrics pod(String hostNamespace, String name) {
        asked.add("pod " + hostNamespace + "/" + name);
        Pod pod = host.pods().inNamespace(hostNamespace).withName(name).get();
        return pod == null || !running(pod) ? null : sample(pod);
    }

    @Override
    public List<NodeMetrics> nodes() {
        asked.add("nodes");
        return host.nodes().list().getItems().stream().map(MetricsServerStandIn::sample).toList();
    }

    @Override
    public NodeMetrics node(String name) {
        asked.add("node " + name);
        Node node = host.nodes().withName(name).get();
        return node == null ? null : sample(node);
    }

    /** metrics-server has samples of running pods only. */
    private static boolean running(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    private static PodMetrics sample(Pod pod) {
        List<ContainerMetrics> containers = pod.getSpec().getContainers().stream().map(c -> new ContainerMetricsBuilder()
                .withName(c.getName()).withUsage(usage(c)).build()).toList();
        // metrics-server labels a pod's metrics with the pod's labels: the host pod's, the syncer's own included
        return new PodMetricsBuilder().withNewMetadata().withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
                .withLabels(pod.getMetadata().getLabels()).withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withTimestamp(Instant.now().toString()).withWindow(window()).withContainers(containers).build();
    }

    private static Map<String, Quantity> usage(Container container) {
        Map<String, Quantity> requests = container.getResources() == null || container.getResources().getRequests() == null ? Map.of()
                : container.getResources().getRequests();
        Map<String, Quantity> usage = new LinkedHashMap<>();
        usage.put("cpu", requests.getOrDefault("cpu", new Quantity("1m")));
        usage.put("memory", requests.getOrDefault("memory", new Quantity("1Mi")));
        return usage;
    }

    private static NodeMetrics sample(Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null || node.getStatus().getAllocatable() == null ? Map.of()
                : node.getStatus().getAllocatable();
        Map<String, Quantity> usage = new LinkedHashMap<>();
        for (String resource : List.of("cpu", "memory")) {
            BigDecimal whole = allocatable.containsKey(resource) ? allocatable.get(resource).getNumericalAmount() : BigDecimal.ZERO;
            usage.put(resource, new Quantity(whole.divide(BigDecimal.valueOf(2)).toPlainString()));
        }
        return new NodeMetricsBuilder().withNewMetadata().withName(node.getMetadata().getName()).withLabels(node.getMetadata().getLabels())
                .withCreationTimestamp(Instant.now().toString()).endMetadata().withTimestamp(Instant.now().toString()).withWindow(window())
                .withUsage(usage).build();
    }

    private static io.fabric8.kubernetes.api.model.Duration window() {
        return new io.fabric8.kubernetes.api.model.Duration(WINDOW);
    }
}
