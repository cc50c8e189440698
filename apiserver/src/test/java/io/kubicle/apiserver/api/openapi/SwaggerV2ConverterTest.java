package io.kubicle.apiserver.api.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwaggerV2ConverterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String REVIEWS = """
            {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.27.0"},
             "security": [{"BearerToken": []}],
             "paths": {"/apis/authentication.k8s.io/v1/tokenreviews": {
               "parameters": [{"name": "pretty", "in": "query", "description": "pretty print",
                               "schema": {"type": "string", "uniqueItems": true}}],
               "post": {"operationId": "createAuthenticationV1TokenReview", "tags": ["authentication_v1"],
                 "requestBody": {"required": true, "content": {"*/*": {"schema":
                   {"$ref": "#/components/schemas/io.k8s.api.authentication.v1.TokenReview"}}}},
                 "responses": {
                   "201": {"description": "Created", "content": {
                     "application/json": {"schema": {"$ref": "#/components/schemas/io.k8s.api.authentication.v1.TokenReview"}},
                     "application/yaml": {"schema": {"$ref": "#/components/schemas/io.k8s.api.authentication.v1.TokenReview"}}}},
                   "401": {"description": "Unauthorized"}},
                 "servers": [{"url": "https://kubernetes.local"}],
                 "x-kubernetes-action": "post",
                 "x-kubernetes-group-version-kind": {"group": "authentication.k8s.io", "kind": "TokenReview", "version": "v1"}}}},
             "components": {
               "schemas": {"io.k8s.api.authentication.v1.TokenReview": {"type": "object",
                 "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.authentication.v1.TokenReviewSpec"}]}}},
                 "io.k8s.api.authentication.v1.TokenReviewSpec": {"type": "object", "properties": {"token": {"type": "string"}}}},
               "securitySchemes": {"BearerToken": {"type": "apiKey", "name": "authorization", "in": "header"}}}}""";

    private static final String VERSION = """
            {"openapi": "3.0.0", "info": {"title": "Kubernetes", "version": "v1.27.0"},
             "paths": {"/version/": {"get": {"operationId": "getCodeVersion", "responses": {"200": {"description": "OK",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.version.Info"}}}}}}}},
             "components": {"schemas": {"io.k8s.apimachinery.pkg.version.Info": {"type": "object",
               "properties": {"major": {"type": "string"}}}}}}""";

    private static JsonNode convert(String... v3) throws Exception {
        List<JsonNode> docs = new java.util.ArrayList<>();
        for (String doc : v3) {
            docs.add(JSON.readTree(doc));
        }
        return SwaggerV2Converter.convert(docs);
    }

    @Test
    void mergesPathsAndSchemasOfEveryDocument() throws Exception {
        JsonNode v2 = convert(REVIEWS, VERSION);
        assertEquals("2.0", v2.path("swagger").asText());
        assertEquals("v1.27.0", v2.at("/info/version").asText());
        assertEquals(List.of("/apis/authentication.k8s.io/v1/tokenreviews", "/version/"), names(v2.path("paths")));
        assertEquals(List.of("io.k8s.api.authentication.v1.TokenReview", "io.k8s.api.authentication.v1.TokenReviewSpec",
                "io.k8s.apimachinery.pkg.version.Info"), names(v2.path("definitions")));
        assertEquals("#/definitions/io.k8s.api.authentication.v1.TokenReviewSpec",
                v2.at("/definitions/io.k8s.api.authentication.v1.TokenReview/properties/spec/$ref").asText());
        assertEquals("apiKey", v2.at("/securityDefinitions/BearerToken/type").asText());
        assertEquals("[{\"BearerToken\":[]}]", v2.path("security").toString());
    }

    @Test
    void requestBodyBecomesABodyParameterAndContentBecomesConsumesAndProduces() throws Exception {
        JsonNode post = convert(REVIEWS).at("/paths/~1apis~1authentication.k8s.io~1v1~1tokenreviews/post");
        assertEquals("[\"*/*\"]", post.path("consumes").toString());
        assertEquals("[\"application/json\",\"application/yaml\"]", post.path("produces").toString());
        JsonNode body = post.at("/parameters/0");
        assertEquals("{\"name\":\"body\",\"in\":\"body\",\"required\":true,"
                + "\"schema\":{\"$ref\":\"#/definitions/io.k8s.api.authentication.v1.TokenReview\"}}", body.toString());
        assertEquals("#/definitions/io.k8s.api.authentication.v1.TokenReview", post.at("/responses/201/schema/$ref").asText());
        assertEquals("{\"description\":\"Unauthorized\"}", post.at("/responses/401").toString());
        assertEquals("TokenReview", post.at("/x-kubernetes-group-version-kind/kind").asText());
        assertEquals("post", post.path("x-kubernetes-action").asText());
        assertFalse(post.has("servers"));
        assertFalse(post.has("requestBody"));
    }

    @Test
    void parameterSchemasAreFlattened() throws Exception {
        JsonNode pretty = convert(REVIEWS).at("/paths/~1apis~1authentication.k8s.io~1v1~1tokenreviews/parameters/0");
        assertEquals("{\"name\":\"pretty\",\"in\":\"query\",\"description\":\"pretty print\",\"type\":\"string\","
                + "\"uniqueItems\":true}", pretty.toString());
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
