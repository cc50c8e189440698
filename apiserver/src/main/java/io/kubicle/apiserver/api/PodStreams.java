package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code pods/exec}, {@code pods/attach} and {@code pods/portforward}, as kube-apiserver serves them: the pod, its
 * container and its node are checked here, then the client's upgraded connection is carried to whatever runs the pod
 * ({@link PodBackends}) and passed through byte for byte, so kubectl speaks WebSocket or SPDY with the far end as it
 * would with a kubelet. The options (command, stdin, stdout, stderr, tty; ports) go on as they came, nothing else.
 */
public final class PodStreams {
    private static final List<String> SUBRESOURCES = List.of("exec", "attach", "portforward");
    /** The query parameters of PodExecOptions, PodAttachOptions and PodPortForwardOptions, as the API takes them. */
    private static final List<String> FORWARDED = List.of("command", "stdin", "stdout", "stderr", "tty", "ports");

    private final PodBackends backends;
    private final Upstreams upstreams;

    public PodStreams(PodBackends backends, Upstreams upstreams) {
        this.backends = backends;
        this.upstreams = upstreams;
    }

    static boolean handles(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("pods") && SUBRESOURCES.contains(call.info().subresource());
    }

    /** kube-apiserver's query for the kubelet: stdin, stdout, stderr as input, output, error; ports as port. */
    static String kubeletQuery(ApiCall call) {
        List<String> q = new java.util.ArrayList<>();
        for (String[] flag : new String[][] {{"stdin", "input"}, {"stdout", "output"}, {"stderr", "error"}, {"tty", "tty"}}) {
            String value = call.param(flag[0]);
            if (List.of("1", "t", "T", "true", "TRUE", "True").contains(value)) {
                q.add(flag[1] + "=1");
            }
        }
        call.params().getAll("command").forEach(c -> q.add("command=" + PodBackends.segment(c)));
        call.params().getAll("ports").forEach(p -> q.add("port=" + PodBackends.segment(p)));
        return String.join("&", q);
    }

    /** Serves the stream; {@code ended} records the request when the stream closes (its end the router never sees). */
    void serve(ApiCall call, ObjectHandler objects, Runnable ended) {
        String sub = call.info().subresource();
        String method = call.ctx().request().method().name();
        if (!method.equals("GET") && !method.equals("POST")) {
            throw Statuses.methodNotAllowed(method);
        }
        if (call.ctx().request().getHeader("Upgrade") == null) {
            throw Statuses.badRequest("Upgrade request required");
        }
        String name = call.info().name();
        String query = call.params().entries().stream().filter(e -> FORWARDED.contains(e.getKey()))
                .map(e -> PodBackends.segment(e.getKey()) + "=" + PodBackends.segment(e.getValue())).collect(Collectors.joining("&"));
        objects.get(call).compose(pod -> {
            String container = sub.equals("portforward") ? null : PodBackends.container(pod, call.param("container"));
            String node = pod.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                throw Statuses.badRequest("pod " + name + " does not have a host assigned");
            }
            String kind = sub.equals("portforward") ? "portForward" : sub;
            return backends.target(call, pod, node, kind, container, query, kubeletQuery(call))
                    .compose(target -> upstreams.tunnel(call.ctx(), target, sub + " of pod " + name, ended));
        }).onFailure(call.ctx()::fail);
    }
}
