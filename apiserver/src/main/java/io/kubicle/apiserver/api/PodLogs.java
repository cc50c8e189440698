package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import io.vertx.core.Future;

/**
 * {@code GET pods/<name>/log}, as kube-apiserver serves it: the options and the container are checked here, and the
 * log itself is streamed from whatever runs the pod ({@link PodBackends}). A pod not yet on a node has no log yet: an
 * empty answer, as kube-apiserver gives.
 */
public final class PodLogs {
    private final PodBackends backends;
    private final Upstreams upstreams;

    public PodLogs(PodBackends backends, Upstreams upstreams) {
        this.backends = backends;
        this.upstreams = upstreams;
    }

    static boolean handles(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("pods") && call.info().subresource().equals("log");
    }

    void serve(ApiCall call, ObjectHandler objects) {
        if (!call.info().verb().equals("get")) {
            throw Statuses.methodNotAllowed(call.ctx().request().method().name());
        }
        String podName = call.info().name();
        PodLogOptions options = PodLogOptions.parse(podName, call.params());
        objects.get(call).compose(pod -> {
            String container = PodBackends.container(pod, options.container());
            String node = pod.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                upstreams.empty(call.ctx());
                return Future.succeededFuture();
            }
            return backends.target(call, pod, node, "containerLogs", container, options.query())
                    .compose(target -> upstreams.stream(call.ctx(), target, "the logs of pod " + podName));
        }).onFailure(call.ctx()::fail);
    }
}
