package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of malformed requests: each must get a 4xx Status with a message a person can act on —
 * never a 5xx, never a hang, never a half-written object.
 */
class BadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CMS = "/api/v1/namespaces/default/configmaps";
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static AdminHttp http;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        http = new AdminHttp(server.dataDir, server.url() + "/clusters/root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Case(String what, String method, String path, String contentType, String body, int code, String message) {
    }

    @Test
    void everyBadRequestGetsAClearClientError() throws Exception {
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\""
                + "a".repeat(3 * 1024 * 1024 + 10) + "\"}}";
        List<Case> cases = List.of(
                new Case("malformed JSON", "POST", CMS, "application/json", "{\"kind\":", 400, "not valid JSON"),
                new Case("malformed YAML", "POST", CMS, "application/yaml", "kind: [unclosed", 400, "not valid YAML"),
                new Case("not an object", "POST", CMS, "application/json", "[1,2]", 400, "must be a JSON object"),
                new Case("empty body", "POST", CMS, "application/json", "", 400, "empty"),
                new Case("wrong kind", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"a\"}}", 400,
                        "does not match the expected kind"),
                new Case("wrong apiVersion", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"apps/v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}", 400,
                        "does not match the expected API version"),
                new Case("namespace mismatch", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"other\"}}", 400,
                        "does not match the namespace"),
                new Case("bad name", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Not_Valid\"}}", 422,
                        "metadata.name: Invalid value: \"Not_Valid\""),
                new Case("no name", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}", 422, "metadata.name: Required value"),
                new Case("bad label", "POST", CMS, "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"labels\":{\"a\":\"-x-\"}}}",
                        422, "metadata.labels: Invalid value: \"-x-\""),
                new Case("unknown resource", "GET", "/api/v1/namespaces/default/widgets", null, null, 404,
                        "the server could not find the requested resource"),
                new Case("unknown group", "GET", "/apis/nope.example.com/v1/things", null, null, 404,
                        "the server could not find the requested resource"),
                new Case("missing namespace", "POST", "/api/v1/namespaces/nowhere/configmaps", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}", 404,
                        "namespaces \"nowhere\" not found"),
                new Case("unsupported media type", "POST", CMS, "text/plain", "hello", 415, "unknown format"),
                new Case("unsupported patch type", "PATCH", CMS + "/kube-root-ca.crt", "application/xml", "<a/>", 415,
                        "unknown format"),
                new Case("bad label selector", "GET", CMS + "?labelSelector=a%20in%20b", null, null, 400,
                        "unable to parse label selector"),
                new Case("bad field selector", "GET", CMS + "?fieldSelector=status.phase%3DRunning", null, null, 400,
                        "field label not supported: status.phase"),
                new Case("bad continue token", "GET", CMS + "?limit=1&continue=garbage", null, null, 400,
                        "continue key is not valid"),
                new Case("bad resourceVersion", "PUT", CMS + "/kube-root-ca.crt", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"kube-root-ca.crt\","
                                + "\"resourceVersion\":\"abc\"}}", 400, "not a valid resource version"),
                new Case("name mismatch on PUT", "PUT", CMS + "/kube-root-ca.crt", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"other\"}}", 400,
                        "does not match the name on the URL"),
                new Case("bad json patch", "PATCH", CMS + "/kube-root-ca.crt", "application/json-patch+json",
                        "[{\"op\":\"remove\",\"path\":\"/nope/nope\"}]", 422, ""),
                new Case("body over 3 MiB", "POST", CMS, "application/json", big, 413, "Request entity too large"),
                new Case("method not allowed", "DELETE", "/api/v1/componentstatuses/x", null, null, 405, "does not allow"),
                new Case("bad dryRun", "POST", CMS + "?dryRun=Some", "application/json",
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"dry\"}}", 400, "dryRun"));
        StringBuilder failures = new StringBuilder();
        for (Case c : cases) {
            HttpResponse<String> r;
            try {
                r = http.send(c.method(), c.path(), c.contentType(), c.body());
            } catch (java.io.IOException e) {
                failures.append(c.what()).append(": no answer: ").append(e).append('\n');
                continue;
            }
            JsonNode status;
            try {
                status = JSON.readTree(r.body());
            } catch (Exception e) {
                failures.append(c.what()).append(": body is not JSON: ").append(r.body(), 0, Math.min(200, r.body().length()))
                        .append('\n');
                continue;
            }
            boolean ok = r.statusCode() == c.code() && "Status".equals(status.path("kind").asText())
                    && status.path("code").asInt() == c.code() && status.path("message").asText().contains(c.message());
            if (!ok) {
                failures.append(c.what()).append(": got ").append(r.statusCode()).append(' ').append(r.body(), 0,
                        Math.min(300, r.body().length())).append('\n');
            }
        }
        assertEquals("", failures.toString());
        HttpResponse<String> list = http.send("GET", CMS, null, (String) null);
        JsonNode items = JSON.readTree(list.body()).path("items");
        assertEquals(1, items.size(), "nothing was half-written: only kube-root-ca.crt exists, got " + list.body());
        assertTrue(http.send("GET", CMS + "/dry", null, (String) null).statusCode() == 404);
    }
}
