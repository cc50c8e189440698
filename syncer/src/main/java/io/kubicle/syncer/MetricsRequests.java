package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace's {@code metrics.k8s.io/v1beta1} for Kubicle, which forwards a tenant's {@code kubectl top} here:
 * {@code GET /metrics/<workspace>/pods}, {@code …/namespaces/<ns>/pods[/<name>]}, {@code …/nodes[/<name>]}. The answer is
 * metrics-server's JSON in the tenant's terms ({@link TenantMetrics}) from the host's ({@link HostMetrics}). A
 * {@code labelSelector} is the tenant's: Kubicle selects the tenant's pods or Nodes with it (its own selector rules and
 * messages), since the host's copies carry the syncer's labels over any of the tenant's with the same key.
 */
final class MetricsRequests {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRequests.class);

    /** A request's target: {@code resource} is pods or nodes; {@code namespace} null for all (pods) or none (nodes). */
    record Target(String workspace, String resource, String namespace, String name) {
        /** The target of a {@code /metrics/…} path, or null when it names none. */
        static Target parse(String path) {
            String[] p = path.split("/", -1);
            if (p.length < 4 || !p[1].equals("metrics") || p[2].isEmpty()) {
                return null;
            }
            String ws = ContainerEndpoint.segment(p[2]);
            boolean namespaced = p.length >= 6 && p[3].equals("namespaces") && !p[4].isEmpty() && p[5].equals("pods");
            int at = namespaced ? 5 : 3;
            String resource = p[at];
            String namespace = namespaced ? ContainerEndpoint.segment(p[4]) : null;
            if (p.length == at + 1 && (resource.equals("pods") || resource.equals("nodes"))) {
                return new Target(ws, resource, namespace, null);
            }
            boolean named = p.length == at + 2 && !p[at + 1].isEmpty();
            if (named && (namespaced || resource.equals("nodes"))) {
                return new Target(ws, resource, namespace, ContainerEndpoint.segment(p[at + 1]));
            }
            return null;
        }
    }

    /** A request answered with a Status of this code and reason. */
    static final class Refused extends RuntimeException {
        final int code;
        final String reason;

        Refused(int code, String reason, String message) {
            super(message);
            this.code = code;
            this.reason = reason;
        }

        static Refused notFound(String kind, String name) {
            return new Refused(404, "NotFound", kind + ".metrics.k8s.io \"" + name + "\" not found");
        }
    }

    private final Vertx vertx;
    private final HostMetrics host;
    private final HostCluster cluster;
    private final Function<String, TenantWorkspace> workspaces;
    private final Semaphore open;
    private final AtomicBoolean toldNoMetricsApi = new AtomicBoolean();

    MetricsRequests(Vertx vertx, HostMetrics host, HostCluster cluster, Function<String, TenantWorkspace> workspaces, Semaphore open) {
        this.vertx = vertx;
        this.host = host;
        this.cluster = cluster;
        this.workspaces = workspaces;
        this.open = open;
    }

    void serve(HttpServerRequest request) {
        Target target = Target.parse(request.path());
        if (target == null) {
            ContainerEndpoint.fail(request, 404, "NotFound", "expected /metrics/<workspace>/pods, /metrics/<workspace>/namespaces/<namespace>"
                    + "/pods[/<name>] or /metrics/<workspace>/nodes[/<name>]");
            return;
        }
        if (request.method() != HttpMethod.GET) {
            ContainerEndpoint.fail(request, 405, "MethodNotAllowed", "the resource metrics API serves GET only");
            return;
        }
        TenantWorkspace tenant = workspaces.apply(target.workspace());
        if (tenant == null) {
            ContainerEndpoint.fail(request, 404, "NotFound", "workspace " + target.workspace() + " is not synced by this syncer");
            return;
        }
        if (!open.tryAcquire()) {
            ContainerEndpoint.busy(request);
            return;
        }
        String selector = request.getParam("labelSelector");
        // the host client and Kubicle's block: off the event loop
        vertx.executeBlocking(() -> SyncerJson.asJson(answer(target, tenant, selector == null || selector.isBlank() ? null : selector)),
                false).onComplete(ar -> {
                    open.release();
                    if (ar.succeeded()) {
                        request.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(ar.result()));
                        return;
                    }
                    if (ar.cause() instanceof HostMetrics.NoMetricsApi && toldNoMetricsApi.compareAndSet(false, true)) {
                        LOG.warn("{}; workspaces' kubectl top answers 503 until then", ar.cause().getMessage());
                    }
                    Refused refused = refusalOf(ar.cause());
                    ContainerEndpoint.fail(request, refused.code, refused.reason, refused.getMessage());
                });
    }

    /** What a failed answer tells Kubicle. */
    static Refused refusalOf(Throwable failure) {
        if (failure instanceof Refused refused) {
            return refused;
        }
        if (failure instanceof HostMetrics.NoMetricsApi) {
            return new Refused(503, "ServiceUnavailable", failure.getMessage());
        }
        if (failure instanceof KubernetesClientException) {
            return new Refused(503, "ServiceUnavailable", "the syncer could not get metrics from the host cluster: " + failure.getMessage());
        }
        LOG.warn("answering a metrics request failed", failure);
        return new Refused(500, "InternalError", "the syncer failed to answer: " + failure);
    }

    /** The answer's object (blocks). */
    Object answer(Target target, TenantWorkspace tenant, String selector) {
        Map<String, String> pool = tenant.policy().poolNodeSelector();
        if (target.resource().equals("nodes") && target.name() == null) {
            Set<String> selected = selector == null ? null : namesOf(fromKubicle(() -> tenant.client.nodes().list(options(selector)).getItems()));
            return TenantMetrics.nodeList(TenantMetrics.nodes(host.nodes(), this::hostNode, pool).stream()
                    .filter(n -> selected == null || selected.contains(n.getMetadata().getName())).toList());
        }
        if (target.resource().equals("nodes")) {
            Node hostNode = hostNode(target.name());
            NodeMetrics found = TenantMetrics.inView(hostNode, pool) ? TenantMetrics.node(host.node(target.name()), hostNode, pool) : null;
            if (found == null) {
                throw Refused.notFound("nodemetrics", target.name());
            }
            return found;
        }
        String ws = target.workspace();
        if (target.name() == null) {
            List<PodMetrics> hostMetrics = target.namespace() == null
                    // one request for the whole workspace: metrics-server selects by the pods' labels
                    ? host.pods(null, Map.of(SyncLabels.WORKSPACE, HostNames.labelValue(ws)))
                    : host.pods(HostNames.namespace(ws, target.namespace()), Map.of());
            return TenantMetrics.podList(TenantMetrics.pods(ws, tenantPods(tenant, target.namespace(), selector), hostMetrics,
                    (ns, name) -> Informers.get(cluster.pods, ns, name)));
        }
        String hostNs = HostNames.namespace(ws, target.namespace());
        Pod tenantPod = tenant.pod(target.namespace(), target.name());
        Pod hostPod = Informers.get(cluster.pods, hostNs, target.name());
        PodMetrics found = tenantPod == null || !HostCopies.standsFor(hostPod, tenantPod) ? null
                : TenantMetrics.pod(tenantPod, host.pod(hostNs, target.name()), hostPod);
        if (found == null) {
            throw Refused.notFound("podmetrics", target.name());
        }
        return found;
    }

    /** The tenant's pods of a namespace (null: all) that {@code selector} (null: any) selects. */
    private static Collection<Pod> tenantPods(TenantWorkspace tenant, String namespace, String selector) {
        if (selector == null) {
            return namespace == null ? tenant.pods() : tenant.pods(namespace);
        }
        return fromKubicle(() -> namespace == null ? tenant.client.pods().inAnyNamespace().list(options(selector)).getItems()
                : tenant.client.pods().inNamespace(namespace).list(options(selector)).getItems());
    }

    private Node hostNode(String name) {
        return cluster.nodes.getIndexer().getByKey(name);
    }

    private static ListOptions options(String selector) {
        return new ListOptionsBuilder().withLabelSelector(selector).build();
    }

    private static Set<String> namesOf(List<Node> nodes) {
        return nodes.stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    }

    /** Kubicle's refusal (a selector it cannot parse: 400) goes back as Kubicle said it. */
    private static <T> T fromKubicle(java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (KubernetesClientException e) {
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
            String reason = e.getStatus() != null && e.getStatus().getReason() != null ? e.getStatus().getReason() : "BadRequest";
            throw new Refused(e.getCode() > 0 ? e.getCode() : 503, reason, message);
        }
    }
}
