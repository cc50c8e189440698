package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.ServerSideApply;
import java.time.Instant;

/**
 * metadata.managedFields for writes that are not server-side apply: the writer (fieldManager, or
 * the client's name from its User-Agent, as kube-apiserver does) becomes owner of what it set, so a
 * later apply sees the conflicts a real cluster would report.
 */
final class Managers {
    private Managers() {
    }

    /** kube-apiserver's default manager: the User-Agent up to the first '/', e.g. "kubectl". */
    static String defaultManager(ApiCall call) {
        String agent = call.ctx().request().getHeader("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "unknown";
        }
        int slash = agent.indexOf('/');
        String name = slash > 0 ? agent.substring(0, slash) : agent;
        return name.length() > 128 ? name.substring(0, 128) : name;
    }

    static void recordCreate(ObjectNode object, String manager, Instant now) {
        Json.metadata(object).remove("managedFields");
        ObjectNode recorded = ServerSideApply.recordUpdate(null, object, manager, Json.text(object, "apiVersion"), now);
        if (recorded.path("metadata").has("managedFields")) {
            Json.metadata(object).set("managedFields", recorded.path("metadata").get("managedFields"));
        }
    }

    static void recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion, Instant now,
                             String subresource) {
        ObjectNode recorded = ServerSideApply.recordUpdate(before, after, manager, apiVersion, subresource, now);
        if (recorded.path("metadata").has("managedFields")) {
            Json.metadata(after).set("managedFields", recorded.path("metadata").get("managedFields"));
        }
    }
}
