package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code pods/<name>/binding} and {@code bindings}, as a scheduler uses them: a pod is bound once, then 409. */
@ExtendWith(SharedKubicle.class)
class PodBindingIT {
    @TempDir
    static Path dir;
    static Path kubeconfig;
    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubeconfig = SharedKubicle.provision("binding");
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        kubectl = new Kubectl(kubeconfig, dir.resolve("cache"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    private static Binding binding(String pod, String node) {
        return new BindingBuilder().withNewMetadata().withName(pod).withNamespace("default").addToAnnotations("scheduled-by", "test")
                .endMetadata().withNewTarget().withKind("Node").withName(node).endTarget().build();
    }

    @Test
    void bindingsSetsTheNodeOnceAndThenConflicts() {
        client.pods().inNamespace("default").resource(SyncerIT.pod("web")).create();
        client.bindings().inNamespace("default").resource(binding("web", "node-a")).create();
        Pod bound = client.pods().inNamespace("default").withName("web").get();
        assertEquals("node-a", bound.getSpec().getNodeName());
        assertEquals("test", bound.getMetadata().getAnnotations().get("scheduled-by"));
        assertTrue(bound.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                && "True".equals(c.getStatus())), bound.getStatus().toString());

        for (String node : new String[] {"node-b", "node-a"}) { // another node, and the same one again: kube refuses both
            KubernetesClientException conflict = assertThrows(KubernetesClientException.class,
                    () -> client.bindings().inNamespace("default").resource(binding("web", node)).create());
            assertEquals(409, conflict.getCode());
            assertEquals("Operation cannot be fulfilled on pods/binding \"web\": pod web is already assigned to node \"node-a\"",
                    conflict.getStatus().getMessage());
        }
        assertEquals("node-a", client.pods().inNamespace("default").withName("web").get().getSpec().getNodeName());
    }

    @Test
    void thePodsBindingSubresourceAnswersAsKubeDoes() {
        client.pods().inNamespace("default").resource(SyncerIT.pod("batch")).create();
        String path = "/api/v1/namespaces/default/pods/batch/binding";
        Kubectl.Result wrongName = kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"other\"},"
                + "\"target\":{\"name\":\"node-a\"}}", "create", "--raw", path, "-f", "-");
        assertTrue(wrongName.stderr().contains("name in URL does not match name in Binding object"), wrongName.stderr());
        Kubectl.Result noTarget = kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"batch\"},"
                + "\"target\":{\"kind\":\"Pod\"}}", "create", "--raw", path, "-f", "-");
        assertTrue(noTarget.stderr().contains("target.name: Required value"), noTarget.stderr());
        Kubectl.Result ok = kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"batch\"},"
                + "\"target\":{\"kind\":\"Node\",\"name\":\"node-c\"}}", "create", "--raw", path, "-f", "-").ok();
        assertTrue(ok.stdout().contains("\"status\":\"Success\""), ok.stdout());
        assertEquals("node-c", client.pods().inNamespace("default").withName("batch").get().getSpec().getNodeName());

        KubernetesClientException missing = assertThrows(KubernetesClientException.class,
                () -> client.bindings().inNamespace("default").resource(binding("nobody", "node-a")).create());
        assertEquals(404, missing.getCode());
        assertEquals("pods \"nobody\" not found", missing.getStatus().getMessage());
    }
}
