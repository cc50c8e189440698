package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl validates kinds that have no PATCH operation (reviews, Binding, Eviction...) on the client
 * with the /openapi/v2 document, which it downloads as protobuf; with default validation.
 */
class OpenApiV2IT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        kubectl = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode create(String manifest) throws Exception {
        return JSON.readTree(kubectl.runWithInput(manifest, "create", "-f", "-", "-o", "json").ok().stdout());
    }

    @Test
    void tokenReviewPassesClientSideValidation() throws Exception {
        String token = kubectl.run("create", "token", "default", "-n", "default").ok().stdout().strip();
        JsonNode review = create("""
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "%s"}}""".formatted(token));
        assertTrue(review.at("/status/authenticated").asBoolean(), review.toString());
        assertEquals("system:serviceaccount:default:default", review.at("/status/user/username").asText(), review.toString());
        JsonNode garbage = create("""
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "x"}}""");
        assertFalse(garbage.at("/status/authenticated").asBoolean(), garbage.toString());
    }

    @Test
    void selfSubjectAccessReviewPassesClientSideValidation() throws Exception {
        JsonNode review = create("""
                apiVersion: authorization.k8s.io/v1
                kind: SelfSubjectAccessReview
                spec:
                  resourceAttributes:
                    verb: get
                    resource: pods
                    namespace: default
                """);
        assertTrue(review.at("/status/allowed").asBoolean(), review.toString());
    }

    @Test
    void unknownFieldIsRejectedByKubectlBeforeAnyRequest() {
        Kubectl.Result refused = kubectl.runWithInput("""
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "x", "bogus": true}}""",
                "create", "-f", "-", "-v=6");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("error validating data: ValidationError(TokenReview.spec): unknown field "
                + "\"bogus\" in io.k8s.api.authentication.v1.TokenReviewSpec"), refused.stderr());
        assertTrue(refused.stderr().contains("/openapi/v2"), "the document came from /openapi/v2:\n" + refused.stderr());
        assertFalse(refused.stderr().contains("verb=\"POST\""), "kubectl sent nothing:\n" + refused.stderr());
        Kubectl.Result unchecked = kubectl.runWithInput("""
                {"apiVersion": "authentication.k8s.io/v1", "kind": "TokenReview", "spec": {"token": "x", "bogus": true}}""",
                "create", "-f", "-", "--validate=false", "-o", "name");
        assertEquals(0, unchecked.exitCode(), unchecked.stderr());
    }

    @Test
    void protobufIsNegotiatedAndCachedByEtag() throws Exception {
        AdminHttp http = new AdminHttp(server.dataDir, server.url() + "/clusters/root");
        String protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
        HttpResponse<byte[]> pb = http.get("/openapi/v2", "Accept", protobuf);
        assertEquals(200, pb.statusCode());
        assertEquals("application/octet-stream", pb.headers().firstValue("Content-Type").orElse(""));
        // Field 1 (swagger), length-delimited, "2.0": what gnostic's Document starts with.
        assertArrayEquals(new byte[] {0x0a, 3, '2', '.', '0'}, java.util.Arrays.copyOf(pb.body(), 5));
        String etag = pb.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> json = http.get("/openapi/v2", "Accept", "application/json");
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
        assertEquals(etag, json.headers().firstValue("ETag").orElse(""), "one document, one ETag");
        assertEquals(304, http.get("/openapi/v2", "Accept", protobuf, "If-None-Match", etag).statusCode());
        assertEquals(406, http.get("/openapi/v2", "Accept", "application/yaml").statusCode());
    }

    @Test
    void jsonIsServedToWhoeverAsksForIt() throws Exception {
        JsonNode doc = JSON.readTree(kubectl.run("get", "--raw", "/openapi/v2").ok().stdout());
        assertEquals("2.0", doc.path("swagger").asText());
        assertTrue(doc.at("/definitions/io.k8s.api.authorization.v1.SelfSubjectAccessReview/properties").has("spec"));
        assertTrue(doc.path("paths").has("/api/v1/namespaces/{namespace}/pods"));
    }
}
