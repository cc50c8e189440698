package io.kubicle.apiserver.api;

import io.kubicle.apiserver.Statuses;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code pods/<id>/proxy/<path>} and {@code services/<id>/proxy/<path>}, as kube-apiserver serves them (what
 * {@code kubectl proxy} and dashboards use): the id is {@code name}, {@code name:port} or {@code scheme:name:port}
 * ({@link ProxyAddress}), the object must exist, and the request goes on to it ({@link HttpForwarding}). For a workspace
 * whose pods a syncer runs, the syncer passes it to the host cluster's own proxy of the host copy (the tenant object's
 * uid and this proxy path go along, so redirects and links come back under the tenant's path); in the root workspace
 * this server dials the pod, or an endpoint of the service, itself ({@link ProxyLocations}).
 */
public final class ResourceProxy {
    /** kube's proxy methods, but OPTIONS, which kube cannot authorize either (it has no verb). */
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    /** Headers Kubicle sends a syncer: the tenant object's uid, and the proxy path the tenant used. */
    public static final String OBJECT_UID = "X-Kubicle-Object-Uid";
    public static final String PROXY_PREFIX = "X-Kubicle-Proxy-Prefix";

    private final PodBackends backends;
    private final ProxyLocations locations;
    private final HttpForwarding forwarding;

    ResourceProxy(PodBackends backends, ProxyLocations locations, Upstreams upstreams) {
        this.backends = backends;
        this.locations = locations;
        this.forwarding = new HttpForwarding(upstreams);
    }

    static boolean handles(ApiCall call) {
        String resource = call.type().resource();
        return call.type().group().isEmpty() && (resource.equals("pods") || resource.equals("services"))
                && call.info().subresource().equals("proxy");
    }

    /** Whether a raw request path is such a proxy: its body is the far end's to read, so the router leaves it unread. */
    public static boolean isProxyPath(String rawPath) {
        return ProxyPath.isProxy(rawPath);
    }

    void serve(ApiCall call, Runnable ended) {
        RoutingContext ctx = call.ctx();
        String method = ctx.request().method().name();
        if (!METHODS.contains(method)) {
            throw Statuses.methodNotAllowed(method);
        }
        String resource = call.type().resource();
        boolean pod = resource.equals("pods");
        String id = call.info().name();
        ProxyAddress address = ProxyAddress.parse(id);
        if (address == null) {
            throw Statuses.badRequest("invalid " + (pod ? "pod" : "service") + " request \"" + id + "\"");
        }
        ProxyPath path = ProxyPath.of(ctx.request().path(), resource);
        if (path == null) {
            throw Statuses.pathNotFound();
        }
        if (path.climbs()) {
            throw Statuses.badRequest("the proxy path " + path.rest() + " holds a . or .. segment: resolve it before sending");
        }
        String query = ctx.request().query() == null ? "" : "?" + ctx.request().query();
        String named = (pod ? "pod " : "service ") + address.name();
        String what = "the proxy of " + named;
        locations.object(call.workspaceId(), resource, call.info().namespace(), address.name()).compose(object -> backends.syncerEndpoint(call.workspace()).compose(syncer -> {
            if (syncer != null) {
                String url = syncer.url() + "/proxy/" + resource + "/" + PodBackends.segment(call.workspace()) + "/"
                        + PodBackends.segment(call.info().namespace()) + "/" + PodBackends.segment(id) + path.rest() + query;
                MultiMap extra = MultiMap.caseInsensitiveMultiMap()
                        .add(OBJECT_UID, object.path("metadata").path("uid").asText(""))
                        .add(PROXY_PREFIX, path.prefix());
                return forwarding.forward(ctx, new Upstreams.Target(url, syncer.certificateSha256(), "the syncer at " + syncer.url()),
                        extra, null, what, ended);
            }
            if (!WorkspaceResource.ROOT.equals(call.workspace())) {
                throw Statuses.badRequest("no syncer serves workspace " + call.workspace() + ", so its " + (pod ? "pods" : "services")
                        + " cannot be reached (a syncer records where in the Workspace's status.syncer.containersEndpoint unless"
                        + " it runs with --containers-listen off)");
            }
            Future<String> origin = pod ? Future.succeededFuture(ProxyLocations.pod(object, address))
                    : locations.service(call.workspaceId(), call.info().namespace(), object, address);
            return origin.compose(base -> {
                MultiMap extra = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-Uri", path.prefix() + path.rest())
                        .add("X-Forwarded-For", ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress());
                return forwarding.forward(ctx, new Upstreams.Target(base + path.rest() + query, null, named, false),
                        extra, path.prefix(), what, ended);
            });
        })).onFailure(e -> {
            ctx.request().resume();
            if (ctx.response().headWritten()) {
                ctx.response().reset();
            } else {
                ctx.fail(e);
            }
        });
    }
}
