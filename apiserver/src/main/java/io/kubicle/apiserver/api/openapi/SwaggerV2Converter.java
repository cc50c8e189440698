package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges OpenAPI 3.0 documents (the per group-version ones a workspace serves) into one Swagger 2.0
 * document like kube-apiserver's {@code /openapi/v2}: every path, and every schema as a definition.
 * 3.0's requestBody becomes a "body" parameter plus consumes, response content a schema plus
 * produces, and parameter schemas are flattened into the parameters.
 */
final class SwaggerV2Converter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");

    private SwaggerV2Converter() {
    }

    /** The 2.0 document of {@code documents} (3.0 documents); later documents win on equal names. */
    static ObjectNode convert(List<JsonNode> documents) {
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> schemas = new TreeMap<>();
        ObjectNode doc = NODES.objectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "unversioned");
        ObjectNode securityDefinitions = NODES.objectNode();
        ArrayNode security = NODES.arrayNode();
        for (JsonNode v3 : documents) {
            v3.path("paths").fields().forEachRemaining(e -> paths.put(e.getKey(), e.getValue()));
            v3.path("components").path("schemas").fields().forEachRemaining(e -> schemas.put(e.getKey(), e.getValue()));
            v3.path("info").fields().forEachRemaining(e -> {
                if (e.getValue().isTextual()) {
                    info.set(e.getKey(), e.getValue());
                }
            });
            v3.path("components").path("securitySchemes").fields().forEachRemaining(e -> {
                if (e.getValue().path("type").asText().equals("apiKey")) {
                    securityDefinitions.set(e.getKey(), e.getValue().deepCopy());
                }
            });
            if (security.isEmpty() && v3.path("security").isArray()) {
                security.addAll((ArrayNode) v3.get("security").deepCopy());
            }
        }
        ObjectNode outPaths = doc.putObject("paths");
        paths.forEach((path, item) -> outPaths.set(path, pathItem(item)));
        ObjectNode definitions = doc.putObject("definitions");
        schemas.forEach((name, schema) -> definitions.set(name, SwaggerV2Schemas.convert(schema)));
        if (!securityDefinitions.isEmpty()) {
            doc.set("securityDefinitions", securityDefinitions);
        }
        if (!security.isEmpty()) {
            doc.set("security", security);
        }
        return doc;
    }

    private static ObjectNode pathItem(JsonNode item) {
        ObjectNode out = NODES.objectNode();
        for (String method : METHODS) {
            if (item.path(method).isObject()) {
                out.set(method, operation(item.get(method)));
            }
        }
        if (item.path("parameters").isArray()) {
            ArrayNode params = out.putArray("parameters");
            item.get("parameters").forEach(p -> params.add(parameter(p)));
        }
        copyExtensions(item, out);
        return out;
    }

    private static ObjectNode operation(JsonNode op) {
        ObjectNode out = NODES.objectNode();
        for (String key : List.of("description", "summary", "operationId", "deprecated", "tags", "externalDocs")) {
            if (op.has(key)) {
                out.set(key, op.get(key).deepCopy());
            }
        }
        JsonNode body = op.path("requestBody");
        if (body.isObject()) {
            strings(out.putArray("consumes"), body.path("content").fieldNames());
        }
        Set<String> produces = new LinkedHashSet<>();
        op.path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(produces::add));
        if (!produces.isEmpty()) {
            strings(out.putArray("produces"), produces.iterator());
        }
        ArrayNode params = NODES.arrayNode();
        if (body.isObject()) {
            ObjectNode bodyParam = params.addObject().put("name", "body").put("in", "body");
            if (body.path("required").asBoolean()) {
                bodyParam.put("required", true);
            }
            bodyParam.set("schema", SwaggerV2Schemas.convert(firstSchema(body)));
        }
        op.path("parameters").forEach(p -> params.add(parameter(p)));
        if (!params.isEmpty()) {
            out.set("parameters", params);
        }
        ObjectNode responses = out.putObject("responses");
        op.path("responses").fields().forEachRemaining(e -> responses.set(e.getKey(), response(e.getValue())));
        copyExtensions(op, out);
        return out;
    }

    /** A 3.0 non-body parameter: its schema's type, format, items... move into the parameter itself. */
    private static ObjectNode parameter(JsonNode param) {
        ObjectNode out = NODES.objectNode();
        if (param.has("$ref")) {
            return out.put("$ref", param.get("$ref").asText().replace("#/components/parameters/", "#/parameters/"));
        }
        param.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("schema") && !e.getKey().equals("style") && !e.getKey().equals("explode")) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        param.path("schema").fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue().deepCopy()));
        return out;
    }

    private static ObjectNode response(JsonNode response) {
        ObjectNode out = NODES.objectNode();
        if (response.has("$ref")) {
            return out.put("$ref", response.get("$ref").asText().replace("#/components/responses/", "#/responses/"));
        }
        out.put("description", response.path("description").asText(""));
        JsonNode schema = firstSchema(response);
        if (schema.isObject()) {
            out.set("schema", SwaggerV2Schemas.convert(schema));
        }
        copyExtensions(response, out);
        return out;
    }

    /** The schema of the first media type of a 3.0 body or response; they are all the same in Kubernetes. */
    private static JsonNode firstSchema(JsonNode withContent) {
        Iterator<JsonNode> media = withContent.path("content").elements();
        return media.hasNext() ? media.next().path("schema") : NODES.missingNode();
    }

    private static void copyExtensions(JsonNode from, ObjectNode to) {
        from.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("x-")) {
                to.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static void strings(ArrayNode into, Iterator<String> values) {
        values.forEachRemaining(into::add);
    }
}
