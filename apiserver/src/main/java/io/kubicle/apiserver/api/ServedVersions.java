package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * All versions of a custom resource share one stored object; with conversion strategy None kube only rewrites
 * apiVersion to the version the client asked for. Built-in kinds are stored in their one served version.
 */
final class ServedVersions {
    private ServedVersions() {
    }

    static ObjectNode asServed(ObjectNode object, ResourceType type) {
        String apiVersion = Json.text(object, "apiVersion");
        if (type.group().isEmpty() || apiVersion.equals(type.apiVersion())
                || !apiVersion.startsWith(type.group() + "/")) {
            return object;
        }
        object.put("apiVersion", type.apiVersion());
        return object;
    }
}
