package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts one whole-cluster OpenAPI 3.0 spec into the per group-version documents that kube-apiserver
 * serves at /openapi/v3/&lt;path&gt;: each gets the paths under its prefix and every schema those
 * paths reach. Documents share JSON nodes with the spec: nothing here mutates a node it was given.
 */
final class SpecSplitter {

    static final String SCHEMA_REF = "#/components/schemas/";
    private static final String REQUEST_BODY_REF = "#/components/requestBodies/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecSplitter() {
    }

    /**
     * The document key of a URL path, as kube-apiserver groups them: "/api/v1/pods" → "api/v1",
     * "/apis/apps/v1/..." → "apis/apps/v1", "/apis/apps/" → "apis/apps", "/apis/" → "apis",
     * "/version/" → "version", "/logs/{logpath}" → "logs", "/openid/v1/jwks/" → "openid/v1/jwks".
     */
    static String groupVersionPath(String urlPath) {
        String[] segments = urlPath.replaceAll("^/+|/+$", "").split("/");
        int keep = switch (segments[0]) {
            case "api" -> Math.min(segments.length, 2);
            case "apis" -> Math.min(segments.length, 3);
            default -> {
                int n = 0;
                while (n < segments.length && !segments[n].startsWith("{")) {
                    n++;
                }
                yield Math.max(n, 1);
            }
        };
        return String.join("/", Arrays.copyOf(segments, keep));
    }

    /** Splits {@code spec} (an OpenAPI 3.0 document with paths and components) by document key. */
    static SortedMap<String, ObjectNode> split(ObjectNode spec) {
        ObjectNode requestBodies = objectAt(spec.path("components").path("requestBodies"));
        SortedMap<String, ObjectNode> paths = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            paths.computeIfAbsent(groupVersionPath(e.getKey()), k -> NODES.objectNode())
                    .set(e.getKey(), pathItem((ObjectNode) e.getValue(), requestBodies));
        }
        ObjectNode schemas = objectAt(spec.path("components").path("schemas"));
        SortedMap<String, ObjectNode> documents = new TreeMap<>();
        paths.forEach((key, p) -> documents.put(key, document(spec, p, schemas, Set.of())));
        return documents;
    }

    /**
     * A document with {@code paths} and, under components.schemas, the schemas of {@code schemas}
     * that the paths reach or {@code extra} names, sorted by name; openapi, info, security and
     * securitySchemes come from {@code template}.
     */
    static ObjectNode document(ObjectNode template, ObjectNode paths, ObjectNode schemas, Set<String> extra) {
        ObjectNode doc = NODES.objectNode();
        doc.put("openapi", template.path("openapi").asText("3.0.0"));
        ObjectNode info = doc.putObject("info");
        info.put("title", template.path("info").path("title").asText("Kubernetes"));
        info.put("version", template.path("info").path("version").asText("unversioned"));
        doc.set("paths", paths);
        ObjectNode components = doc.putObject("components");
        ObjectNode reached = components.putObject("schemas");
        Set<String> names = reachableSchemas(paths, schemas);
        names.addAll(extra);
        for (String name : names) {
            if (schemas.has(name)) {
                reached.set(name, schemas.get(name));
            }
        }
        JsonNode securitySchemes = template.path("components").path("securitySchemes");
        if (securitySchemes.isObject()) {
            components.set("securitySchemes", securitySchemes);
        }
        if (template.path("security").isArray()) {
            doc.set("security", template.get("security"));
        }
        return doc;
    }

    /** Names of the schemas in {@code schemas} that {@code root} refers to, directly or not. */
    static Set<String> reachableSchemas(JsonNode root, ObjectNode schemas) {
        Set<String> seen = new TreeSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isObject()) {
                JsonNode ref = node.get("$ref");
                if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMA_REF)) {
                    String name = ref.asText().substring(SCHEMA_REF.length());
                    if (schemas.has(name) && seen.add(name)) {
                        todo.push(schemas.get(name));
                    }
                }
                node.elements().forEachRemaining(todo::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(todo::push);
            }
        }
        return seen;
    }

    /**
     * A path item as kube-apiserver serves it: request bodies inline rather than referring to
     * components.requestBodies (which per-group documents do not have), no per-operation servers.
     */
    private static ObjectNode pathItem(ObjectNode item, ObjectNode requestBodies) {
        ObjectNode copy = NODES.objectNode();
        item.fields().forEachRemaining(e -> {
            JsonNode value = e.getValue();
            if (value.isObject() && !"parameters".equals(e.getKey())) {
                ObjectNode op = ((ObjectNode) value).deepCopy();
                op.remove("servers");
                String ref = op.path("requestBody").path("$ref").asText("");
                if (ref.startsWith(REQUEST_BODY_REF) && requestBodies.has(ref.substring(REQUEST_BODY_REF.length()))) {
                    op.set("requestBody", requestBodies.get(ref.substring(REQUEST_BODY_REF.length())));
                }
                copy.set(e.getKey(), op);
            } else {
                copy.set(e.getKey(), value);
            }
        });
        return copy;
    }

    static ObjectNode objectAt(JsonNode node) {
        return node.isObject() ? (ObjectNode) node : NODES.objectNode();
    }
}
