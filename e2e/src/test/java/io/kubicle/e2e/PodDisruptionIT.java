package io.kubicle.e2e;

import static io.kubicle.e2e.SyncerIT.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PodDisruptionBudgets as kube keeps them: the disruption controller's status (what must stay healthy, what is, how
 * many disruptions are allowed) and the eviction API that takes from it ({@code kubectl drain}, fabric8's evict, a
 * raw POST). The test plays the scheduler and the kubelet: it binds pods and marks them ready.
 */
@ExtendWith(SharedKubicle.class)
@Timeout(180)
class PodDisruptionIT {
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    @TempDir
    static Path dir;
    static KubernetesClient client;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        Path kubeconfig = SharedKubicle.provision("disruption");
        // a refused eviction is a 429, which fabric8 retries ten times by default: the test wants the first answer
        client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                Config.fromKubeconfig(Files.readString(kubeconfig))).withRequestRetryBackoffLimit(0).build()).build();
        kubectl = new Kubectl(kubeconfig, dir.resolve("cache"));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    private static void namespace(String ns) {
        kubectl.run("create", "namespace", ns).ok();
    }

    private static List<Pod> pods(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** What a kubelet reports for a pod it runs. */
    private static void ready(String ns, String pod) {
        client.pods().inNamespace(ns).withName(pod).subresource("status").patch(MERGE,
                "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
    }

    private static void bind(String ns, String pod, String node) {
        client.bindings().inNamespace(ns).resource(new BindingBuilder().withNewMetadata().withName(pod).endMetadata()
                .withNewTarget().withKind("Node").withName(node).endTarget().build()).create();
    }

    private static PodDisruptionBudget budget(String ns, String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(ns).withName(name).get();
    }

    private static void awaitAllowed(String ns, String name, int allowed) throws InterruptedException {
        await("budget " + name + " allows " + allowed, () -> {
            PodDisruptionBudget pdb = budget(ns, name);
            return pdb.getStatus() != null && pdb.getStatus().getDisruptionsAllowed() == allowed
                    && pdb.getStatus().getObservedGeneration() == pdb.getMetadata().getGeneration();
        });
    }

    private static Kubectl.Result evictRaw(String ns, String pod, String query) {
        return kubectl.runWithInput("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod + "\"}}",
                "create", "--raw", "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction" + query, "-f", "-", "-v=8");
    }

    @Test
    void theBudgetFollowsReadyPodsAndEachEvictionTakesADisruption() throws Exception {
        namespace("pdb-web");
        kubectl.run("create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "-n", "pdb-web").ok();
        kubectl.run("create", "pdb", "web", "--selector=app=web", "--max-unavailable=1", "-n", "pdb-web").ok();
        await("three pods", () -> pods("pdb-web", "web").size() == 3);
        awaitAllowed("pdb-web", "web", 0); // none ready yet
        // a pass that ran while the ReplicaSet was still making its pods counted fewer: the next one counts three
        await("the budget counting three pods", () -> budget("pdb-web", "web").getStatus().getExpectedPods() == 3);
        PodDisruptionBudget waiting = budget("pdb-web", "web");
        assertEquals(3, waiting.getStatus().getExpectedPods());
        assertEquals(2, waiting.getStatus().getDesiredHealthy());
        assertEquals(0, waiting.getStatus().getCurrentHealthy());
        assertEquals("InsufficientPods", waiting.getStatus().getConditions().get(0).getReason());
        pods("pdb-web", "web").forEach(p -> ready("pdb-web", p.getMetadata().getName()));
        awaitAllowed("pdb-web", "web", 1);
        assertEquals(3, budget("pdb-web", "web").getStatus().getCurrentHealthy());
        String table = kubectl.run("get", "pdb", "web", "-n", "pdb-web").ok().stdout();
        assertTrue(table.matches("(?s)NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE\\s+web\\s+N/A\\s+1\\s+1\\s+.*"), table);

        List<Pod> running = pods("pdb-web", "web");
        String first = running.get(0).getMetadata().getName();
        String second = running.get(1).getMetadata().getName();
        Kubectl.Result dryRun = evictRaw("pdb-web", first, "?dryRun=All");
        assertEquals(0, dryRun.exitCode(), dryRun.stderr());
        assertNotNull(client.pods().inNamespace("pdb-web").withName(first).get(), "a dry run leaves the pod");
        assertEquals(1, budget("pdb-web", "web").getStatus().getDisruptionsAllowed(), "and the budget");

        assertTrue(client.pods().inNamespace("pdb-web").withName(first).evict(), "fabric8's evict within the budget");
        await(first + " gone", () -> client.pods().inNamespace("pdb-web").withName(first).get() == null);
        assertEquals(0, budget("pdb-web", "web").getStatus().getDisruptionsAllowed());
        assertFalse(client.pods().inNamespace("pdb-web").withName(second).evict(), "a second eviction goes past the budget");
        Kubectl.Result refused = evictRaw("pdb-web", second, "");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's"
                + " disruption budget."), refused.stderr());
        assertTrue(refused.stderr().contains("The disruption budget web needs 2 healthy pods and has 2 currently"), refused.stderr());
        assertNotNull(client.pods().inNamespace("pdb-web").withName(second).get());

        // the ReplicaSet's replacement turns ready: the budget allows one again
        await("a replacement", () -> pods("pdb-web", "web").size() == 3);
        pods("pdb-web", "web").forEach(p -> ready("pdb-web", p.getMetadata().getName()));
        awaitAllowed("pdb-web", "web", 1);
        assertTrue(client.pods().inNamespace("pdb-web").withName(second).evict());
    }

    @Test
    void aDisruptionTargetNobodyActedOnForTwoMinutesGoesBackToFalse() throws Exception {
        namespace("pdb-stale");
        kubectl.run("create", "pdb", "guard", "--selector=app=stale", "--min-available=1", "-n", "pdb-stale").ok();
        kubectl.run("run", "marked", "--image=nginx:1.27", "--labels=app=stale", "-n", "pdb-stale").ok();
        kubectl.run("run", "fresh", "--image=nginx:1.27", "--labels=app=stale", "-n", "pdb-stale").ok();
        // as an eviction whose delete never came leaves a pod: marked, running, not deleted; one mark is three minutes old
        String old = java.time.Instant.now().minusSeconds(180).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        for (String[] pod : new String[][] {{"marked", old}, {"fresh", now}}) {
            client.pods().inNamespace("pdb-stale").withName(pod[0]).subresource("status").patch(MERGE, "{\"status\":{\"phase\":"
                    + "\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},{\"type\":\"DisruptionTarget\","
                    + "\"status\":\"True\",\"reason\":\"EvictionByEvictionAPI\",\"message\":\"Eviction API: evicting\","
                    + "\"lastTransitionTime\":\"" + pod[1] + "\"}]}}");
        }
        await("the stale mark set back", () -> "False".equals(disruptionTarget("pdb-stale", "marked").getStatus()));
        var reset = disruptionTarget("pdb-stale", "marked");
        assertNull(reset.getReason(), "kube leaves no reason");
        assertNotEquals(old, reset.getLastTransitionTime());
        assertEquals("True", disruptionTarget("pdb-stale", "fresh").getStatus(), "a mark younger than two minutes stays");
    }

    private static io.fabric8.kubernetes.api.model.PodCondition disruptionTarget(String ns, String pod) {
        return client.pods().inNamespace(ns).withName(pod).get().getStatus().getConditions().stream()
                .filter(c -> "DisruptionTarget".equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void kubectlDrainEvictsWithinTheBudgetAndWaitsForTheRest() throws Exception {
        namespace("pdb-drain");
        for (String node : List.of("node-1", "node-2")) {
            kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + node + "\"}}",
                    "create", "-f", "-").ok();
        }
        kubectl.run("create", "deployment", "api", "--image=nginx:1.27", "--replicas=2", "-n", "pdb-drain").ok();
        kubectl.run("create", "pdb", "api", "--selector=app=api", "--min-available=1", "-n", "pdb-drain").ok();
        await("two pods", () -> pods("pdb-drain", "api").size() == 2);
        for (Pod pod : pods("pdb-drain", "api")) {
            bind("pdb-drain", pod.getMetadata().getName(), "node-1");
            ready("pdb-drain", pod.getMetadata().getName());
        }
        awaitAllowed("pdb-drain", "api", 1);

        Kubectl.Result stuck = kubectl.run("drain", "node-1", "--ignore-daemonsets", "--timeout=8s");
        assertNotEquals(0, stuck.exitCode(), stuck.stdout());
        assertTrue(stuck.stdout().contains("evicted"), stuck.stdout());
        assertTrue(stuck.stderr().contains("Cannot evict pod as it would violate the pod's disruption budget."), stuck.stderr());
        assertEquals(Boolean.TRUE, client.nodes().withName("node-1").get().getSpec().getUnschedulable(), "drain cordons first");
        List<Pod> left = pods("pdb-drain", "api").stream().filter(p -> "node-1".equals(p.getSpec().getNodeName())).toList();
        assertEquals(1, left.size(), "the budget kept one pod on the node");

        // the scheduler places the replacement elsewhere and it turns ready: the second drain finishes
        Pod replacement = pods("pdb-drain", "api").stream().filter(p -> p.getSpec().getNodeName() == null).findFirst().orElseThrow();
        bind("pdb-drain", replacement.getMetadata().getName(), "node-2");
        ready("pdb-drain", replacement.getMetadata().getName());
        awaitAllowed("pdb-drain", "api", 1);
        String drained = kubectl.run("drain", "node-1", "--ignore-daemonsets", "--timeout=30s").ok().stdout();
        assertTrue(drained.contains("node/node-1 drained"), drained);
        assertTrue(pods("pdb-drain", "api").stream().noneMatch(p -> "node-1".equals(p.getSpec().getNodeName())));
    }

    /** kube's last finder: a controller of any kind counts with the replicas its scale subresource reports. */
    @Test
    void aCustomControllerWithAScaleSubresourceSetsTheExpectedPods() throws Exception {
        namespace("pdb-custom");
        kubectl.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"trainers.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"trainers","singular":"trainer","kind":"Trainer"},
                  "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"scale":{"specReplicasPath":".spec.replicas",
                   "statusReplicasPath":".status.replicas"}},"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object",
                   "properties":{"replicas":{"type":"integer"}}},"status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}}}}]}}
                """, "create", "-f", "-").ok();
        await("the Trainer kind is served", () -> kubectl.run("get", "trainers", "-n", "pdb-custom").exitCode() == 0);
        kubectl.runWithInput("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Trainer\",\"metadata\":{\"name\":\"t\"},"
                + "\"spec\":{\"replicas\":4}}", "create", "-n", "pdb-custom", "-f", "-").ok();
        String uid = kubectl.run("get", "trainer", "t", "-n", "pdb-custom", "-o", "jsonpath={.metadata.uid}").ok().stdout().trim();
        for (int i = 0; i < 4; i++) {
            kubectl.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"t-" + i + "\",\"labels\":"
                    + "{\"app\":\"trainer\"},\"ownerReferences\":[{\"apiVersion\":\"example.com/v1\",\"kind\":\"Trainer\","
                    + "\"name\":\"t\",\"uid\":\"" + uid + "\",\"controller\":true}]},\"spec\":{\"containers\":[{\"name\":\"c\","
                    + "\"image\":\"busybox\"}]}}", "create", "-n", "pdb-custom", "-f", "-").ok();
            ready("pdb-custom", "t-" + i);
        }
        kubectl.run("create", "pdb", "t", "--selector=app=trainer", "--max-unavailable=1", "-n", "pdb-custom").ok();
        awaitAllowed("pdb-custom", "t", 1);
        assertEquals(4, budget("pdb-custom", "t").getStatus().getExpectedPods());
        assertEquals(3, budget("pdb-custom", "t").getStatus().getDesiredHealthy());

        kubectl.run("scale", "trainer", "t", "--replicas=6", "-n", "pdb-custom").ok();
        kubectl.run("label", "pod", "t-0", "seen=again", "-n", "pdb-custom").ok(); // nothing watches the Trainer: a pod write brings the pass
        await("six expected, five must stay healthy", () -> budget("pdb-custom", "t").getStatus().getExpectedPods() == 6);
        assertEquals(0, budget("pdb-custom", "t").getStatus().getDisruptionsAllowed());
    }

    @Test
    void evictionAnswersAsKubeDoes() throws Exception {
        namespace("pdb-rules");
        kubectl.run("create", "deployment", "db", "--image=nginx:1.27", "--replicas=2", "-n", "pdb-rules").ok();
        await("two pods", () -> pods("pdb-rules", "db").size() == 2);
        String pending = pods("pdb-rules", "db").get(0).getMetadata().getName();

        Kubectl.Result wrongName = kubectl.runWithInput("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"x\"}}",
                "create", "--raw", "/api/v1/namespaces/pdb-rules/pods/" + pending + "/eviction", "-f", "-");
        assertTrue(wrongName.stderr().contains("name in URL does not match name in Eviction object"), wrongName.stderr());

        kubectl.run("create", "pdb", "all", "--selector=app=db", "--min-available=100%", "-n", "pdb-rules").ok();
        awaitAllowed("pdb-rules", "all", 0);
        // a pod that is not running yet has disrupted nothing: it goes whatever the budget says
        assertTrue(client.pods().inNamespace("pdb-rules").withName(pending).evict());
        await(pending + " gone", () -> client.pods().inNamespace("pdb-rules").withName(pending).get() == null);

        await("two pods again", () -> pods("pdb-rules", "db").size() == 2);
        List<Pod> pods = pods("pdb-rules", "db");
        ready("pdb-rules", pods.get(0).getMetadata().getName());
        String unready = pods.get(1).getMetadata().getName();
        client.pods().inNamespace("pdb-rules").withName(unready).subresource("status").patch(MERGE,
                "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]}}");
        await("the budget counts one healthy of two", () -> budget("pdb-rules", "all").getStatus().getCurrentHealthy() == 1
                && budget("pdb-rules", "all").getStatus().getExpectedPods() == 2);
        assertFalse(client.pods().inNamespace("pdb-rules").withName(unready).evict(), "IfHealthyBudget: the budget is not met");
        kubectl.run("patch", "pdb", "all", "-n", "pdb-rules", "--type=merge", "-p",
                "{\"spec\":{\"unhealthyPodEvictionPolicy\":\"AlwaysAllow\"}}").ok();
        awaitAllowed("pdb-rules", "all", 0);
        assertTrue(client.pods().inNamespace("pdb-rules").withName(unready).evict(), "AlwaysAllow lets an unready pod go");

        String healthy = pods.get(0).getMetadata().getName();
        kubectl.run("create", "pdb", "second", "--selector=app=db", "--min-available=0", "-n", "pdb-rules").ok();
        Kubectl.Result two = evictRaw("pdb-rules", healthy, "");
        assertTrue(two.stderr().contains("This pod has more than one PodDisruptionBudget, which the eviction subresource does"
                + " not support: all, second"), two.stderr());
        assertTrue(two.stderr().contains("Forbidden"), two.stderr());

        kubectl.run("create", "rolebinding", "viewer", "--clusterrole=view", "--user=viewer", "-n", "pdb-rules").ok();
        Kubectl.Result viewer = kubectl.runWithInput("{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\""
                + healthy + "\"}}", "--as", "viewer", "create", "--raw", "/api/v1/namespaces/pdb-rules/pods/" + healthy + "/eviction",
                "-f", "-");
        assertTrue(viewer.stderr().contains("cannot create resource \"pods/eviction\""), viewer.stderr());

        Kubectl.Result invalid = kubectl.runWithInput("{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":"
                + "{\"name\":\"bad\"},\"spec\":{\"maxUnavailable\":\"150%\",\"selector\":{\"matchLabels\":{\"app\":\"db\"}}}}",
                "create", "-n", "pdb-rules", "-f", "-");
        assertTrue(invalid.stderr().contains("spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%"),
                invalid.stderr());
        assertNull(budget("pdb-rules", "bad"));
    }
}
