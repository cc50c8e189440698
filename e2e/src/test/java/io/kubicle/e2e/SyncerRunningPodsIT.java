package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostNames;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens to a synced pod while it runs, on a HOST STAND-IN (a second Kubicle server, as in {@link SyncerIT}; the
 * test plays the host's scheduler and kubelet): an in-place resize ({@code pods/<name>/resize} in the tenant) reaches
 * the host pod through the host's own resize subresource; a pod the host deletes (a drain, a preemption) fails in the
 * tenant instead of being made again, and its ReplicaSet replaces it. {@code SyncerK3sIT} resizes a pod on a real
 * kubelet.
 */
@Timeout(300)
class SyncerRunningPodsIT {
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);
    @TempDir
    static Path dir;
    static HostStandInPair pair;
    static KubernetesClient host;

    @BeforeAll
    static void start() throws Exception {
        pair = HostStandInPair.start(dir);
        host = pair.host();
        pair.startSyncer(HostStandInPair.options());
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static String cpu(Pod pod, String kind) {
        var resources = pod.getSpec().getContainers().get(0).getResources();
        Quantity q = (kind.equals("requests") ? resources.getRequests() : resources.getLimits()).get("cpu");
        return q == null ? null : q.toString();
    }

    private static void resize(KubernetesClient tenant, String request, String limit) {
        tenant.pods().inNamespace("default").withName("sized").subresource("resize").patch(STRATEGIC,
                "{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"" + request + "\"},"
                        + "\"limits\":{\"cpu\":\"" + limit + "\"}}}]}}");
    }

    @Test
    void aResizeReachesTheHostPodThroughItsResizeSubresourceAndARefusalIsTold() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(pair.root(), pair.operator(), "team-resize", "{}");
        String hostNs = HostNames.namespace("team-resize", "default");
        tenant.pods().inNamespace("default").resource(new PodBuilder(SyncerIT.pod("sized")).editSpec().editFirstContainer()
                .withNewResources().addToRequests("cpu", new Quantity("500m")).addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("cpu", new Quantity("1")).addToLimits("memory", new Quantity("512Mi")).endResources()
                .endContainer().endSpec().build()).create();
        SyncerIT.await("host pod", () -> host.pods().inNamespace(hostNs).withName("sized").get() != null);
        String uid = host.pods().inNamespace(hostNs).withName("sized").get().getMetadata().getUid();
        // the host's kubelet runs it and, as one that resizes, reports the resources its container runs with
        host.pods().inNamespace(hostNs).withName("sized").subresource("status").patch(MERGE, "{\"status\":{\"phase\":\"Running\","
                + "\"containerStatuses\":[{\"name\":\"c\",\"image\":\"busybox\",\"imageID\":\"\",\"ready\":true,\"restartCount\":0,"
                + "\"state\":{\"running\":{\"startedAt\":\"2026-12-06T12:00:00Z\"}},"
                + "\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"512Mi\"}}}]}}");
        SyncerIT.await("the tenant sees it running", () -> "Running".equals(tenant.pods().inNamespace("default").withName("sized")
                .get().getStatus().getPhase()));

        resize(tenant, "800m", "2");
        SyncerIT.await("the host pod resized", () -> {
            Pod p = host.pods().inNamespace(hostNs).withName("sized").get();
            return "800m".equals(cpu(p, "requests")) && "2".equals(cpu(p, "limits"));
        });
        Pod resized = host.pods().inNamespace(hostNs).withName("sized").get();
        assertEquals(uid, resized.getMetadata().getUid(), "resized in place, not recreated");
        assertTrue(resized.getMetadata().getManagedFields().stream().anyMatch(f -> "resize".equals(f.getSubresource())),
                "through the host's resize subresource: " + resized.getMetadata().getManagedFields());
        assertEquals("256Mi", resized.getSpec().getContainers().get(0).getResources().getRequests().get("memory").toString());

        // the host's own quota allows no more cpu: the host refuses the next resize, and the tenant pod says why
        host.resourceQuotas().inNamespace(hostNs).resource(new ResourceQuotaBuilder().withNewMetadata().withName("cpu-cap")
                .endMetadata().withNewSpec().addToHard("requests.cpu", new Quantity("1")).endSpec().build()).create();
        resize(tenant, "1500m", "2");
        SyncerIT.await("a SyncError Event on the tenant pod", () -> tenant.v1().events().inNamespace("default").list().getItems()
                .stream().anyMatch(e -> "SyncError".equals(e.getReason()) && "sized".equals(e.getInvolvedObject().getName())
                        && e.getMessage().startsWith("the host refused to resize the pod in place: ")
                        && e.getMessage().contains("exceeded quota: cpu-cap")));
        assertEquals("800m", cpu(host.pods().inNamespace(hostNs).withName("sized").get(), "requests"));

        host.resourceQuotas().inNamespace(hostNs).withName("cpu-cap").delete();
        SyncerIT.await("the host takes it once its quota allows", () ->
                "1500m".equals(cpu(host.pods().inNamespace(hostNs).withName("sized").get(), "requests")));
        // nothing else about the pod was written to the host pod meanwhile, and it is the same pod
        assertEquals(uid, host.pods().inNamespace(hostNs).withName("sized").get().getMetadata().getUid());
        tenant.close();
    }

    /** Plays the host's scheduler and kubelet for host pod {@code name}: bound to node-a, Running. */
    private static void runOnTheHost(String hostNs, String name) {
        pair.runOnTheHost(hostNs, name, "node-a");
    }

    @Test
    void aPodTheHostDeletesFailsInsteadOfRunningAgainAndItsReplicaSetReplacesIt() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(pair.root(), pair.operator(), "team-lost", "{}");
        String hostNs = HostNames.namespace("team-lost", "default");
        tenant.pods().inNamespace("default").resource(SyncerIT.pod("bare")).create();
        tenant.apps().replicaSets().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        SyncerIT.await("both pods on the host", () -> host.pods().inNamespace(hostNs).list().getItems().size() == 2);
        String first = tenant.pods().inNamespace("default").withLabel("app", "web").list().getItems().get(0).getMetadata().getName();
        for (String name : new String[] {"bare", first}) {
            runOnTheHost(hostNs, name);
        }
        SyncerIT.await("both bound in the tenant", () -> tenant.pods().inNamespace("default").list().getItems().stream()
                .allMatch(p -> "node-a".equals(p.getSpec().getNodeName()) && "Running".equals(p.getStatus().getPhase())));

        // the host drains node-a: both host pods go
        host.pods().inNamespace(hostNs).withName("bare").withGracePeriod(0).delete();
        host.pods().inNamespace(hostNs).withName(first).withGracePeriod(0).delete();
        SyncerIT.await("the bare pod failed in the tenant", () -> {
            Pod p = tenant.pods().inNamespace("default").withName("bare").get();
            return "Failed".equals(p.getStatus().getPhase()) && "DeletedOnHost".equals(p.getStatus().getReason())
                    && p.getStatus().getConditions().stream().anyMatch(c -> "DisruptionTarget".equals(c.getType())
                            && "True".equals(c.getStatus()));
        });
        SyncerIT.await("a Warning Event says why", () -> tenant.v1().events().inNamespace("default").withName("bare.deleted-on-host")
                .get() != null);
        try {
            SyncerIT.await("the ReplicaSet replaced its pod, and the new one is on the host", () -> {
            var active = tenant.pods().inNamespace("default").withLabel("app", "web").list().getItems().stream()
                    .filter(p -> !"Failed".equals(p.getStatus().getPhase())).toList();
            return active.size() == 1 && !active.get(0).getMetadata().getName().equals(first)
                    && host.pods().inNamespace(hostNs).withName(active.get(0).getMetadata().getName()).get() != null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; tenant pods: " + tenant.pods().inNamespace("default").list().getItems().stream()
                    .map(p -> p.getMetadata().getName() + "=" + p.getStatus().getPhase()).toList() + "; rs status: "
                    + tenant.apps().replicaSets().inNamespace("default").withName("web").get().getStatus() + "; host pods: "
                    + host.pods().inNamespace(hostNs).list().getItems().stream().map(p -> p.getMetadata().getName()).toList());
        }
        Thread.sleep(2000); // passes go on: a failed pod is never made again
        assertEquals(null, host.pods().inNamespace(hostNs).withName("bare").get());
        assertEquals(null, host.pods().inNamespace(hostNs).withName(first).get());
        assertEquals("Failed", tenant.pods().inNamespace("default").withName(first).get().getStatus().getPhase());
        tenant.close();
    }
}
