package io.kubicle.apiserver.api;

import io.kubicle.apiserver.UserInfo;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * One resource request after routing: which workspace, which resource, which object, who asks.
 * Everything a handler needs, so handlers stay free of HTTP parsing.
 */
public record ApiCall(RoutingContext ctx, long workspaceId, String workspace, RequestInfo info, ResourceType type,
                      KindStrategy strategy, UserInfo user) {

    public MultiMap params() {
        return ctx.request().params();
    }

    public String param(String name) {
        String v = ctx.request().getParam(name);
        return v == null ? "" : v;
    }

    /** dryRun=All: everything but the write. */
    public boolean dryRun() {
        for (String v : ctx.request().params().getAll("dryRun")) {
            if (v.equals("All")) {
                return true;
            }
            if (!v.isEmpty()) {
                throw io.kubicle.apiserver.Statuses.badRequest("Invalid dryRun value: \"" + v + "\"; the only supported"
                        + " value is \"All\"");
            }
        }
        return false;
    }

    public ObjectKey key(String name) {
        return new ObjectKey(workspaceId, type.group(), type.resource(), type.namespaced() ? info.namespace() : "", name);
    }

    public ObjectKey key() {
        return key(info.name());
    }

    public ResourceScope scope() {
        return new ResourceScope(workspaceId, type.group(), type.resource(), type.namespaced() ? info.namespace() : "");
    }

    /**
     * Adds a warning to the response as kube-apiserver writes one ({@code Warning: 299 - "<text>"}, printed by kubectl as
     * "Warning: <text>"), once however often a retried write checks again.
     */
    public void warn(String text) {
        String warning = "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        MultiMap headers = ctx.response().headers();
        if (!headers.getAll("Warning").contains(warning)) {
            headers.add("Warning", warning);
        }
    }

    public String fieldManager(String fallback) {
        String manager = param("fieldManager");
        return manager.isEmpty() ? fallback : manager;
    }
}
