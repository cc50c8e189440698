package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts back what the built-in spec lost in its conversion from Swagger 2.0: the converter dropped
 * every sibling of a {@code $ref} (a field's own description and extensions). Descriptions stay lost
 * (kubectl explain shows the referenced type's); the patch strategies that strategic merge patch
 * needs are restored here, in kube-apiserver's v3 form {@code {"allOf":[{"$ref":...}], ...}}.
 */
final class ConversionLosses {

    /** schema, field, x-kubernetes-patch-strategy: the reference fields that carry a strategy in Kubernetes. */
    private static final String[][] PATCH_STRATEGIES = {
        {"io.k8s.api.apps.v1.DeploymentSpec", "strategy", "retainKeys"},
    };

    private ConversionLosses() {
    }

    static void restore(ObjectNode schemas) {
        for (String[] entry : PATCH_STRATEGIES) {
            JsonNode properties = schemas.path(entry[0]).path("properties");
            JsonNode field = properties.path(entry[1]);
            if (!field.isObject() || field.has("x-kubernetes-patch-strategy")) {
                continue;
            }
            ObjectNode restored = ((ObjectNode) properties).putObject(entry[1]);
            if (field.has("$ref")) {
                restored.putArray("allOf").addObject().set("$ref", field.get("$ref"));
            } else {
                restored.setAll((ObjectNode) field);
            }
            restored.put("x-kubernetes-patch-strategy", entry[2]);
        }
    }
}
