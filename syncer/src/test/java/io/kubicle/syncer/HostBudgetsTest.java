package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A tenant PodDisruptionBudget's host copy: always an integer minAvailable, and none while that number is unknown. */
class HostBudgetsTest {
    private final DownTranslator translator = new DownTranslator("team-a", "ml");

    /** A tenant budget as the tenant's server returns it, at generation 2, with the disruption controller's status. */
    private static PodDisruptionBudget tenant(String budgetJson, long observedGeneration, int desiredHealthy) {
        return Serialization.unmarshal("""
                {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"web","namespace":"ml","uid":"u-pdb",
                  "resourceVersion":"7","generation":2,"creationTimestamp":"2026-01-01T00:00:00Z",
                  "labels":{"team":"web"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
                 "spec":{%s"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a"]}]},
                  "unhealthyPodEvictionPolicy":"AlwaysAllow"},
                 "status":{"observedGeneration":%d,"desiredHealthy":%d,"currentHealthy":3,"expectedPods":3,"disruptionsAllowed":1}}"""
                .formatted(budgetJson, observedGeneration, desiredHealthy), PodDisruptionBudget.class);
    }

    @Test
    void aStatusWriteThatLeavesTheNumberBringsNoPass() {
        PodDisruptionBudget before = tenant("\"maxUnavailable\":1,", 2, 2);
        PodDisruptionBudget healthier = tenant("\"maxUnavailable\":1,", 2, 2);
        healthier.getStatus().setCurrentHealthy(2);
        healthier.getStatus().setDisruptionsAllowed(0);
        assertTrue(HostBudgets.sameCopy(before, healthier), "a pod turning unready changes nothing on the host");
        assertFalse(HostBudgets.sameCopy(before, tenant("\"maxUnavailable\":1,", 2, 4)), "a scale-up changes desiredHealthy");
        assertFalse(HostBudgets.sameCopy(tenant("\"maxUnavailable\":1,", 1, 2), before), "the status caught up with the spec");
        PodDisruptionBudget relabelled = tenant("\"maxUnavailable\":1,", 2, 2);
        relabelled.getMetadata().getLabels().put("tier", "gold");
        assertFalse(HostBudgets.sameCopy(before, relabelled));
        assertFalse(HostBudgets.sameCopy(before, tenant("\"maxUnavailable\":2,", 2, 2)), "a spec change");
    }

    @Test
    void anIntegerMinAvailableIsTakenAsItIsWithoutWaitingForTheStatus() {
        PodDisruptionBudget pdb = tenant("\"minAvailable\":2,", 1, 0);
        pdb.setStatus(null);
        assertEquals(new IntOrString(2), translator.podDisruptionBudget(pdb).getSpec().getMinAvailable());
    }

    @Test
    void maxUnavailableBecomesMinAvailableFromTheStatusOfTheCurrentGeneration() {
        PodDisruptionBudget host = translator.podDisruptionBudget(tenant("\"maxUnavailable\":1,", 2, 2));
        assertEquals(new IntOrString(2), host.getSpec().getMinAvailable());
        assertNull(host.getSpec().getMaxUnavailable(), "a host needs the pods' controllers for maxUnavailable; host pods have none");
    }

    @Test
    void aPercentageWaitsWhileTheStatusIsForAnEarlierGeneration() {
        assertNull(translator.podDisruptionBudget(tenant("\"minAvailable\":\"50%\",", 1, 2)));
        assertEquals(new IntOrString(2), translator.podDisruptionBudget(tenant("\"minAvailable\":\"50%\",", 2, 2)).getSpec().getMinAvailable());
        PodDisruptionBudget noStatus = tenant("\"maxUnavailable\":\"25%\",", 2, 2);
        noStatus.setStatus(null);
        assertNull(translator.podDisruptionBudget(noStatus), "nothing computed yet");
    }

    @Test
    void aBudgetWithNeitherNumberGetsTheStatusNumberToo() {
        assertEquals(new IntOrString(0), translator.podDisruptionBudget(tenant("", 2, 0)).getSpec().getMinAvailable());
    }

