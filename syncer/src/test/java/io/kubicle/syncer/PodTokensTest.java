package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a host pod's token Secret is kept, renewed or made, with a clock and a token issuer the test controls. */
class PodTokensTest {
    private final DownTranslator translator = new DownTranslator("team-a", "ml", InClusterAccessTest.API);
    private final List<String> requests = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");

    private PodTokens tokens() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new PodTokens(InClusterAccessTest.API, (ws, pod, audience, seconds) -> {
            requests.add(pod.getMetadata().getName() + "/" + pod.getMetadata().getUid() + (audience == null ? "" : " for " + audience));
            return new PodTokens.Issued("token-" + requests.size(), now.plusSeconds(seconds));
        }, clock);
    }

    /** The Secret as the host informer returns it after the write (server-set fields added). */
    private static Secret onHost(Secret written) {
        return new SecretBuilder(written).editMetadata().withResourceVersion("9").withUid("host-uid").endMetadata().build();
    }

    private static String decoded(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void aNewPodGetsATokenTheCaAndItsNamespaceInOneSecret() {
        Secret secret = tokens().secret(null, translator, InClusterAccessTest.tenantPod(), null);
        assertEquals(List.of("train/u-1"), requests);
        assertEquals("kubicle-token-train", secret.getMetadata().getName());
        assertEquals(HostNames.namespace("team-a", "ml"), secret.getMetadata().getNamespace());
        assertEquals(SyncLabels.MANAGER, secret.getMetadata().getLabels().get(SyncLabels.MANAGED_BY));
        assertEquals("u-1", secret.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
        assertEquals("token-1", decoded(secret, "token"));
        assertEquals(InClusterAccessTest.CA, decoded(secret, "ca.crt"));
        assertEquals("ml", decoded(secret, "namespace"));
        // kubelet's rule: renew at 80% of the lifetime
        assertEquals(now.plusSeconds(PodTokens.EXPIRATION_SECONDS * 8 / 10).getEpochSecond(),
                Instant.parse(secret.getMetadata().getAnnotations().get(PodTokens.REFRESH_AT)).getEpochSecond());
    }

    @Test
    void aFreshSecretIsKeptAndOneDueForRenewalIsReplaced() {
        PodTokens tokens = tokens();
        Secret first = onHost(tokens.secret(null, translator, InClusterAccessTest.tenantPod(), null));
        now = now.plusSeconds(60);
        assertSame(first, tokens.secret(null, translator, InClusterAccessTest.tenantPod(), first));
        now = now.plusSeconds(2900); // past 80% of 3607 s
        Secret renewed = tokens.secret(null, translator, InClusterAccessTest.tenantPod(), first);
        assertEquals("token-2", decoded(renewed, "token"));
        assertEquals(2, requests.size());
    }

    @Test
    void aPassBeforeTheHostCacheCaughtUpDoesNotIssueAgain() {
        PodTokens tokens = tokens();
        Secret written = tokens.secret(null, translator, InClusterAccessTest.tenantPod(), null);
        assertSame(written, tokens.secret(null, translator, InClusterAccessTest.tenantPod(), null), "cache still empty");
        Secret cached = onHost(written);
        assertSame(cached, tokens.secret(null, translator, InClusterAccessTest.tenantPod(), cached));
        assertEquals(1, requests.size());
    }

    @Test
    void aRestartedSyncerKeepsWhatTheHostHasUntilItIsDue() {
        Secret fromBefore = onHost(tokens().secret(null, translator, InClusterAccessTest.tenantPod(), null));
        PodTokens restarted = tokens();
        assertSame(fromBefore, restarted.secret(null, translator, InClusterAccessTest.tenantPod(), fromBefore));
        assertEquals(1, requests.size());
    }

    @Test
    void aPodRecreatedUnderTheSameNameGetsItsOwnToken() {
        PodTokens tokens = tokens();
        Secret old = onHost(tokens.secret(null, translator, InClusterAccessTest.tenantPod(), null));
        Pod recreated = new PodBuilder(InClusterAccessTest.tenantPod()).editMetadata().withUid("u-2").endMetadata().build();
        Secret mine = tokens.secret(null, translator, recreated, old);
        assertEquals("u-2", mine.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
        assertEquals(List.of("train/u-1", "train/u-2"), requests);
    }

    @Test
    void aFinishedPodIsNotRenewed() {
        PodTokens tokens = tokens();
        Secret old = onHost(tokens.secret(null, translator, InClusterAccessTest.tenantPod(), null));
        Pod done = new PodBuilder(InClusterAccessTest.tenantPod()).editStatus().withPhase("Succeeded").endStatus().build();
        now = now.plusSeconds(7200);
        assertSame(old, tokens.secret(null, translator, done, old));
        assertNull(tokens().secret(null, translator, done, null));
        assertEquals(1, requests.size());
    }

    /** A pod that projects a token for Vault besides its API access volume. */
    static Pod withVaultToken(Pod pod, long seconds) {
        return new PodBuilder(pod).editSpec().addNewVolume().withName("vault").withNewProjected().addNewSource()
                .withNewConfigMap().withName("vault-ca").endConfigMap().endSource().addNewSource().withNewServiceAccountToken()
                .withAudience("vault").withExpirationSeconds(seconds).withPath("token").endServiceAccountToken().endSource()
                .endProjected().endVolume().endSpec().build();
    }

    @Test
    void aTokenThePodProjectsItselfIsIssuedForItsAudienceAndRenewedWithinItsLifetime() {
        PodTokens tokens = tokens();
        Pod pod = withVaultToken(InClusterAccessTest.tenantPod(), 600);
        Secret secret = onHost(tokens.secret(null, translator, pod, null));
        assertEquals(List.of("train/u-1", "train/u-1 for vault"), requests);
        assertEquals("token-1", decoded(secret, "token"));
        assertEquals("token-2", decoded(secret, "token-vault-1"));
        assertEquals(now.plusSeconds(480).getEpochSecond(), Instant.parse(secret.getMetadata().getAnnotations().get(PodTokens.REFRESH_AT))
                .getEpochSecond(), "80% of the shorter lifetime");
        now = now.plusSeconds(500);
        Secret renewed = tokens.secret(null, translator, pod, secret);
        assertEquals("token-4", decoded(renewed, "token-vault-1"));
    }

    @Test
    void aPodWithoutApiAccessGetsOnlyTheTokensItProjects() {
        Pod pod = new PodBuilder(withVaultToken(TestPods.gpuPod(), 3600)).editSpec()
                .removeMatchingFromVolumes(v -> v.getName().startsWith("kube-api-access-")).endSpec().build();
        assertTrue(PodTokens.needed(pod));
        Secret secret = tokens().secret(null, translator, pod, null);
        assertEquals(List.of("train/u-1 for vault"), requests);
        assertEquals(java.util.Set.of("token-vault-1"), secret.getData().keySet());
    }

    @Test
    void aSecretFromBeforeProjectedTokensWereServedIsReplaced() {
        Secret old = onHost(tokens().secret(null, translator, InClusterAccessTest.tenantPod(), null));
        Secret now = tokens().secret(null, translator, withVaultToken(InClusterAccessTest.tenantPod(), 3600), old);
        assertTrue(now.getData().containsKey("token-vault-1"));
    }
}
