package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Read-only access to a pod's metadata and spec, and the wording helpers the policy checks share. */
record PodView(JsonNode metadata, JsonNode spec) {

    PodView {
        metadata = metadata == null ? MissingNode.getInstance() : metadata;
        spec = spec == null ? MissingNode.getInstance() : spec;
    }

    /** initContainers, containers and ephemeralContainers, in kube's visiting order. */
    List<JsonNode> containers() {
        List<JsonNode> all = new ArrayList<>();
        for (String field : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode c : spec.path(field)) {
                all.add(c);
            }
        }
        return all;
    }

    JsonNode podSecurityContext() {
        return spec.path("securityContext");
    }

    static JsonNode securityContext(JsonNode container) {
        return container.path("securityContext");
    }

    static String name(JsonNode container) {
        return container.path("name").asText("");
    }

    /** User-namespaced pods (hostUsers: false) get the relaxed root checks kube grants them. */
    boolean userNamespaced() {
        JsonNode hostUsers = spec.get("hostUsers");
        return hostUsers != null && hostUsers.isBoolean() && !hostUsers.asBoolean();
    }

    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.asBoolean();
    }

    static String pluralize(String singular, String plural, int count) {
        return count == 1 ? singular : plural;
    }

    static String joinQuote(Collection<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return "\"" + String.join("\", \"", items) + "\"";
    }

    /** "container \"a\"" or "containers \"a\", \"b\"". */
    static String containers(List<String> names) {
        return pluralize("container", "containers", names.size()) + " " + joinQuote(names);
    }
}
