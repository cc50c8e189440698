package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fabric8 Kubernetes client (7.x, JDK HTTP client) against a workspace: typed CRUD, conflicts as
 * Status, scale. Informers, watches and 410 Gone are in {@link Fabric8InformerIT}.
 */
@org.junit.jupiter.api.Timeout(120)
class Fabric8ClientIT {
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig()))).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build())
                .create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void crudWithTypedObjects() {
        ConfigMap created = client.configMaps().inNamespace("f8").resource(new ConfigMapBuilder()
                .withNewMetadata().withName("typed").addToLabels("app", "demo").endMetadata()
                .addToData("k", "v").build()).create();
        assertNotNull(created.getMetadata().getUid());
        ConfigMap edited = client.configMaps().inNamespace("f8").withName("typed").edit(cm -> new ConfigMapBuilder(cm)
                .addToData("k2", "v2").build());
        assertEquals("v2", edited.getData().get("k2"));
        assertTrue(Long.parseLong(edited.getMetadata().getResourceVersion())
                > Long.parseLong(created.getMetadata().getResourceVersion()));
        assertEquals(1, client.configMaps().inNamespace("f8").withLabel("app", "demo").list().getItems().size());
        KubernetesClientException stale = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> client.configMaps().inNamespace("f8").resource(created).update());
        assertEquals(409, stale.getCode());
        assertEquals("Conflict", stale.getStatus().getReason());
        Deployment d = client.apps().deployments().inNamespace("f8").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("nginx").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        assertEquals(2, d.getSpec().getReplicas());
        client.apps().deployments().inNamespace("f8").withName("web").scale(5);
        assertEquals(5, client.apps().deployments().inNamespace("f8").withName("web").get().getSpec().getReplicas());
        assertTrue(client.configMaps().inNamespace("f8").withName("typed").delete().size() == 1);
        assertNull(client.configMaps().inNamespace("f8").withName("typed").get());
    }
}
