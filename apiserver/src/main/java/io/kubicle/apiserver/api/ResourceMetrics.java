package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import java.util.List;

/**
 * {@code metrics.k8s.io/v1beta1} of a tenant workspace, what {@code kubectl top pod} and {@code kubectl top node} read:
 * the usage of the workspace's pods and of the host nodes it sees, as the host cluster's metrics-server measures them.
 * Kubicle runs no pods, so it keeps no metrics: each request goes to the syncer that runs the workspace's pods (the one
 * that recorded {@code status.syncer.containersEndpoint}, as for logs), which asks the host and answers in the tenant's
 * names. A workspace no syncer serves answers 503 with why; the root workspace does not list the group (nothing
 * measures its pods), as a cluster without metrics-server does not.
 */
final class ResourceMetrics {
    static final String GROUP = "metrics.k8s.io";
    private static final List<String> GET_LIST = List.of("get", "list");

    /** The group's resources as metrics-server lists them. */
    static final List<ResourceType> TYPES = List.of(
            new ResourceType(GROUP, "v1beta1", "nodes", "NodeMetrics", "nodemetrics", false, GET_LIST, List.of(), List.of(), List.of()),
            new ResourceType(GROUP, "v1beta1", "pods", "PodMetrics", "podmetrics", true, GET_LIST, List.of(), List.of(), List.of()));

    private final PodBackends backends;
    private final Upstreams upstreams;

    ResourceMetrics(PodBackends backends, Upstreams upstreams) {
        this.backends = backends;
        this.upstreams = upstreams;
    }

    static boolean handles(ApiCall call) {
        return call.type().group().equals(GROUP);
    }

    void serve(ApiCall call) {
        String workspace = call.workspace();
        RequestInfo info = call.info();
        backends.syncerEndpoint(workspace).compose(syncer -> {
            if (syncer == null) {
                throw Statuses.serviceUnavailable("the metrics of workspace " + workspace + "'s pods and nodes come from the host"
                        + " cluster that runs them, through its syncer, and no syncer serves this workspace (a syncer records"
                        + " itself in the Workspace's status.syncer.containersEndpoint unless it runs with --containers-listen off)");
            }
            StringBuilder path = new StringBuilder(syncer.url()).append("/metrics/").append(PodBackends.segment(workspace));
            if (!info.namespace().isEmpty()) {
                path.append("/namespaces/").append(PodBackends.segment(info.namespace()));
            }
            path.append('/').append(info.resource());
            if (!info.name().isEmpty()) {
                path.append('/').append(PodBackends.segment(info.name()));
            }
            String query = call.ctx().request().query();
            if (query != null && !query.isEmpty()) {
                path.append('?').append(query);
            }
            Upstreams.Target target = new Upstreams.Target(path.toString(), syncer.certificateSha256(), "the syncer at " + syncer.url());
            return upstreams.json(call.ctx(), target, "the " + info.resource() + " metrics of workspace " + workspace);
        }).onFailure(call.ctx()::fail);
    }
}
