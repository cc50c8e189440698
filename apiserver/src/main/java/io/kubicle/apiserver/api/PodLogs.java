package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.admission.StoredWorkspacePolicies;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET pods/<name>/log}, as kube-apiserver serves it: the options and the container are checked here, and the
 * log itself is streamed from whatever runs the pod. For a workspace whose pods a syncer runs on a host cluster,
 * that is the syncer, at the address it recorded in the Workspace's {@code status.syncer.logs} (its certificate
 * pinned by the SHA-256 recorded beside it). In the root workspace (a Kubicle that is itself a host, whose Nodes only
 * operators write) it is the kubelet of the pod's node, found as kube-apiserver finds it (the node's addresses and
 * {@code status.daemonEndpoints.kubeletEndpoint.Port}); tenants' Nodes are never dialed.
 * Both are asked with the server's operator client certificate. A pod not yet on a node has no log yet: an empty
 * answer, as kube-apiserver gives.
 */
public final class PodLogs {
    /** kube-apiserver's default --kubelet-preferred-address-types. */
    private static final List<String> ADDRESS_TYPES = List.of("Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP");
    private static final int DEFAULT_KUBELET_PORT = 10250;

    private final Store store;
    private final Supplier<Future<Long>> rootId;
    private final LogStreams streams;

    public PodLogs(Store store, Supplier<Future<Long>> rootId, LogStreams streams) {
        this.store = store;
        this.rootId = rootId;
        this.streams = streams;
    }

    static boolean handles(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("pods") && call.info().subresource().equals("log");
    }

    /** pods/exec, attach, portforward and proxy: the containers' streams other than the log, which Kubicle does not reach. */
    static boolean unserved(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("pods")
                && List.of("exec", "attach", "portforward", "proxy").contains(call.info().subresource());
    }

    void serve(ApiCall call, ObjectHandler objects) {
        if (!call.info().verb().equals("get")) {
            throw Statuses.methodNotAllowed(call.ctx().request().method().name());
        }
        String podName = call.info().name();
        PodLogOptions options = PodLogOptions.parse(podName, call.params());
        objects.get(call).compose(pod -> {
            String container = container(pod, options.container());
            String node = pod.path("spec").path("nodeName").asText("");
            if (node.isEmpty()) {
                streams.empty(call.ctx());
                return Future.succeededFuture();
            }
            String uid = pod.path("metadata").path("uid").asText("");
            return target(call, node, container, uid, options)
                    .compose(target -> streams.proxy(call.ctx(), target, "the logs of pod " + podName));
        }).onFailure(call.ctx()::fail);
    }

    /** The container asked for, or the only one; kube's messages when that is not clear. */
    static String container(JsonNode pod, String asked) {
        String name = pod.path("metadata").path("name").asText();
        JsonNode spec = pod.path("spec");
        List<String> all = new ArrayList<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(list).forEach(c -> all.add(c.path("name").asText()));
        }
        if (!asked.isEmpty()) {
            if (!all.contains(asked)) {
                throw Statuses.badRequest("container " + asked + " is not valid for pod " + name);
            }
            return asked;
        }
        JsonNode containers = spec.path("containers");
        if (containers.size() == 1) {
            return containers.get(0).path("name").asText();
        }
        if (containers.isEmpty()) {
            throw Statuses.badRequest("a container name must be specified for pod " + name);
        }
        throw Statuses.badRequest("a container name must be specified for pod " + name + ", choose one of: ["
                + String.join(" ", all) + "]");
    }

    private Future<LogStreams.Target> target(ApiCall call, String node, String container, String uid, PodLogOptions options) {
        String path = path(call.info().namespace(), call.info().name(), container);
        return syncerEndpoint(call.workspace()).compose(syncer -> {
            if (syncer != null) {
                String url = syncer.url() + "/containerLogs/" + segment(call.workspace()) + path + "?" + query(options, "podUID=" + segment(uid));
                return Future.succeededFuture(new LogStreams.Target(url, syncer.certificateSha256(), "the syncer at " + syncer.url()));
            }
            if (!WorkspaceResource.ROOT.equals(call.workspace())) {
                // a tenant's Nodes are the tenant's to write: dialing their addresses would let it make the server
                // fetch from any host it names
                throw Statuses.badRequest("pod " + call.info().name() + " runs on node " + node + ", but no syncer serves"
                        + " the logs of workspace " + call.workspace() + "'s pods (a syncer records where in the Workspace's"
                        + " status.syncer.logs unless it runs with --logs-listen off)");
            }
            return store.get(new ObjectKey(call.workspaceId(), "", "nodes", "", node))
                    .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                            ? Statuses.notFound("", "nodes", node) : e))
                    .map(stored -> kubelet(Json.parseStored(stored.body()), node, path, options));
        });
    }

    private static LogStreams.Target kubelet(JsonNode node, String nodeName, String path, PodLogOptions options) {
        String address = null;
        for (String type : ADDRESS_TYPES) {
            for (JsonNode a : node.path("status").path("addresses")) {
                if (address == null && type.equals(a.path("type").asText()) && !a.path("address").asText().isEmpty()) {
                    address = a.path("address").asText();
                }
            }
        }
        if (address == null) {
            throw Statuses.badRequest("node " + nodeName + " has no address to reach its kubelet at");
        }
        int port = node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
        String host = address.contains(":") ? "[" + address + "]" : address;
        String url = "https://" + host + ":" + (port > 0 ? port : DEFAULT_KUBELET_PORT) + "/containerLogs" + path + "?"
                + query(options, "");
        return new LogStreams.Target(url, null, "the kubelet of node " + nodeName);
    }

    /** The syncer's log endpoint recorded in the workspace's status, or null (the root workspace has none). */
    private Future<SyncerEndpoint> syncerEndpoint(String workspace) {
        if (WorkspaceResource.ROOT.equals(workspace)) {
            return Future.succeededFuture(null);
        }
        return rootId.get().compose(root -> store.get(StoredWorkspacePolicies.workspaceKey(root, workspace)))
                .map(stored -> SyncerEndpoint.of(Json.parseStored(stored.body())))
                .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(null) : Future.failedFuture(e));
    }

    /** Where a syncer serves the logs of the workspace's pods, and the SHA-256 of its certificate. */
    record SyncerEndpoint(String url, String certificateSha256) {
        static SyncerEndpoint of(JsonNode workspace) {
            JsonNode logs = workspace.path("status").path("syncer").path("logs");
            String url = logs.path("url").asText("");
            String sha = logs.path("certificateSHA256").asText("");
            if (!url.startsWith("https://") || sha.isEmpty()) {
                return null;
            }
            return new SyncerEndpoint(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, sha);
        }
    }

    /** {@code /<namespace>/<pod>/<container>}, the part of the kubelet's log path after {@code /containerLogs}. */
    private static String path(String namespace, String pod, String container) {
        return "/" + segment(namespace) + "/" + segment(pod) + "/" + segment(container);
    }

    private static String query(PodLogOptions options, String extra) {
        String q = options.query();
        return q.isEmpty() ? extra : extra.isEmpty() ? q : q + "&" + extra;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
