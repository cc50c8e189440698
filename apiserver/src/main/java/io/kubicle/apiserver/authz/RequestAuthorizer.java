package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.Bodies;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.RequestInfo;
import io.kubicle.apiserver.api.patch.JsonPatch;
import io.kubicle.apiserver.api.patch.PatchException;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The authorization step of every request in a workspace, in kube-apiserver's filter order:
 * impersonation (each part authorized for the real user), then RBAC for the effective user, then
 * escalation prevention for writes of RBAC objects. Succeeds with the identity the request runs as.
 */
public final class RequestAuthorizer {
    private final PolicyCache cache;
    private final Store store;
    private final ClusterRoleAggregator aggregator;

    public RequestAuthorizer(PolicyCache cache, Store store) {
        this.cache = cache;
        this.store = store;
        this.aggregator = new ClusterRoleAggregator(store, cache);
    }

    public PolicyCache cache() {
        return cache;
    }

    /** {@code path} is the request path without the /clusters/<workspace> prefix. */
    public Future<UserInfo> admit(RoutingContext ctx, long workspaceId, String path, UserInfo authenticated) {
        String method = ctx.request().method().name();
        String watch = ctx.request().getParam("watch");
        RequestInfo info = RequestInfo.parse(method, path, "true".equals(watch) || "1".equals(watch));
        if (!Impersonation.requested(ctx.request().headers()) && authenticated.groups().contains(UserInfo.MASTERS)) {
            // kube-apiserver asks a privileged-groups authorizer before RBAC: system:masters may do
            // anything, escalation included, so its requests never need the workspace's policy loaded
            if (info != null && info.group().equals(PolicyCache.GROUP) && isWrite(info.verb())) {
                afterPolicyWrite(ctx, workspaceId, info);
            }
            return Future.succeededFuture(authenticated);
        }
        return cache.policy(workspaceId).compose(policy -> {
            UserInfo user = Impersonation.requested(ctx.request().headers())
                    ? Impersonation.impersonate(policy, authenticated, ctx.request().headers()) : authenticated;
            Attributes request = info == null ? Attributes.nonResource(user, method.toLowerCase(java.util.Locale.ROOT), path)
                    : RequestAttributes.of(user, info, ctx.request().getParam("fieldSelector"),
                    ctx.request().getHeader("Upgrade") != null);
            RbacEvaluator.Decision decision = RbacEvaluator.authorize(policy, request);
            if (!decision.allowed()) {
                return Future.failedFuture(Denials.forbidden(request, decision.reason()));
            }
            if (info == null || !info.group().equals(PolicyCache.GROUP)) {
                return Future.succeededFuture(user);
            }
            if (isWrite(info.verb())) {
                afterPolicyWrite(ctx, workspaceId, info);
            }
            if (!info.subresource().isEmpty() || !(info.verb().equals("create") || info.verb().equals("update")
                    || info.verb().equals("patch"))) {
                return Future.succeededFuture(user);
            }
            return intended(ctx, workspaceId, info).map(object -> {
                ApiError refusal = escalationCheck(policy, user, info, object);
                if (refusal != null) {
                    throw refusal;
                }
                return user;
            });
        });
    }

    /** Once an RBAC write has succeeded, the cached policy is stale and aggregated roles may need updating. */
    private void afterPolicyWrite(RoutingContext ctx, long workspaceId, RequestInfo info) {
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() < 300) {
                cache.invalidate(workspaceId);
                if (info.resource().equals("clusterroles")) {
                    aggregator.reconcile(workspaceId);
                }
            }
        });
    }

    private static boolean isWrite(String verb) {
        return switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection" -> true;
            default -> false;
        };
    }

    private static ApiError escalationCheck(RbacPolicy policy, UserInfo user, RequestInfo info, JsonNode object) {
        if (object == null) {
            return null;
        }
        return switch (info.resource()) {
            case "roles", "clusterroles" -> Escalation.checkRole(policy, user, info.resource(), info.namespace(),
                    info.name(), object);
            case "rolebindings", "clusterrolebindings" -> Escalation.checkBinding(policy, user, info.resource(),
                    info.namespace(), object);
            default -> null;
        };
    }

    /**
     * The object as it will be written, as far as escalation cares (rules, aggregationRule, roleRef):
     * the body of a create or update; for a patch, the patch applied to the stored object (rules and
     * roleRef are atomic, so merge, strategic and apply patches replace them whole). Null when the
     * request is malformed or the object is missing: the handler will answer that.
     */
    private Future<JsonNode> intended(RoutingContext ctx, long workspaceId, RequestInfo info) {
        byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String contentType = ctx.request().getHeader("Content-Type");
        if (!info.verb().equals("patch")) {
            try {
                return Future.succeededFuture(Bodies.decodeObject(contentType, body));
            } catch (RuntimeException e) {
                return Future.succeededFuture(null);
            }
        }
        ObjectKey key = new ObjectKey(workspaceId, info.group(), info.resource(), info.namespace(), info.name());
        String media = Bodies.mediaType(contentType);
        return store.get(key).map(stored -> patched(Json.parseStored(stored.body()), media, body))
                .recover(e -> {
                    if (!(e instanceof StorageException.NotFound)) {
                        return Future.failedFuture(e);
                    }
                    // server-side apply creates a missing object from the applied configuration
                    return Future.succeededFuture(media.equals("application/apply-patch+yaml") ? appliedOrNull(body) : null);
                });
    }

    private static JsonNode appliedOrNull(byte[] body) {
        try {
            return Bodies.parseYaml(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonNode patched(ObjectNode current, String media, byte[] body) {
        try {
            if (media.equals("application/json-patch+json")) {
                return JsonPatch.apply(current, Bodies.parseJson(body));
            }
            JsonNode patch = media.equals("application/apply-patch+yaml") ? Bodies.parseYaml(body) : Bodies.parseJson(body);
            ObjectNode next = current.deepCopy();
            for (String field : new String[] {"rules", "aggregationRule", "roleRef"}) {
                if (patch.has(field)) {
                    next.set(field, patch.get(field));
                }
            }
            return next;
        } catch (PatchException | io.kubicle.apiserver.ApiError e) {
            return null;
        }
    }
}
