package io.kubicle.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaUsageTest {
    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fmt(Map<String, BigDecimal> usage, String name) {
        return usage.containsKey(name) ? QuotaUsage.format(name, usage.get(name)) : null;
    }

    @Test
    void podUsageSumsContainersTakesTheLargestInitContainerAndOnlyCountsExtendedRequests() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "pods", json("""
                {"spec":{"initContainers":[{"name":"i","resources":{"requests":{"cpu":"3"}}}],
                 "containers":[{"name":"a","resources":{"requests":{"cpu":"500m","memory":"1Gi","nvidia.com/gpu":"2"},
                   "limits":{"cpu":"1","memory":"1Gi","nvidia.com/gpu":"2"}}},
                  {"name":"b","resources":{"requests":{"cpu":"250m","memory":"512Mi"}}}]}}"""));
        assertEquals("1", fmt(u, "pods"));
        assertEquals("1", fmt(u, "count/pods"));
        assertEquals("3", fmt(u, "requests.cpu"), "the init container needs more than the containers together");
        assertEquals("3", fmt(u, "cpu"));
        assertEquals("1536Mi", fmt(u, "requests.memory"));
        assertEquals("1", fmt(u, "limits.cpu"));
        assertEquals("2", fmt(u, "requests.nvidia.com/gpu"));
        assertEquals("2", fmt(u, "nvidia.com/gpu"));
        assertFalse(u.containsKey("limits.nvidia.com/gpu"));
    }

    @Test
    void sidecarsRunBesideTheContainers() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "pods", json("""
                {"spec":{"initContainers":[{"name":"s","restartPolicy":"Always","resources":{"requests":{"cpu":"1"}}}],
                 "containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}"""));
        assertEquals("2", fmt(u, "requests.cpu"));
    }

    @Test
    void terminalPodsOnlyCountAsStoredObjects() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "pods", json("""
                {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]},"status":{"phase":"Succeeded"}}"""));
        assertEquals(Map.of("count/pods", BigDecimal.ONE), u);
    }

    @Test
    void hugepagesAndUnknownNamesFollowKubesComputeRules() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "pods", json("""
                {"spec":{"containers":[{"name":"a","resources":{"requests":{"hugepages-2Mi":"4Mi","widgets":"1"},
                 "limits":{"hugepages-2Mi":"4Mi"}}}]}}"""));
        assertEquals("4Mi", fmt(u, "requests.hugepages-2Mi"));
        assertFalse(u.containsKey("limits.hugepages-2Mi"));
        assertFalse(u.containsKey("requests.widgets"), "a name without a domain is no extended resource");
    }

    @Test
    void quotasOnCpuOrMemoryRequireEveryContainerToStateThem() {
        assertEquals("must specify limits.cpu for: a,b; requests.memory for: b", PodQuotaConstraints.missing(
                java.util.Set.of("limits.cpu", "requests.memory", "pods", "requests.nvidia.com/gpu"), json("""
                {"containers":[{"name":"a","resources":{"requests":{"memory":"1Gi"}}},{"name":"b"}]}""")));
        org.junit.jupiter.api.Assertions.assertNull(PodQuotaConstraints.missing(java.util.Set.of("pods"), json("""
                {"containers":[{"name":"a"}]}""")));
    }

    @Test
    void servicesCountLoadBalancersAndNodePorts() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "services", json("""
                {"spec":{"type":"LoadBalancer","ports":[{"port":80},{"port":443}]}}"""));
        assertEquals("1", fmt(u, "services"));
        assertEquals("1", fmt(u, "services.loadbalancers"));
        assertEquals("2", fmt(u, "services.nodeports"));
        assertFalse(QuotaUsage.of("", "services", json("{\"spec\":{\"ports\":[{\"port\":1}]}}"))
                .containsKey("services.nodeports"));
    }

    @Test
    void claimsCountStorageAlsoPerStorageClass() {
        Map<String, BigDecimal> u = QuotaUsage.of("", "persistentvolumeclaims", json("""
                {"spec":{"storageClassName":"fast","resources":{"requests":{"storage":"10Gi"}}}}"""));
        assertEquals("10Gi", fmt(u, "requests.storage"));
        assertEquals("10Gi", fmt(u, "fast.storageclass.storage.k8s.io/requests.storage"));
        assertEquals("1", fmt(u, "persistentvolumeclaims"));
    }

    @Test
    void everyObjectCountsUnderItsCountName() {
        assertEquals("1", fmt(QuotaUsage.of("apps", "deployments", json("{}")), "count/deployments.apps"));
        assertEquals("1", fmt(QuotaUsage.of("", "configmaps", json("{}")), "configmaps"));
    }

    @Test
    void exceededQuotaReadsLikeKube() {
        Map<String, BigDecimal> hard = QuotaLimits.parse(json("{\"requests.nvidia.com/gpu\":\"4\",\"pods\":\"10\"}"));
        Map<String, BigDecimal> used = QuotaLimits.parse(json("{\"requests.nvidia.com/gpu\":\"3\",\"pods\":\"1\"}"));
        Map<String, BigDecimal> delta = Map.of("requests.nvidia.com/gpu", BigDecimal.valueOf(2), "pods", BigDecimal.ONE);
        List<QuotaLimits.Exceeded> broken = QuotaLimits.exceeded(hard, used, delta);
        assertEquals("exceeded quota: q, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited:"
                + " requests.nvidia.com/gpu=4", QuotaLimits.resourceQuotaMessage("q", broken));
        assertEquals("workspace \"w\" quota exceeded: requested requests.nvidia.com/gpu=2, used 3, limited 4",
                QuotaLimits.workspaceMessage("w", broken));
        assertTrue(QuotaLimits.exceeded(hard, used, Map.of("requests.nvidia.com/gpu", BigDecimal.ONE)).isEmpty(),
                "reaching the limit exactly is allowed");
    }

    @Test
    void scopedQuotasOnlyTrackMatchingPods() {
        JsonNode bestEffort = json("{\"scopes\":[\"BestEffort\"]}");
        assertTrue(QuotaScopes.matches(bestEffort, "", "pods", json("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}")));
        assertFalse(QuotaScopes.matches(bestEffort, "", "pods", json("""
                {"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]}}""")));
        assertFalse(QuotaScopes.matches(bestEffort, "", "configmaps", json("{}")));
        JsonNode priority = json("""
                {"scopeSelector":{"matchExpressions":[{"scopeName":"PriorityClass","operator":"In","values":["high"]}]}}""");
        assertTrue(QuotaScopes.matches(priority, "", "pods", json("{\"spec\":{\"priorityClassName\":\"high\"}}")));
        assertFalse(QuotaScopes.matches(priority, "", "pods", json("{\"spec\":{}}")));
        assertTrue(QuotaScopes.matches(json("{\"scopes\":[\"Terminating\"]}"), "", "pods",
                json("{\"spec\":{\"activeDeadlineSeconds\":5}}")));
    }

    @Test
    void workspacePolicyReadsLevelAndQuotaWithBareNamesAsRequests() {
        WorkspacePolicy p = WorkspacePolicy.fromSpec(json("""
                {"podSecurity":"restricted","quota":{"objects":5000,"hard":{"pods":"50","nvidia.com/gpu":"4","cpu":"8",
                 "limits.memory":"32Gi"}}}"""));
        assertEquals(PodSecurityLevel.RESTRICTED, p.podSecurity());
        assertEquals(List.of("limits.memory", "objects", "pods", "requests.cpu", "requests.nvidia.com/gpu"),
                List.copyOf(p.hard().keySet()));
        assertEquals(PodSecurityLevel.BASELINE, WorkspacePolicy.fromSpec(json("{}")).podSecurity());
        assertFalse(WorkspacePolicy.fromSpec(json("{}")).hasQuota());
    }
}
