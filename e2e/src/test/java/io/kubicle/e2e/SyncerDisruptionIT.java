package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.SyncLabels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's PodDisruptionBudget guards its pods against a drain of the HOST's nodes: the host's Eviction API consults
 * host budgets only, so each tenant budget has a host copy (an integer {@code minAvailable}, the tenant's
 * {@code status.desiredHealthy}). On a HOST STAND-IN (a second Kubicle server, as in {@link SyncerIT}); the test plays
 * the host's scheduler and kubelet (it binds host pods and reports them Running and Ready). Kubicle's disruption
 * controller fills the budgets' status on both sides, and the stand-in's {@code pods/<name>/eviction} enforces the host
 * copy as kube's does.
 */
@Timeout(300)
class SyncerDisruptionIT {
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    @TempDir
    static Path dir;
    static HostStandInPair pair;
    static KubernetesClient host;
    /** The host as a drain calls it: fabric8 would retry a 429 for half a minute, so a refusal comes back at once here. */
    static KubernetesClient drain;

    @BeforeAll
    static void start() throws Exception {
        pair = HostStandInPair.start(dir);
        host = pair.host();
        drain = new KubernetesClientBuilder().withConfig(new ConfigBuilder(pair.hostConfig()).withRequestRetryBackoffLimit(0).build())
                .build();
        pair.startSyncer(HostStandInPair.options());
    }

