package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

/** A tenant's in-place resize on its way to the host pod. */
class HostResizeTest {
    private final DownTranslator translator = new DownTranslator("team-a", "ml");

    private static Pod pod(String cpuRequest, String memoryLimit) {
        return new PodBuilder().withNewMetadata().withName("train").withUid("u1").endMetadata().withNewSpec()
                .addNewContainer().withName("trainer").withImage("trainer:1").withNewResources()
                .addToRequests("cpu", new Quantity(cpuRequest)).addToLimits("memory", new Quantity(memoryLimit))
                .endResources().endContainer().endSpec().build();
    }

    /** The host's copy as a host keeps it: quantities written its own way, and a limit its LimitRange added. */
    private static Pod onHost(String cpuRequest, String memoryLimit) {
        return new PodBuilder(pod(cpuRequest, memoryLimit)).editSpec().editFirstContainer().editResources()
                .addToLimits("ephemeral-storage", new Quantity("1Gi")).endResources().endContainer().endSpec().build();
    }

    @Test
    void equalAmountsWrittenDifferentlyAreNoResize() {
        assertFalse(HostResize.differs(pod("0.5", "1Gi").getSpec(), onHost("500m", "1024Mi").getSpec()));
        assertNull(HostResize.patch(pod("0.5", "1Gi").getSpec(), onHost("500m", "1024Mi").getSpec()));
    }

    @Test
    void theResizeCarriesTheTenantsCpuAndMemoryOnly() {
        assertTrue(HostResize.differs(pod("2", "1Gi").getSpec(), onHost("500m", "1Gi").getSpec()));
        assertEquals(tree("{\"spec\":{\"containers\":[{\"name\":\"trainer\",\"resources\":{\"requests\":{\"cpu\":\"2\"},"
                + "\"limits\":{\"memory\":\"1Gi\"}}}]}}"), tree(HostResize.patch(pod("2", "1Gi").getSpec(), onHost("500m", "1Gi").getSpec())));
    }

    @Test
    void whileTheHostHasNotTakenItThePodsOwnWriteKeepsTheHostsResources() {
        Pod host = onHost("500m", "1Gi");
        Pod written = translator.pod(pod("2", "1Gi"), WorkspacePolicy.DEFAULT, PodDns.TENANTS, host.getSpec());
        assertEquals(new Quantity("500m"), written.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"));
        assertEquals(new Quantity("1Gi"), written.getSpec().getContainers().get(0).getResources().getLimits().get("ephemeral-storage"));
        Pod fresh = translator.pod(pod("2", "1Gi"), WorkspacePolicy.DEFAULT, PodDns.TENANTS, null);
        assertEquals(new Quantity("2"), fresh.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"));
        assertEquals(translator.pod(pod("2", "1Gi"), WorkspacePolicy.DEFAULT).getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST),
                fresh.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST), "no resize pending: the pod is written as before");
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
