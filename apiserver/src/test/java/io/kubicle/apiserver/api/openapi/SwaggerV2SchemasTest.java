package io.kubicle.apiserver.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SwaggerV2SchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode convert(String v3) throws Exception {
        return SwaggerV2Schemas.convert(JSON.readTree(v3));
    }

    @Test
    void referencesPointAtDefinitionsAtAnyDepth() throws Exception {
        JsonNode out = convert("""
                {"type": "object", "properties": {
                  "metadata": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
                  "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                  "byName": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Item"}}}}""");
        assertEquals("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", out.at("/properties/metadata/$ref").asText());
        assertEquals("#/definitions/Item", out.at("/properties/items/items/$ref").asText());
        assertEquals("#/definitions/Item", out.at("/properties/byName/additionalProperties/$ref").asText());
        assertEquals("object", out.path("type").asText());
    }

    @Test
    void aDescribedReferenceBecomesAPlainOne() throws Exception {
        JsonNode out = convert("""
                {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}],
                 "default": {}, "description": "Spec of the pod."}""");
        assertEquals("#/definitions/io.k8s.api.core.v1.PodSpec", out.path("$ref").asText());
        assertEquals("Spec of the pod.", out.path("description").asText());
        assertFalse(out.has("allOf"));
    }

    @Test
    void realAllOfIsKept() throws Exception {
        JsonNode out = convert("""
                {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"b": {"type": "string"}}}]}""");
        assertEquals("#/definitions/A", out.at("/allOf/0/$ref").asText());
        assertEquals("string", out.at("/allOf/1/properties/b/type").asText());
    }

    @Test
    void keywordsSwaggerTwoLacksAreDropped() throws Exception {
        JsonNode intOrString = convert("""
                {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]}""");
        assertEquals("{\"x-kubernetes-int-or-string\":true}", intOrString.toString());
        JsonNode nullable = convert("""
                {"type": "array", "nullable": true, "items": {"type": "string"}, "description": "may be null"}""");
        assertEquals("{\"description\":\"may be null\"}", nullable.toString());
    }

    @Test
    void schemalessSubtreesKeepTheirTypeButNotTheirFields() throws Exception {
        JsonNode object = convert("""
                {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                 "properties": {"known": {"type": "string"}}}""");
        assertEquals("{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}", object.toString());
        JsonNode array = convert("""
                {"type": "array", "x-kubernetes-preserve-unknown-fields": true, "items": {"type": "string"}}""");
        assertEquals("{\"x-kubernetes-preserve-unknown-fields\":true}", array.toString());
    }

    @Test
    void nullableFieldsAreNotRequired() throws Exception {
        JsonNode out = convert("""
                {"type": "object", "required": ["a", "b"],
                 "properties": {"a": {"type": "string", "nullable": true}, "b": {"type": "string"}}}""");
        assertEquals("[\"b\"]", out.path("required").toString());
        assertEquals("{}", out.at("/properties/a").toString());
        JsonNode map = convert("""
                {"type": "object", "required": ["a"], "additionalProperties": {"type": "string", "nullable": true}}""");
        assertFalse(map.has("required"));
    }
}
