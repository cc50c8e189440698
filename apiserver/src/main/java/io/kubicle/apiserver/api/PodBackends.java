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
 * Who serves a pod's containers (its log, exec, attach, port-forward), asked with the kubelet's paths
 * ({@code /containerLogs/<ns>/<pod>/<container>}, {@code /exec/…}, {@code /attach/…}, {@code /portForward/<ns>/<pod>}).
 * For a workspace whose pods a syncer runs on a host cluster, that is the syncer, at the address it recorded in the
 * Workspace's {@code status.syncer.containersEndpoint} (its certificate pinned by the SHA-256 recorded beside it), with the
 * workspace put in front of the namespace and the tenant pod's uid in the query. In the root workspace (a Kubicle that
 * is itself a host, whose Nodes only operators write) it is the kubelet of the pod's node, found as kube-apiserver
 * finds it (the node's addresses and {@code status.daemonEndpoints.kubeletEndpoint.Port}); tenants' Nodes are never
 * dialed.
 */
public final class PodBackends {
    /** kube-apiserver's default --kubelet-preferred-address-types. */
    private static final List<String> ADDRESS_TYPES = List.of("Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP");
    private static final int DEFAULT_KUBELET_PORT = 10250;

    private final Store store;
    private final Supplier<Future<Long>> rootId;

    public PodBackends(Store store, Supplier<Future<Long>> rootId) {
        this.store = store;
        this.rootId = rootId;
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

    /**
     * Where to ask for {@code kind} ({@code containerLogs}, {@code exec}, {@code attach}, {@code portForward}) of
     * {@code pod}, which runs on {@code node}, for the container {@code container} (null: none, port-forward), with
     * {@code query} (encoded, may be empty).
     */
    Future<Upstreams.Target> target(ApiCall call, JsonNode pod, String node, String kind, String container, String query) {
        return target(call, pod, node, kind, container, query, query);
    }

    /** The same, with the query a kubelet takes where it differs from the API's (exec's input/output/error for stdin/…). */
    Future<Upstreams.Target> target(ApiCall call, JsonNode pod, String node, String kind, String container, String query,
                                    String kubeletQuery) {
        String name = call.info().name();
        String path = "/" + segment(call.info().namespace()) + "/" + segment(name) + (container == null ? "" : "/" + segment(container));
        return syncerEndpoint(call.workspace()).compose(syncer -> {
            if (syncer != null) {
                String uid = "podUID=" + segment(pod.path("metadata").path("uid").asText(""));
                String url = syncer.url() + "/" + kind + "/" + segment(call.workspace()) + path + "?" + join(query, uid);
                return Future.succeededFuture(new Upstreams.Target(url, syncer.certificateSha256(), "the syncer at " + syncer.url()));
            }
            if (!WorkspaceResource.ROOT.equals(call.workspace())) {
                // a tenant's Nodes are the tenant's to write: dialing their addresses would let it make the server
                // fetch from any host it names
                throw Statuses.badRequest("pod " + name + " runs on node " + node + ", but no syncer serves the containers"
                        + " of workspace " + call.workspace() + "'s pods (a syncer records where in the Workspace's"
                        + " status.syncer.containersEndpoint unless it runs with --containers-listen off)");
            }
            return store.get(new ObjectKey(call.workspaceId(), "", "nodes", "", node))
                    .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                            ? Statuses.notFound("", "nodes", node) : e))
                    .map(stored -> kubelet(Json.parseStored(stored.body()), node, "/" + kind + path, kubeletQuery));
        });
    }

    private static Upstreams.Target kubelet(JsonNode node, String nodeName, String path, String query) {
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
        String url = "https://" + host + ":" + (port > 0 ? port : DEFAULT_KUBELET_PORT) + path + (query.isEmpty() ? "" : "?" + query);
        return new Upstreams.Target(url, null, "the kubelet of node " + nodeName);
    }

    /** The syncer's endpoint recorded in the workspace's status, or null (the root workspace has none). */
    Future<SyncerEndpoint> syncerEndpoint(String workspace) {
        if (WorkspaceResource.ROOT.equals(workspace)) {
            return Future.succeededFuture(null);
        }
        return rootId.get().compose(root -> store.get(StoredWorkspacePolicies.workspaceKey(root, workspace)))
                .map(stored -> SyncerEndpoint.of(Json.parseStored(stored.body())))
                .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(null) : Future.failedFuture(e));
    }

    /** Where a syncer serves the containers of the workspace's pods, and the SHA-256 of its certificate. */
    record SyncerEndpoint(String url, String certificateSha256) {
        static SyncerEndpoint of(JsonNode workspace) {
            JsonNode logs = workspace.path("status").path("syncer").path("containersEndpoint");
            String url = logs.path("url").asText("");
            String sha = logs.path("certificateSHA256").asText("");
            if (!url.startsWith("https://") || sha.isEmpty()) {
                return null;
            }
            return new SyncerEndpoint(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, sha);
        }
    }

    private static String join(String query, String extra) {
        return query.isEmpty() ? extra : query + "&" + extra;
    }

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
