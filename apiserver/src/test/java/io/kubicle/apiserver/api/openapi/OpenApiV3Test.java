package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenApiV3Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final OpenApiV3 openApi = OpenApiV3.builtin();

    private JsonNode document(String groupVersionPath) throws Exception {
        return JSON.readTree(openApi.document(groupVersionPath).orElseThrow());
    }

    @Test
    void indexListsGroupVersionsUnderThePrefixWithTheirHashes() throws Exception {
        JsonNode paths = JSON.readTree(openApi.index("/clusters/team-a")).get("paths");
        assertEquals("/clusters/team-a/openapi/v3/api/v1?hash=" + openApi.hash("api/v1"),
                paths.path("api/v1").path("serverRelativeURL").asText());
        assertEquals("/clusters/team-a/openapi/v3/apis/apps/v1?hash=" + openApi.hash("apis/apps/v1"),
                paths.path("apis/apps/v1").path("serverRelativeURL").asText());
        assertEquals("/openapi/v3/api/v1?hash=" + openApi.hash("api/v1"),
                JSON.readTree(openApi.index("")).path("paths").path("api/v1").path("serverRelativeURL").asText());
    }

    @Test
    void coreDocumentHasPodSchemaWithKindAndDescription() throws Exception {
        JsonNode doc = document("api/v1");
        assertEquals("3.0.0", doc.path("openapi").asText());
        JsonNode pod = doc.path("components").path("schemas").path("io.k8s.api.core.v1.Pod");
        JsonNode gvk = pod.path("x-kubernetes-group-version-kind").path(0);
        assertEquals("", gvk.path("group").asText("missing"));
        assertEquals("v1", gvk.path("version").asText());
        assertEquals("Pod", gvk.path("kind").asText());
        assertTrue(pod.path("description").asText().startsWith("Pod is a collection of containers"),
                pod.path("description").asText());
        // Schemas reached only through references come along, and every reference resolves.
        JsonNode schemas = doc.path("components").path("schemas");
        assertTrue(schemas.has("io.k8s.api.core.v1.Container"));
        assertTrue(schemas.has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assertFalse(schemas.has("io.k8s.api.apps.v1.Deployment"), "apps schemas belong to apps/v1");
        for (String ref : refs(doc)) {
            assertTrue(ref.startsWith("#/components/schemas/")
                    && schemas.has(ref.substring("#/components/schemas/".length())), ref);
        }
    }

    @Test
    void patchOperationListsFieldValidationSoKubectlLeavesValidationToTheServer() throws Exception {
        JsonNode item = document("api/v1").path("paths").path("/api/v1/namespaces/{namespace}/configmaps/{name}");
        List<String> names = new ArrayList<>();
        item.path("patch").path("parameters").forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.contains("fieldValidation"), names.toString());
        assertEquals("ConfigMap", item.path("patch").path("x-kubernetes-group-version-kind").path("kind").asText());
        JsonNode body = item.path("patch").path("requestBody").path("content");
        assertTrue(body.has("application/strategic-merge-patch+json"), body.toString());
        for (String verb : List.of("get", "put", "delete")) {
            assertTrue(item.has(verb), verb);
        }
        assertTrue(document("api/v1").path("paths").path("/api/v1/namespaces/{namespace}/configmaps").has("post"));
    }

    @Test
    void listMergeGivesMergeKeysAndStrategies() {
        PatchMeta containers = openApi.listMerge("apps", "v1", "Deployment",
                List.of("spec", "template", "spec", "containers")).orElseThrow();
        assertEquals("name", containers.patchMergeKey());
        assertEquals("merge", containers.patchStrategy());
        assertTrue(containers.merges());

        PatchMeta ports = openApi.listMerge("", "v1", "Service", List.of("spec", "ports")).orElseThrow();
        assertEquals("port", ports.patchMergeKey());
        assertEquals("map", ports.listType());
        assertEquals(List.of("port", "protocol"), ports.listMapKeys());

        PatchMeta containerPorts = openApi.listMerge("", "v1", "Pod", List.of("spec", "containers", "ports"))
                .orElseThrow();
        assertEquals("containerPort", containerPorts.patchMergeKey());

        PatchMeta volumes = openApi.listMerge("", "v1", "Pod", List.of("spec", "volumes")).orElseThrow();
        assertTrue(volumes.merges() && volumes.retainsKeys(), volumes.toString());
    }

    @Test
    void patchMetaCoversObjectsAndMapsAndRejectsUnknownFields() {
        PatchMeta strategy = openApi.patchMeta("apps", "v1", "Deployment", List.of("spec", "strategy")).orElseThrow();
        assertEquals("object", strategy.type());
        assertTrue(strategy.retainsKeys(), strategy.toString());
        assertEquals("string", openApi.patchMeta("", "v1", "ConfigMap", List.of("metadata", "labels", "app"))
                .orElseThrow().type());
        assertEquals(Optional.empty(), openApi.listMerge("apps", "v1", "Deployment", List.of("spec", "replicas")));
        assertEquals(Optional.empty(), openApi.patchMeta("apps", "v1", "Deployment", List.of("spec", "nope")));
        assertEquals(Optional.empty(), openApi.patchMeta("apps", "v9", "Deployment", List.of("spec")));
    }

    @Test
    void hashIsStableAndMatchesTheDocument() throws Exception {
        String hash = openApi.hash("apis/apps/v1");
        assertEquals(hash, openApi.hash("apis/apps/v1"));
        assertEquals(hash, OpenApiV3.builtin().hash("apis/apps/v1"));
        assertTrue(hash.matches("[0-9A-F]{128}"), hash);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-512")
                .digest(openApi.document("apis/apps/v1").orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().withUpperCase().formatHex(digest), hash);
        assertFalse(hash.equals(openApi.hash("api/v1")));
    }

    @Test
    void unknownGroupVersionIsEmpty() {
        assertEquals(Optional.empty(), openApi.document("apis/nope.example.com/v1"));
        assertFalse(openApi.index("").contains("nope.example.com"));
        assertThrows(IllegalArgumentException.class, () -> openApi.hash("apis/nope.example.com/v1"));
        assertFalse(openApi.only(key -> !key.equals("api/v1")).document("api/v1").isPresent());
    }

    @Test
    void groupVersionPathsFollowKubeApiserver() {
        assertEquals("api/v1", SpecSplitter.groupVersionPath("/api/v1/namespaces/{namespace}/pods"));
        assertEquals("apis/apps/v1", SpecSplitter.groupVersionPath("/apis/apps/v1/deployments"));
        assertEquals("apis/apps", SpecSplitter.groupVersionPath("/apis/apps/"));
        assertEquals("apis", SpecSplitter.groupVersionPath("/apis/"));
        assertEquals("logs", SpecSplitter.groupVersionPath("/logs/{logpath}"));
        assertEquals("openid/v1/jwks", SpecSplitter.groupVersionPath("/openid/v1/jwks/"));
    }

    @Test
    void withDocumentAddsACustomResourceDocumentAndItsReferencedSchemas() throws Exception {
        ObjectNode schemas = (ObjectNode) JSON.readTree("""
                {"com.example.v1.Widget": {"type": "object",
                  "x-kubernetes-group-version-kind": [{"group": "example.com", "version": "v1", "kind": "Widget"}],
                  "properties": {"metadata": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                    "spec": {"type": "object", "properties": {"parts": {"type": "array",
                      "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["id"],
                      "items": {"type": "object"}}}}}}}""");
        ObjectNode paths = (ObjectNode) JSON.readTree("""
                {"/apis/example.com/v1/namespaces/{namespace}/widgets/{name}": {"patch": {
                  "parameters": [{"name": "fieldValidation", "in": "query", "schema": {"type": "string"}}]}}}""");
        OpenApiV3 extended = openApi.withDocument("apis/example.com/v1", paths, schemas);

        JsonNode doc = JSON.readTree(extended.document("apis/example.com/v1").orElseThrow());
        assertTrue(doc.path("components").path("schemas").has("com.example.v1.Widget"));
        assertTrue(doc.path("components").path("schemas").has("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
        assertTrue(extended.index("").contains("apis/example.com/v1?hash=" + extended.hash("apis/example.com/v1")));
        assertEquals(List.of("id"), extended.listMerge("example.com", "v1", "Widget", List.of("spec", "parts"))
                .orElseThrow().listMapKeys());
        assertEquals(openApi.hash("api/v1"), extended.hash("api/v1"));
        assertEquals(Optional.empty(), openApi.document("apis/example.com/v1"));
    }

    private static List<String> refs(JsonNode node) {
        List<String> refs = new ArrayList<>();
        node.findValues("$ref").forEach(ref -> refs.add(ref.asText()));
        return refs;
    }
}
