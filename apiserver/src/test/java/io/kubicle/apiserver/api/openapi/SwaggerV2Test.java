package io.kubicle.apiserver.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The 2.0 document of the built-in kinds, checked against what kubectl's v2 parser requires. */
class SwaggerV2Test {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The types kube-openapi pkg/util/proto accepts; any other makes kubectl reject the whole document. */
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean");

    static SwaggerV2 builtin;
    static JsonNode json;

    @BeforeAll
    static void build() throws Exception {
        builtin = SwaggerV2.of(OpenApiV3.builtin());
        json = JSON.readTree(builtin.json());
    }

    @Test
    void everyDefinitionParsesTheWayKubectlParsesIt() {
        JsonNode definitions = json.path("definitions");
        assertTrue(definitions.size() > 500, "definitions: " + definitions.size());
        List<String> problems = new ArrayList<>();
        definitions.fields().forEachRemaining(e -> check(e.getKey(), e.getValue(), definitions, problems));
        json.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op ->
                op.getValue().path("parameters").forEach(param -> {
                    if (param.has("schema")) {
                        check(p.getKey() + " " + op.getKey(), param.get("schema"), definitions, problems);
                    }
                })));
        assertEquals(List.of(), problems);
    }

    /** kube-openapi's ParseSchema: a reference stands alone and resolves; a type is one it knows; arrays have items. */
    private static void check(String where, JsonNode schema, JsonNode definitions, List<String> problems) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/definitions/") || !definitions.has(ref.substring("#/definitions/".length()))) {
                problems.add(where + ": dangling " + ref);
            }
            if (schema.has("type") || schema.has("properties")) {
                problems.add(where + ": reference with a type or properties");
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !TYPES.contains(type)) {
            problems.add(where + ": type " + type);
        }
        if (type.equals("array") && !schema.path("items").isObject()) {
            problems.add(where + ": array without items");
        }
        schema.path("properties").fields().forEachRemaining(p -> check(where + "." + p.getKey(), p.getValue(), definitions, problems));
        if (schema.path("items").isObject()) {
            check(where + "[]", schema.get("items"), definitions, problems);
        }
        if (schema.path("additionalProperties").isObject()) {
            check(where + "{}", schema.get("additionalProperties"), definitions, problems);
        }
    }

    @Test
    void createOnlyKindsAreFoundByTheirGroupVersionKind() throws Exception {
        Map<String, String> byKind = new java.util.HashMap<>();
        json.path("definitions").fields().forEachRemaining(e -> e.getValue().path("x-kubernetes-group-version-kind")
                .forEach(gvk -> byKind.put(gvk.path("group").asText() + "/" + gvk.path("version").asText() + "/"
                        + gvk.path("kind").asText(), e.getKey())));
        assertEquals("io.k8s.api.authentication.v1.TokenReview", byKind.get("authentication.k8s.io/v1/TokenReview"));
        assertEquals("io.k8s.api.authorization.v1.SelfSubjectAccessReview",
                byKind.get("authorization.k8s.io/v1/SelfSubjectAccessReview"));
        assertEquals("io.k8s.api.core.v1.Binding", byKind.get("/v1/Binding"));
        assertTrue(json.at("/definitions/io.k8s.api.authentication.v1.TokenReviewSpec/properties").has("token"));
    }

    @Test
    void protobufCarriesTheSameDefinitionsAndPaths() throws Exception {
        ProtoTree doc = ProtoTree.parse(builtin.protobuf());
        assertEquals("2.0", doc.string(1));
        List<String> definitions = doc.message(9).names(1);
        List<String> expected = new ArrayList<>();
        json.path("definitions").fieldNames().forEachRemaining(expected::add);
        assertEquals(expected, definitions);
        ProtoTree review = doc.message(9).named(1, "io.k8s.api.authentication.v1.TokenReview");
        ProtoTree spec = review.message(25).named(1, "spec");
        assertEquals("#/definitions/io.k8s.api.authentication.v1.TokenReviewSpec", spec.string(1));
        JsonNode gvk = JSON.readTree(review.named(31, "x-kubernetes-group-version-kind").string(2));
        assertEquals("TokenReview", gvk.get(0).get("kind").asText());

        ProtoTree podPatch = doc.message(8).named(2, "/api/v1/namespaces/{namespace}/pods/{name}").message(8);
        assertEquals("patchCoreV1NamespacedPod", podPatch.string(5));
        assertTrue(podPatch.strings(7).contains("application/strategic-merge-patch+json"), podPatch.strings(7).toString());
        JsonNode patchGvk = JSON.readTree(podPatch.named(13, "x-kubernetes-group-version-kind").string(2));
        assertEquals("Pod", patchGvk.get("kind").asText());
    }

    @Test
    void etagIsTheJsonDigestAndSourceKeyFollowsTheServedDocuments() {
        assertEquals("\"" + SwaggerV2.sha512(builtin.json()) + "\"", builtin.etag());
        OpenApiV3 all = OpenApiV3.builtin();
        OpenApiV3 some = all.only(key -> key.equals("apis/authentication.k8s.io/v1"));
        assertEquals(SwaggerV2.sourceKey(all), SwaggerV2.sourceKey(OpenApiV3.builtin().only(key -> true)));
        assertNotEquals(SwaggerV2.sourceKey(all), SwaggerV2.sourceKey(some));
    }

    @Test
    void onlyTheServedDocumentsAreIncluded() throws Exception {
        SwaggerV2 some = SwaggerV2.of(OpenApiV3.builtin().only(key -> key.equals("apis/authentication.k8s.io/v1")));
        JsonNode doc = JSON.readTree(some.json());
        doc.path("paths").fieldNames().forEachRemaining(path ->
                assertTrue(path.startsWith("/apis/authentication.k8s.io/v1/"), path));
        assertTrue(doc.path("definitions").has("io.k8s.api.authentication.v1.TokenReview"));
        assertTrue(!doc.path("definitions").has("io.k8s.api.core.v1.Pod"));
    }
}