    @AfterAll
    static void stop() throws Exception {
        if (drain != null) {
            drain.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void theHostCopyOfABudgetFollowsTheTenantsDesiredHealthyAndGoesWithIt() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(pair.root(), pair.operator(), "team-budget", "{}");
        String hostNs = HostNames.namespace("team-budget", "default");
        webWithBudget(tenant, 3);
        SyncerIT.await("3 host pods", () -> webPods(hostNs).size() == 3);
        readyOnTheHost(hostNs);
        awaitTenantReady(tenant, 3);

        awaitHostBudget(tenant, hostNs, 2, "maxUnavailable 1 of 3 replicas");
        PodDisruptionBudget copy = host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get();
        assertEquals(Map.of("app", "web"), copy.getSpec().getSelector().getMatchLabels());
        assertEquals(null, copy.getSpec().getMaxUnavailable(), "a host would need controllers of the host pods for it");

        tenant.apps().deployments().inNamespace("default").withName("web").patch(MERGE, "{\"spec\":{\"replicas\":5}}");
        SyncerIT.await("5 host pods", () -> webPods(hostNs).size() == 5);
        readyOnTheHost(hostNs);
        awaitHostBudget(tenant, hostNs, 4, "maxUnavailable 1 of 5 replicas");

        tenant.policy().v1().podDisruptionBudget().inNamespace("default").withName("web").delete();
        SyncerIT.await("the host copy gone with the tenant budget", () ->
                host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get() == null);
        assertEquals(5, webPods(hostNs).size(), "the pods stay");
        tenant.close();
    }

    @Test
    void aHostDrainEvictsNoMoreThanTheTenantBudgetAllows() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(pair.root(), pair.operator(), "team-drain", "{}");
        String hostNs = HostNames.namespace("team-drain", "default");
        webWithBudget(tenant, 3);
        SyncerIT.await("3 host pods", () -> webPods(hostNs).size() == 3);
        readyOnTheHost(hostNs);
        awaitTenantReady(tenant, 3);
        awaitHostBudget(tenant, hostNs, 2, "maxUnavailable 1 of 3 replicas");
        awaitWithDetail("the host's disruption controller allows one disruption", () -> {
            var status = host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get().getStatus();
            return status != null && Integer.valueOf(3).equals(status.getCurrentHealthy()) && Integer.valueOf(1).equals(status.getDisruptionsAllowed());
        }, () -> "host budget status: " + host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get().getStatus());

        List<String> original = webPods(hostNs).stream().map(p -> p.getMetadata().getName()).sorted().toList();
        String first = original.get(0);
        String second = original.get(1);
        assertTrue(evict(hostNs, first), "the budget allows one eviction");
        assertFalse(evict(hostNs, second), "a second one would leave fewer than 2 healthy: 429");

        SyncerIT.await("the evicted pod failed in the tenant", () -> {
            Pod p = tenant.pods().inNamespace("default").withName(first).get();
            return "Failed".equals(p.getStatus().getPhase()) && "DeletedOnHost".equals(p.getStatus().getReason());
        });
        SyncerIT.await("the tenant ReplicaSet's replacement is on the host", () -> webPods(hostNs).stream()
                .anyMatch(p -> !original.contains(p.getMetadata().getName())));
        assertFalse(evict(hostNs, second), "refused while the replacement is not Ready");

        readyOnTheHost(hostNs);
        awaitWithDetail("evictable again once the replacement is Ready", () -> evict(hostNs, second),
                () -> "host budget status: " + host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get().getStatus());
        SyncerIT.await("the second evicted pod failed in the tenant", () -> "DeletedOnHost".equals(
                tenant.pods().inNamespace("default").withName(second).get().getStatus().getReason()));

        tenant.close();
        pair.root().genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-drain").delete();
        SyncerIT.await("the host namespace, and the budget in it, gone with the workspace", () ->
                host.namespaces().withName(hostNs).get() == null);
        assertTrue(host.policy().v1().podDisruptionBudget().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, "team-drain").list()
                .getItems().isEmpty());
    }

    /** A Deployment {@code web} (label app=web) of {@code replicas} and a budget {@code web} with {@code maxUnavailable: 1}. */
    private static void webWithBudget(KubernetesClient tenant, int replicas) {
        tenant.apps().deployments().inNamespace("default").resource(new DeploymentBuilder().withNewMetadata().withName("web")
                .endMetadata().withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build()).create();
        tenant.policy().v1().podDisruptionBudget().inNamespace("default").resource(new PodDisruptionBudgetBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector()
                .addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
    }

    private static List<Pod> webPods(String hostNs) {
        return host.pods().inNamespace(hostNs).withLabel("app", "web").list().getItems();
    }

    /** Plays the host's scheduler and kubelet: every host pod of web not Ready yet is bound to node-a and Running and Ready. */
    private static void readyOnTheHost(String hostNs) {
        for (Pod pod : webPods(hostNs)) {
            String name = pod.getMetadata().getName();
            if (pod.getSpec().getNodeName() == null) {
                host.bindings().inNamespace(hostNs).resource(new io.fabric8.kubernetes.api.model.BindingBuilder().withNewMetadata()
                        .withName(name).withNamespace(hostNs).endMetadata().withNewTarget().withKind("Node").withName("node-a")
                        .endTarget().build()).create();
            }
            if (!ready(pod)) {
                host.pods().inNamespace(hostNs).withName(name).subresource("status").patch(MERGE, "{\"status\":{\"phase\":\"Running\","
                        + "\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"True\"},{\"type\":\"Initialized\",\"status\":\"True\"},"
                        + "{\"type\":\"ContainersReady\",\"status\":\"True\"},{\"type\":\"Ready\",\"status\":\"True\"}],"
                        + "\"containerStatuses\":[{\"name\":\"c\",\"image\":\"busybox\",\"imageID\":\"\",\"ready\":true,\"started\":true,"
                        + "\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"2026-12-06T12:00:00Z\"}}}]}}");
            }
        }
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void awaitTenantReady(KubernetesClient tenant, int count) throws InterruptedException {
        SyncerIT.await(count + " tenant pods Running and Ready (their host pods' status came up)", () -> tenant.pods()
                .inNamespace("default").withLabel("app", "web").list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()) && ready(p)).count() == count);
    }

    /** Waits for the host copy of web to state {@code minAvailable}; a timeout says what both budgets look like. */
    private static void awaitHostBudget(KubernetesClient tenant, String hostNs, int minAvailable, String why) throws InterruptedException {
        awaitWithDetail("host budget web with minAvailable " + minAvailable + " (" + why + ")", () -> {
            PodDisruptionBudget copy = host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get();
            return copy != null && Integer.valueOf(minAvailable).equals(copy.getSpec().getMinAvailable().getIntVal());
        }, () -> "tenant budget: " + tenant.policy().v1().podDisruptionBudget().inNamespace("default").withName("web").get()
                + "; host copy: " + host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get());
    }

    /** An eviction through the host's Eviction API as a drain sends it (policy/v1): true when taken, false on 429. */
    private static boolean evict(String hostNs, String pod) {
        try {
            return drain.pods().inNamespace(hostNs).withName(pod).evict(new EvictionBuilder().withNewMetadata().withName(pod)
                    .withNamespace(hostNs).endMetadata().build());
        } catch (KubernetesClientException e) {
            throw new AssertionError("the host's eviction of " + pod + " answered " + e.getCode() + ": " + e.getMessage(), e);
        }
    }

    private static void awaitWithDetail(String what, BooleanSupplier condition, java.util.function.Supplier<String> detail)
            throws InterruptedException {
        try {
            SyncerIT.await(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + detail.get(), e);
        }
    }
}
