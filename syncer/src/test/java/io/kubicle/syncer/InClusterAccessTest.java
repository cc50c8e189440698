package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A host pod with in-cluster access: the token volume from the syncer's Secret, the API address in the env. */
class InClusterAccessTest {
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    static final TenantApi API = new TenantApi("kubicle.example", 6443, CA);
    private final DownTranslator translator = new DownTranslator("team-a", "ml", API);

    /** A pod as the apiserver's ServiceAccount admission leaves it: a kube-api-access volume in both containers. */
    static Pod tenantPod() {
        Pod pod = TestPods.gpuPod();
        return new PodBuilder(pod).editSpec().addNewInitContainer().withName("init").withImage("busybox")
                .addNewVolumeMount().withName("kube-api-access-abcde").withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .endVolumeMount().addNewEnv().withName("KUBERNETES_SERVICE_HOST").withValue("tenant-set").endEnv().endInitContainer()
                .editMatchingVolume(v -> v.getName().startsWith("kube-api-access-")).editProjected().withDefaultMode(420).endProjected()
                .endVolume().endSpec().build();
    }

    @Test
    void theTokenVolumeKeepsItsNameAndMountsButComesFromTheSyncersSecret() {
        Pod host = translator.pod(tenantPod(), WorkspacePolicy.DEFAULT);
        Volume token = host.getSpec().getVolumes().stream().filter(v -> v.getName().equals("kube-api-access-abcde")).findFirst().orElseThrow();
        assertNull(token.getProjected());
        assertEquals("kubicle-token-train", token.getSecret().getSecretName());
        assertEquals(420, token.getSecret().getDefaultMode());
        assertEquals("/var/run/secrets", host.getSpec().getContainers().get(0).getVolumeMounts().get(1).getMountPath());
        assertEquals("/var/run/secrets/kubernetes.io/serviceaccount",
                host.getSpec().getInitContainers().get(0).getVolumeMounts().get(0).getMountPath());
        assertFalse(host.getSpec().getAutomountServiceAccountToken(), "never the host's own token");
        assertEquals(3, host.getSpec().getVolumes().size(), "the other volumes stay: " + host.getSpec().getVolumes());
    }

    @Test
    void aTokenThePodProjectsItselfReadsItsKeyOfTheTokenSecretNeverTheHostsKubelet() {
        Pod host = translator.pod(PodTokensTest.withVaultToken(tenantPod(), 600), WorkspacePolicy.DEFAULT);
        Volume vault = host.getSpec().getVolumes().stream().filter(v -> v.getName().equals("vault")).findFirst().orElseThrow();
        var sources = vault.getProjected().getSources();
        assertEquals("vault-ca", sources.get(0).getConfigMap().getName(), "other sources stay");
        assertNull(sources.get(1).getServiceAccountToken());
        assertEquals("kubicle-token-train", sources.get(1).getSecret().getName());
        assertEquals("token-vault-1", sources.get(1).getSecret().getItems().get(0).getKey());
        assertEquals("token", sources.get(1).getSecret().getItems().get(0).getPath());
        assertTrue(host.getSpec().getVolumes().stream().noneMatch(v -> v.getProjected() != null
                && v.getProjected().getSources().stream().anyMatch(p -> p.getServiceAccountToken() != null)));
    }

    @Test
    void withoutTheTenantApiAPodProjectingATokenIsHeldSayingWhy() {
        assertNull(PodRefusal.projectedTokens(tenantPod()), "the API access volume alone is dropped, not held");
        assertEquals("volume \"vault\" projects a ServiceAccount token, which the host would fill with a token of the host;"
                + " this workspace's syncer runs without in-cluster access (--tenant-api-server), so it cannot put a token of the"
                + " workspace there instead", PodRefusal.projectedTokens(PodTokensTest.withVaultToken(tenantPod(), 600)));
    }

    @Test
    void everyContainerGetsTheTenantApiAddressFirstAndOnlyOnce() {
        Pod host = translator.pod(tenantPod(), WorkspacePolicy.DEFAULT);
        for (Container c : List.of(host.getSpec().getContainers().get(0), host.getSpec().getInitContainers().get(0))) {
            List<EnvVar> env = c.getEnv();
            assertEquals(new EnvVar("KUBERNETES_SERVICE_HOST", "kubicle.example", null), env.get(0), c.getName());
            assertEquals(new EnvVar("KUBERNETES_SERVICE_PORT", "6443", null), env.get(1), c.getName());
            assertEquals(new EnvVar("KUBERNETES_SERVICE_PORT_HTTPS", "6443", null), env.get(2), c.getName());
            assertEquals(1, env.stream().filter(e -> e.getName().equals("KUBERNETES_SERVICE_HOST")).count(), c.getName());
        }
        assertEquals("K", host.getSpec().getContainers().get(0).getEnv().get(3).getName(), "the tenant's own variables stay");
    }

    @Test
    void theTranslationIsDeterministicSoATokenRefreshNeverChangesThePod() {
        String first = translator.pod(tenantPod(), WorkspacePolicy.DEFAULT).getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
        String again = new DownTranslator("team-a", "ml", API).pod(tenantPod(), WorkspacePolicy.DEFAULT)
                .getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
        assertEquals(first, again);
    }

    @Test
    void withoutTenantApiOrWithoutTokenVolumeNothingIsAdded() {
        Pod dropped = new DownTranslator("team-a", "ml").pod(tenantPod(), WorkspacePolicy.DEFAULT);
        assertTrue(dropped.getSpec().getVolumes().stream().noneMatch(v -> v.getName().startsWith("kube-api-access-")));
        assertEquals(1, dropped.getSpec().getInitContainers().get(0).getEnv().size(), "the tenant's env only");
        Pod optedOut = new PodBuilder(tenantPod()).editSpec().withAutomountServiceAccountToken(false)
                .removeMatchingFromVolumes(v -> v.getName().startsWith("kube-api-access-")).endSpec().build();
        assertFalse(InClusterAccess.wanted(optedOut));
        Pod host = translator.pod(optedOut, WorkspacePolicy.DEFAULT);
        assertTrue(host.getSpec().getContainers().get(0).getEnv().stream().noneMatch(e -> e.getName().startsWith("KUBERNETES_SERVICE_")));
    }

    @Test
    void longPodNamesGiveValidSecretNames() {
        String name = "p".repeat(253);
        String secret = InClusterAccess.secretName(name);
        assertEquals(253, secret.length());
        assertFalse(secret.equals(InClusterAccess.secretName("p".repeat(252) + "q")));
    }

    @Test
    void theTenantApiIsAnHttpsAddressWithoutPath() {
        assertEquals(new TenantApi("10.0.0.5", 6443, CA), TenantApi.parse("https://10.0.0.5:6443", CA));
        assertEquals(new TenantApi("::1", 443, CA), TenantApi.parse("https://[::1]", CA));
        assertThrows(IllegalArgumentException.class, () -> TenantApi.parse("https://kubicle:6443/clusters/a", CA));
        assertThrows(IllegalArgumentException.class, () -> TenantApi.parse("http://kubicle:6443", CA));
        assertThrows(IllegalArgumentException.class, () -> TenantApi.parse("https://kubicle:6443", "not a pem"));
    }
}
