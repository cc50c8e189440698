package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodMetricOperation;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** {@link HostMetrics} from the host's own {@code metrics.k8s.io/v1beta1} API (metrics-server), through fabric8's {@code top()}. */
final class HostMetricsApi implements HostMetrics {
    private final KubernetesClient host;

    HostMetricsApi(KubernetesClient host) {
        this.host = host;
    }

    /**
     * A host client for metrics: without retries (a host whose metrics-server is down answers 503, which fabric8 would
     * retry for about 100 s while kubectl top waits; the tenant asks again if it wants to), and reading Go's durations.
     */
    static KubernetesClient client(Config hostConfig) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(hostConfig).withRequestRetryBackoffLimit(0).build())
                .withKubernetesSerialization(SyncerJson.SERIALIZATION).build();
    }

    @Override
    public List<PodMetrics> pods(String hostNamespace, Map<String, String> labels) {
        PodMetricOperation pods = hostNamespace == null ? host.top().pods() : host.top().pods().inNamespace(hostNamespace);
        PodMetricOperation selected = labels.isEmpty() ? pods : pods.withLabels(labels);
        return ask(() -> selected.metrics().getItems(), false);
    }

    @Override
    public PodMetrics pod(String hostNamespace, String name) {
        return ask(() -> host.top().pods().metrics(hostNamespace, name), true);
    }

    @Override
    public List<NodeMetrics> nodes() {
        return ask(() -> host.top().nodes().metrics().getItems(), false);
    }

    @Override
    public NodeMetrics node(String name) {
        return ask(() -> host.top().nodes().metrics(name), true);
    }

    /**
     * Both "no such object" and "no such API" are a 404. metrics-server's names the object in the Status's details
     * ({@code podmetrics.metrics.k8s.io "ns/web" not found}); kube-apiserver's for a group nobody serves names nothing.
     */
    private static <T> T ask(Supplier<T> request, boolean oneObject) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            if (oneObject && namesAnObject(e)) {
                return null;
            }
            if (e.getCode() == 404 || e.getCode() == 503) {
                throw new NoMetricsApi();
            }
            throw e;
        }
    }

    private static boolean namesAnObject(KubernetesClientException e) {
        Status status = e.getStatus();
        return e.getCode() == 404 && status != null && status.getDetails() != null && status.getDetails().getName() != null
                && !status.getDetails().getName().isEmpty();
    }
}
