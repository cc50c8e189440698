package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What kubectl debug's containers become on the host, and when the syncer sends them. */
class HostEphemeralContainersTest {
    private final DownTranslator withApi = new DownTranslator("team-a", "ml", InClusterAccessTest.API);
    private final DownTranslator withoutApi = new DownTranslator("team-a", "ml");

    private static EphemeralContainer debugger(String name) {
        return new EphemeralContainerBuilder().withName(name).withImage("busybox:1.36").withStdin(true).withTty(true)
                .withTargetContainerName("trainer")
                .addNewVolumeMount().withName("kube-api-access-abcde").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .endVolumeMount().addNewEnv().withName("KUBERNETES_SERVICE_HOST").withValue("tenant-set").endEnv()
                .addNewEnv().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("token", "debug-creds", false)
                .endValueFrom().endEnv().build();
    }

    private static Pod debugged(String... names) {
        PodBuilder pod = new PodBuilder(InClusterAccessTest.tenantPod());
        for (String name : names) {
            pod.editSpec().addToEphemeralContainers(debugger(name)).endSpec();
        }
        return pod.build();
    }

    private static Pod onHost(Pod hostPod, String... names) {
        PodBuilder pod = new PodBuilder(hostPod);
        for (String name : names) {
            pod.editSpec().addToEphemeralContainers(new EphemeralContainerBuilder().withName(name).withImage("busybox:1.36").build())
                    .endSpec();
        }
        return pod.build();
    }

    @Test
    void theHostPodIsWrittenWithoutThemSoItsDigestStaysTheSame() {
        Pod plain = withApi.pod(InClusterAccessTest.tenantPod(), WorkspacePolicy.DEFAULT);
        Pod debugged = withApi.pod(debugged("dbg"), WorkspacePolicy.DEFAULT);
        assertNull(debugged.getSpec().getEphemeralContainers(), "a host pod's main resource never carries them");
        assertEquals(plain.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST),
                debugged.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST), "adding one would rewrite the host pod");
    }

    @Test
    void theyReachTheWorkspaceApiAsTheOtherContainersDo() {
        EphemeralContainer host = withApi.ephemeralContainers(debugged("dbg")).get(0);
        assertEquals(new EnvVar("KUBERNETES_SERVICE_HOST", "kubicle.example", null), host.getEnv().get(0));
        assertEquals(1, host.getEnv().stream().filter(e -> e.getName().equals("KUBERNETES_SERVICE_HOST")).count());
        assertEquals("TOKEN", host.getEnv().get(3).getName(), "the tenant's own variables stay");
        assertEquals("kube-api-access-abcde", host.getVolumeMounts().get(0).getName(), "the volume keeps its name");
        assertEquals("trainer", host.getTargetContainerName());

        EphemeralContainer noApi = withoutApi.ephemeralContainers(debugged("dbg")).get(0);
        assertTrue(noApi.getVolumeMounts().isEmpty(), "a token volume that is dropped is not mounted either");
    }

    @Test
    void onlyTheOnesTheHostPodLacksAreSent() {
        Pod hostPod = withApi.pod(InClusterAccessTest.tenantPod(), WorkspacePolicy.DEFAULT);
        assertEquals(List.of(), HostEphemeralContainers.missing(InClusterAccessTest.tenantPod(), hostPod, withApi));
        assertEquals(List.of("first", "second"), names(HostEphemeralContainers.missing(debugged("first", "second"), hostPod, withApi)));
        assertEquals(List.of("second"), names(HostEphemeralContainers.missing(debugged("first", "second"), onHost(hostPod, "first"),
                withApi)));
        assertEquals(List.of(), HostEphemeralContainers.missing(debugged("first"), onHost(hostPod, "first"), withApi));
    }

    @Test
    void thePatchIsKubectlsStrategicMergeByName() throws Exception {
        JsonNode patch = new ObjectMapper().readTree(HostEphemeralContainers.patch(withApi.ephemeralContainers(debugged("dbg"))));
        assertEquals(1, patch.size());
        assertEquals(1, patch.path("spec").size());
        assertEquals("dbg", patch.path("spec").path("ephemeralContainers").get(0).path("name").asText());
        assertEquals("busybox:1.36", patch.path("spec").path("ephemeralContainers").get(0).path("image").asText());
    }

    @Test
    void theSecretsTheyNameGoDownWithThePod() {
        assertTrue(PodReferences.of(debugged("dbg").getSpec()).secrets().contains("debug-creds"));
    }

    private static List<String> names(List<EphemeralContainer> containers) {
        return containers.stream().map(EphemeralContainer::getName).toList();
    }
}
