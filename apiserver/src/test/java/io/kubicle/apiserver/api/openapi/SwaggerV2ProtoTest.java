package io.kubicle.apiserver.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field numbers checked here are those of gnostic-models openapiv2/OpenAPIv2.proto. */
class SwaggerV2ProtoTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProtoTree encode(String json) throws Exception {
        return ProtoTree.parse(SwaggerV2Proto.encode(JSON.readTree(json)));
    }

    @Test
    void documentHeaderAndSecurity() throws Exception {
        ProtoTree doc = encode("""
                {"swagger": "2.0", "info": {"title": "Kubernetes", "version": "v1.35.0"},
                 "securityDefinitions": {"BearerToken": {"type": "apiKey", "name": "authorization", "in": "header",
                   "description": "Bearer Token authentication"}},
                 "security": [{"BearerToken": []}]}""");
        assertEquals("2.0", doc.string(1));
        assertEquals("Kubernetes", doc.message(2).string(1));
        assertEquals("v1.35.0", doc.message(2).string(2));
        ProtoTree apiKey = doc.message(13).named(1, "BearerToken").message(2);
        assertEquals(List.of("apiKey", "authorization", "header"), List.of(apiKey.string(1), apiKey.string(2), apiKey.string(3)));
        ProtoTree requirement = doc.messages(12).get(0);
        assertEquals(List.of("BearerToken"), requirement.names(1));
        assertFalse(doc.has(8), "no paths member, no paths field");
    }

    @Test
    void definitionsKeepPropertiesTypesReferencesAndExtensions() throws Exception {
        ProtoTree doc = encode("""
                {"definitions": {"io.k8s.api.authentication.v1.TokenReview": {
                   "description": "TokenReview attempts to authenticate a token.",
                   "type": "object", "required": ["spec"],
                   "properties": {
                     "spec": {"$ref": "#/definitions/io.k8s.api.authentication.v1.TokenReviewSpec", "description": "Spec"},
                     "audiences": {"type": "array", "items": {"type": "string", "default": ""},
                       "x-kubernetes-list-type": "atomic"},
                     "extra": {"type": "object", "additionalProperties": {"type": "integer", "format": "int64"}},
                     "closed": {"type": "object", "additionalProperties": false},
                     "phase": {"type": "string", "enum": ["A", "B"], "maxLength": 63, "minimum": 1.5}},
                   "x-kubernetes-group-version-kind": [{"group": "authentication.k8s.io", "kind": "TokenReview", "version": "v1"}]}}}""");
        List<ProtoTree> definitions = doc.message(9).messages(1);
        assertEquals(1, definitions.size());
        assertEquals("io.k8s.api.authentication.v1.TokenReview", definitions.get(0).string(1));
        ProtoTree review = definitions.get(0).message(2);
        assertEquals("TokenReview attempts to authenticate a token.", review.string(4));
        assertEquals(List.of("object"), review.message(22).strings(1));
        assertEquals(List.of("spec"), review.strings(19));
        ProtoTree properties = review.message(25);
        assertEquals(List.of("spec", "audiences", "extra", "closed", "phase"), properties.names(1));

        ProtoTree spec = properties.named(1, "spec");
        assertEquals("#/definitions/io.k8s.api.authentication.v1.TokenReviewSpec", spec.string(1));
        assertFalse(spec.has(22));

        ProtoTree audiences = properties.named(1, "audiences");
        assertEquals(List.of("array"), audiences.message(22).strings(1));
        ProtoTree item = audiences.message(23).message(1);
        assertEquals(List.of("string"), item.message(22).strings(1));
        assertEquals("\"\"", item.message(5).string(2), "default as YAML text");
        assertEquals("x-kubernetes-list-type", audiences.messages(31).get(0).string(1));
        assertEquals("\"atomic\"", audiences.messages(31).get(0).message(2).string(2));

        ProtoTree extra = properties.named(1, "extra").message(21).message(1);
        assertEquals("int64", extra.string(2));
        ProtoTree closed = properties.named(1, "closed").message(21);
        assertTrue(closed.has(2), "additionalProperties: false is kept, as a set oneof member");
        assertEquals(0, closed.varint(2));

        ProtoTree phase = properties.named(1, "phase");
        assertEquals(List.of("\"A\"", "\"B\""), phase.messages(20).stream().map(a -> a.string(2)).toList());
        assertEquals(63, phase.varint(11));
        assertEquals(1.5, phase.dbl(9));

        ProtoTree gvk = review.messages(31).get(0);
        assertEquals("x-kubernetes-group-version-kind", gvk.string(1));
        JsonNode yaml = JSON.readTree(gvk.message(2).string(2));
        assertEquals("TokenReview", yaml.get(0).get("kind").asText());
        assertEquals("authentication.k8s.io", yaml.get(0).get("group").asText());
    }

    @Test
    void pathsOperationsParametersAndResponses() throws Exception {
        ProtoTree doc = encode("""
                {"paths": {"/api/v1/namespaces/{namespace}/pods/{name}": {
                   "parameters": [{"name": "name", "in": "path", "required": true, "type": "string", "uniqueItems": true},
                                  {"name": "pretty", "in": "query", "type": "string", "uniqueItems": true}],
                   "patch": {"operationId": "patchCoreV1NamespacedPod", "tags": ["core_v1"],
                     "consumes": ["application/json-patch+json", "application/merge-patch+json"],
                     "produces": ["application/json"],
                     "parameters": [{"name": "body", "in": "body", "required": true, "schema": {"type": "object"}},
                                    {"name": "fieldValidation", "in": "query", "type": "string"},
                                    {"name": "X-Trace", "in": "header", "type": "string"}],
                     "responses": {"200": {"description": "OK", "schema": {"$ref": "#/definitions/io.k8s.api.core.v1.Pod"}},
                                   "401": {"description": "Unauthorized"}},
                     "x-kubernetes-action": "patch",
                     "x-kubernetes-group-version-kind": {"group": "", "kind": "Pod", "version": "v1"}}}}}""");
        ProtoTree item = doc.message(8).named(2, "/api/v1/namespaces/{namespace}/pods/{name}");
        List<ProtoTree> shared = item.messages(9);
        ProtoTree name = shared.get(0).message(1).message(2).message(4);
        assertEquals(List.of("path", "name", "string"), List.of(name.string(2), name.string(4), name.string(5)));
        assertEquals(1, name.varint(1), "required");
        assertEquals(1, name.varint(19), "uniqueItems of a path parameter is field 19");
        ProtoTree pretty = shared.get(1).message(1).message(2).message(3);
        assertEquals(List.of("query", "pretty", "string"), List.of(pretty.string(2), pretty.string(4), pretty.string(6)));
        assertEquals(1, pretty.varint(20), "uniqueItems of a query parameter is field 20");

        assertFalse(item.has(2), "no get");
        ProtoTree patch = item.message(8);
        assertEquals("patchCoreV1NamespacedPod", patch.string(5));
        assertEquals(List.of("core_v1"), patch.strings(1));
        assertEquals(List.of("application/json-patch+json", "application/merge-patch+json"), patch.strings(7));
        assertEquals(List.of("application/json"), patch.strings(6));
        List<ProtoTree> params = patch.messages(8);
        ProtoTree body = params.get(0).message(1).message(1);
        assertEquals(List.of("body", "body"), List.of(body.string(2), body.string(3)));
        assertEquals(List.of("object"), body.message(5).message(22).strings(1));
        assertEquals("fieldValidation", params.get(1).message(1).message(2).message(3).string(4));
        assertEquals("X-Trace", params.get(2).message(1).message(2).message(1).string(4));

        ProtoTree ok = patch.message(9).named(1, "200").message(1);
        assertEquals("OK", ok.string(1));
        assertEquals("#/definitions/io.k8s.api.core.v1.Pod", ok.message(2).message(1).string(1));
        assertEquals(List.of("200", "401"), patch.message(9).names(1));

        assertEquals(List.of("x-kubernetes-action", "x-kubernetes-group-version-kind"), patch.names(13));
        JsonNode gvk = JSON.readTree(patch.named(13, "x-kubernetes-group-version-kind").string(2));
        assertEquals("Pod", gvk.get("kind").asText());
        assertEquals("", gvk.get("group").asText());
    }
}