    @Test
    void selectorAndUnhealthyPodEvictionPolicyAreCopiedAsTheyAre() {
        PodDisruptionBudget pdb = tenant("\"maxUnavailable\":1,", 2, 2);
        PodDisruptionBudget host = translator.podDisruptionBudget(pdb);
        assertEquals(pdb.getSpec().getSelector(), host.getSpec().getSelector());
        assertEquals("AlwaysAllow", host.getSpec().getUnhealthyPodEvictionPolicy());
        assertNull(host.getStatus());
    }

    @Test
    void theHostCopyCarriesTheSyncersLabelsAndTheTenantUid() {
        PodDisruptionBudget host = translator.podDisruptionBudget(tenant("\"maxUnavailable\":1,", 2, 2));
        var meta = host.getMetadata();
        assertEquals("web", meta.getName());
        assertEquals(HostNames.namespace("team-a", "ml"), meta.getNamespace());
        assertEquals("policy/v1", host.getApiVersion());
        assertEquals("PodDisruptionBudget", host.getKind());
        assertEquals(SyncLabels.MANAGER, meta.getLabels().get(SyncLabels.MANAGED_BY));
        assertEquals("team-a", meta.getLabels().get(SyncLabels.WORKSPACE));
        assertEquals("ml", meta.getLabels().get(SyncLabels.NAMESPACE));
        assertEquals("web", meta.getLabels().get("team"));
        assertEquals("u-pdb", meta.getAnnotations().get(SyncLabels.TENANT_UID));
        assertFalse(meta.getAnnotations().containsKey("kubectl.kubernetes.io/last-applied-configuration"));
        assertNull(meta.getUid());
        assertNull(meta.getResourceVersion());
        assertNull(meta.getGeneration());
    }

    @Test
    void theDigestFollowsTheNumberAndNotTheRestOfTheStatus() {
        String two = digest(translator.podDisruptionBudget(tenant("\"maxUnavailable\":1,", 2, 2)));
        PodDisruptionBudget moreHealthy = tenant("\"maxUnavailable\":1,", 2, 2);
        moreHealthy.getStatus().setCurrentHealthy(5);
        assertEquals(two, digest(translator.podDisruptionBudget(moreHealthy)), "a status change alone writes nothing");
        assertNotEquals(two, digest(translator.podDisruptionBudget(tenant("\"maxUnavailable\":1,", 2, 4))), "scaled up: a new budget");
    }

    @Test
    void aWaitingBudgetIsTranslatedAgainOnceItsStatusCatchesUp() {
        Translations translations = new Translations();
        Translations.Pass first = translations.pass("team-a", "ml");
        assertNull(first.host(tenant("\"maxUnavailable\":1,", 1, 2), WorkspacePolicy.DEFAULT, translator::podDisruptionBudget));
        first.end();
        PodDisruptionBudget observed = tenant("\"maxUnavailable\":1,", 2, 2);
        observed.getMetadata().setResourceVersion("8"); // the disruption controller's status write
        Translations.Pass second = translations.pass("team-a", "ml");
        var host = (PodDisruptionBudget) second.host(observed, WorkspacePolicy.DEFAULT, translator::podDisruptionBudget);
        assertEquals(new IntOrString(2), host.getSpec().getMinAvailable());
    }

    @Test
    void aRefusedBudgetIsToldOnTheTenantBudgetWithItsOwnApiVersion() {
        var event = HostRefusals.event(tenant("\"maxUnavailable\":1,", 2, 2), "forbidden", null, Instant.parse("2026-01-01T00:00:00Z"));
        assertEquals("web.poddisruptionbudget.sync-error", event.getMetadata().getName());
        assertEquals(Map.of("apiVersion", "policy/v1", "kind", "PodDisruptionBudget", "uid", "u-pdb"), Map.of(
                "apiVersion", event.getInvolvedObject().getApiVersion(), "kind", event.getInvolvedObject().getKind(),
                "uid", event.getInvolvedObject().getUid()));
    }

    private static String digest(PodDisruptionBudget host) {
        return host.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
    }
}
