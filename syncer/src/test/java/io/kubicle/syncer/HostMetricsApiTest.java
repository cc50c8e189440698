package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The host's metrics API as kube-apiserver and metrics-server answer: the requests the syncer sends, an object without
 * metrics (null), and a host with no metrics API, whose 404 or 503 tenants get as a 503 that tells them why.
 */
class HostMetricsApiTest {
    static final String NO_SUCH_API = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""";
    static final String UNAVAILABLE = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
             "message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}""";
    static final String POD_LIST = """
            {"kind":"PodMetricsList","apiVersion":"metrics.k8s.io/v1beta1","metadata":{},
             "items":[{"metadata":{"name":"web","namespace":"kc-a-default-12345678","labels":{"app":"web"}},
              "timestamp":"2026-12-07T01:00:00Z","window":"10.5s","containers":[{"name":"app","usage":{"cpu":"1500n","memory":"5Mi"}}]}]}""";

    Vertx vertx;
    HttpServer server;
    KubernetesClient client;
    /** What the host answers: its code and body. */
    volatile int code;
    volatile String body;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1").await();
        client = HostMetricsApi.client(new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + server.actualPort()).build());
    }

    private void answer(HttpServerRequest request) {
        asked.add(request.uri());
        request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(body);
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
    }

    @Test
    void aWorkspacesPodsAreOneRequestSelectingItsLabelAndTheSampleComesAsTheHostGaveIt() {
        code = 200;
        body = POD_LIST;
        HostMetrics host = HostMetrics.of(client);

        List<PodMetrics> pods = host.pods(null, Map.of(SyncLabels.WORKSPACE, "team-a"));
        host.pods("kc-a-default-12345678", Map.of());

        assertEquals(List.of("/apis/metrics.k8s.io/v1beta1/pods?labelSelector=kubicle.io%2Fworkspace%3Dteam-a",
                "/apis/metrics.k8s.io/v1beta1/namespaces/kc-a-default-12345678/pods"), asked);
        assertEquals("web", pods.get(0).getMetadata().getName());
        String json = SyncerJson.asJson(TenantMetrics.podList(pods));
        assertEquals(true, json.contains("\"window\":\"10.5s\"") && json.contains("\"cpu\":\"1500n\""), json);
    }

    @Test
    void aPodOrNodeWithoutMetricsIsNull() {
        code = 404;
        body = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
                 "message":"podmetrics.metrics.k8s.io \\"ns/web\\" not found","reason":"NotFound",
                 "details":{"name":"ns/web","group":"metrics.k8s.io","kind":"pods"},"code":404}""";
        HostMetrics host = HostMetrics.of(client);
        assertNull(host.pod("ns", "web"));
        assertNull(host.node("web"));
        assertEquals("/apis/metrics.k8s.io/v1beta1/namespaces/ns/pods/web", asked.get(0));
    }

    @Test
    void aHostWithoutAMetricsApiIsToldAsOneEvenForASinglePod() {
        code = 404;
        body = NO_SUCH_API;
        assertNoMetricsApi(HostMetrics.of(client));
        code = 503;
        body = UNAVAILABLE; // an APIService whose metrics-server is not running
        assertNoMetricsApi(HostMetrics.of(client));
    }

    private static void assertNoMetricsApi(HostMetrics host) {
        for (Executable ask : List.<Executable>of(() -> host.pods(null, Map.of()), () -> host.pod("ns", "web"), host::nodes,
                () -> host.node("n"))) {
            HostMetrics.NoMetricsApi e = assertThrows(HostMetrics.NoMetricsApi.class, ask);
            MetricsRequests.Refused told = MetricsRequests.refusalOf(e);
            assertEquals(503, told.code);
            assertEquals("ServiceUnavailable", told.reason);
            assertEquals("the host cluster serves no metrics API (metrics.k8s.io): its operator installs metrics-server for kubectl"
                    + " top to work", told.getMessage());
        }
    }

    @Test
    void otherHostFailuresAreNotTakenForAMissingApi() {
        code = 403;
        body = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden","reason":"Forbidden","code":403}""";
        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> HostMetrics.of(client).nodes());
        assertEquals(403, e.getCode());
        assertEquals(503, MetricsRequests.refusalOf(e).code);
    }
}
