package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The requests an unread apply or status patch sends, and a refusal thrown as fabric8 throws it. */
class UnreadWritesTest {
    record Asked(String method, String uri, String contentType, String body) {
    }

    Vertx vertx;
    HttpServer server;
    KubernetesClient client;
    volatile int code = 200;
    volatile String answer = "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\"}}";
    final List<Asked> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(this::answer).listen(0, "127.0.0.1").await();
        // as the syncer reaches a workspace: a path under the server's address
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.actualPort() + "/clusters/team-a").withRequestRetryBackoffLimit(0)
                .build()).withKubernetesSerialization(SyncerJson.SERIALIZATION).build();
    }

    private void answer(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            asked.add(new Asked(request.method().name(), request.uri(), request.getHeader("Content-Type"), body.toString()));
            request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(answer);
        });
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
    }

    @Test
    void anApplyIsAPatchOfTheWholeObjectAddressedByItsKindNamespaceAndName() {
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("kc-a-ml").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("cuda").endContainer().endSpec().build();
        UnreadWrites.apply(client, pod, "kubicle-syncer");
        UnreadWrites.apply(client, new DeploymentBuilder().withNewMetadata().withName("dns").withNamespace("kc-a-ml")
                .endMetadata().build(), "kubicle-syncer");
        UnreadWrites.apply(client, new NamespaceBuilder().withNewMetadata().withName("kc-a-ml").endMetadata().build(),
                "kubicle-syncer");

        assertEquals("PATCH", asked.get(0).method());
        assertEquals("/clusters/team-a/api/v1/namespaces/kc-a-ml/pods/web?fieldManager=kubicle-syncer&force=true",
                asked.get(0).uri());
        assertEquals("application/apply-patch+yaml", asked.get(0).contentType());
        Pod sent = SyncerJson.SERIALIZATION.unmarshal(asked.get(0).body(), Pod.class);
        assertEquals(pod, sent, "the object itself is the body");
        assertTrue(asked.get(0).body().contains("\"kind\":\"Pod\""), asked.get(0).body());
        assertEquals("/clusters/team-a/apis/apps/v1/namespaces/kc-a-ml/deployments/dns?fieldManager=kubicle-syncer&force=true",
                asked.get(1).uri());
        assertEquals("/clusters/team-a/api/v1/namespaces/kc-a-ml?fieldManager=kubicle-syncer&force=true", asked.get(2).uri(),
                "a cluster-scoped kind has no namespace in its path");
    }

    @Test
    void aStatusPatchGoesToTheStatusSubresourceAsAMergePatch() {
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("ml").endMetadata().build();
        UnreadWrites.patchStatus(client, pod, "{\"status\":{\"phase\":\"Running\"}}");
        assertEquals(new Asked("PATCH", "/clusters/team-a/api/v1/namespaces/ml/pods/web/status",
                "application/merge-patch+json", "{\"status\":{\"phase\":\"Running\"}}"), asked.get(0));
    }

    @Test
    void aCustomResourcesStatusIsPatchedByItsNameAloneWithoutReadingItFirst() {
        UnreadWrites.patchStatus(client, "tenancy.kubicle.io/v1alpha1", "workspaces", "team-b", "{\"status\":{\"syncer\":{}}}");
        assertEquals(List.of(new Asked("PATCH", "/clusters/team-a/apis/tenancy.kubicle.io/v1alpha1/workspaces/team-b/status",
                "application/merge-patch+json", "{\"status\":{\"syncer\":{}}}")), asked, "one request: no GET before it");
    }

    @Test
    void aRefusalCarriesTheServersCodeAndStatusAsFabric8Has() {
        code = 422;
        answer = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"Invalid","code":422,
                 "message":"Pod \\"web\\" is invalid: spec.containers[0].image: Required value"}""";
        Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("ml").endMetadata().build();
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> UnreadWrites.apply(client, pod, "kubicle-syncer"));
        assertEquals(422, e.getCode());
        assertEquals("Pod \"web\" is invalid: spec.containers[0].image: Required value", HostRefusals.message(e));
        assertTrue(HostRefusals.isRefusal(e));

        code = 503;
        answer = "upstream connect error";
        e = assertThrows(KubernetesClientException.class, () -> UnreadWrites.patchStatus(client, pod, "{}"));
        assertEquals(503, e.getCode(), "an answer that is no Status keeps its code, and fabric8's words for it");
        assertTrue(e.getMessage().contains("PATCH at: http://127.0.0.1:" + server.actualPort()
                + "/clusters/team-a/api/v1/namespaces/ml/pods/web/status. Message: Service Unavailable"), e.getMessage());
    }
}
