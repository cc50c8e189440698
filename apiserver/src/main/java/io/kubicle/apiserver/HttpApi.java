package io.kubicle.apiserver;

import io.kubicle.apiserver.api.Bodies;
import io.kubicle.apiserver.api.KubeApi;
import io.kubicle.apiserver.api.ResourceProxy;
import io.kubicle.apiserver.api.WatchHandler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The HTTP surface. The health and version endpoints answer anyone, at the top and under every
 * {@code /clusters/<workspace>} prefix (as load balancers and kubectl probe them); everything else
 * needs a credential first, so an unauthenticated caller learns nothing, not even which workspaces exist.
 */
final class HttpApi {
    static final String USER = "kubicle.user";
    private static final String CLUSTER_PREFIX = "^(?:/clusters/[^/]+)?";

    private HttpApi() {
    }

    static Router router(Vertx vertx, Authenticator authenticator, CredentialWorkspaceRouting inCluster, HealthChecks health,
                         KubeApi api, io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics) {
        Router router = Router.router(vertx);
        router.routeWithRegex(CLUSTER_PREFIX + "/(healthz|livez|readyz)(?:/([^/]+))?/?$")
                .handler(ctx -> health.handle(ctx, ctx.pathParam("param0"), ctx.pathParam("param1")));
        router.getWithRegex(CLUSTER_PREFIX + "/version/?$").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(VersionInfo.json()));
        // The in-cluster address: a workspace's ServiceAccount token without a prefix is served as that workspace.
        router.route().handler(inCluster);
        // Authentication may wait for the database: pause the request so its body waits for the BodyHandler.
        router.route().handler(ctx -> {
            ctx.request().pause();
            authenticator.authenticate(ctx.request(), workspaceOf(ctx.normalizedPath())).onSuccess(user -> {
                if (user.isEmpty()) {
                    ctx.fail(Statuses.unauthorized());
                    return;
                }
                ctx.put(USER, user.get());
                ctx.next();
            }).onFailure(ctx::fail);
        });
        // All series for the operator; a workspace serves its own series under its prefix (see KubeApi).
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(Bodies.MAX_BODY_BYTES).setHandleFileUploads(false);
        router.routeWithRegex("^/clusters/([^/]+)(/.*)?$")
                .handler(ctx -> {
                    if (WatchHandler.wantsWebSocket(ctx.request())) {
                        ctx.next(); // a WebSocket GET has no body, and upgrading needs the request unread
                    } else if (ResourceProxy.isProxyPath(ctx.request().path())) {
                        // a proxy streams its body to the far end; if it never gets there, drop it with the answer
                        ctx.addHeadersEndHandler(v -> ctx.request().resume());
                        ctx.next();
                    } else {
                        bodies.handle(ctx);
                    }
                })
                .handler(ctx -> api.handle(ctx, ctx.pathParam("param0"),
                        ctx.pathParam("param1") == null ? "/" : ctx.pathParam("param1"), ctx.get(USER)));
        router.route().handler(ctx -> ctx.fail(Statuses.pathNotFound()));
        router.route().failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                // the rest of the oversized body is still on the wire: the connection cannot carry another request
                ctx.response().putHeader("Connection", "close");
            }
            ctx.next();
        });
        router.route().failureHandler(ctx -> Statuses.write(ctx.response(),
                ctx.failure() != null && !(ctx.failure() instanceof io.vertx.ext.web.handler.HttpException)
                        ? ctx.failure() : ctx.statusCode() == 413 ? Statuses.tooLarge(Bodies.MAX_BODY_BYTES)
                        : new ApiError(ctx.statusCode(), reasonFor(ctx.statusCode()),
                        "request failed with HTTP " + ctx.statusCode(), null, null, null, java.util.List.of())));
        return router;
    }

    /** The workspace named by a /clusters/<workspace>/... path, or null. */
    static String workspaceOf(String path) {
        if (path == null || !path.startsWith("/clusters/")) {
            return null;
        }
        int end = path.indexOf('/', "/clusters/".length());
        String name = end < 0 ? path.substring("/clusters/".length()) : path.substring("/clusters/".length(), end);
        return name.isEmpty() ? null : name;
    }

    private static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 413 -> "RequestEntityTooLarge";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }
}
