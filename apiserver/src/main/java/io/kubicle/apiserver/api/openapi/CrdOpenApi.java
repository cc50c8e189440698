package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAPI v3 documents for a workspace's custom resources, shaped as kube-apiserver publishes them: the CRD
 * schema with apiVersion/kind/metadata filled in and an x-kubernetes-group-version-kind, plus the operations
 * whose fieldValidation parameter tells kubectl that the server validates fields.
 */
public final class CrdOpenApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One served custom resource version and its structural schema. */
    public record Resource(String group, String version, String kind, String plural, boolean namespaced,
                           JsonNode schema) {
    }

    private CrdOpenApi() {
    }

    public static OpenApiV3 addTo(OpenApiV3 base, List<Resource> resources) {
        Map<String, List<Resource>> byGroupVersion = new TreeMap<>();
        for (Resource r : resources) {
            byGroupVersion.computeIfAbsent("apis/" + r.group() + "/" + r.version(), k -> new ArrayList<>()).add(r);
        }
        OpenApiV3 out = base;
        for (Map.Entry<String, List<Resource>> gv : byGroupVersion.entrySet()) {
            ObjectNode paths = JSON.createObjectNode();
            ObjectNode schemas = JSON.createObjectNode();
            for (Resource r : gv.getValue()) {
                String name = schemaName(r);
                schemas.set(name, schema(r));
                String collection = "/apis/" + r.group() + "/" + r.version()
                        + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
                paths.set(collection + "/{name}", patchOperation(r, name));
            }
            out = out.withDocument(gv.getKey(), paths, schemas);
        }
        return out;
    }

    static String schemaName(Resource r) {
        List<String> parts = new ArrayList<>(List.of(r.group().split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + r.version() + "." + r.kind();
    }

    private static ObjectNode schema(Resource r) {
        ObjectNode s = r.schema() != null && r.schema().isObject() ? ((ObjectNode) r.schema()).deepCopy()
                : JSON.createObjectNode().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        ObjectNode props = s.with("properties");
        props.putObject("apiVersion").put("type", "string").put("description", "APIVersion defines the versioned "
                + "schema of this representation of an object.");
        props.putObject("kind").put("type", "string").put("description", "Kind is a string value representing the "
                + "REST resource this object represents.");
        props.putObject("metadata").put("$ref", "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        ArrayNode gvk = s.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", r.group()).put("kind", r.kind()).put("version", r.version());
        return s;
    }

    private static ObjectNode patchOperation(Resource r, String schemaName) {
        ObjectNode item = JSON.createObjectNode();
        ObjectNode patch = item.putObject("patch");
        patch.put("operationId", "patch" + r.kind());
        patch.put("x-kubernetes-action", "patch");
        patch.putObject("x-kubernetes-group-version-kind").put("group", r.group()).put("version", r.version())
                .put("kind", r.kind());
        ArrayNode params = patch.putArray("parameters");
        for (String p : new String[] {"fieldValidation", "fieldManager", "dryRun", "force"}) {
            params.addObject().put("name", p).put("in", "query").putObject("schema").put("type", "string")
                    .put("uniqueItems", true);
        }
        patch.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
        return item;
    }
}
