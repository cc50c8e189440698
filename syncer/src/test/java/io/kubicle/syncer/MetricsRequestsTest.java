package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kubicle.syncer.MetricsRequests.Target;
import org.junit.jupiter.api.Test;

/** The paths Kubicle asks for a workspace's {@code kubectl top}, and the Status a refusal becomes. */
class MetricsRequestsTest {
    @Test
    void theFivePathsOfTheContract() {
        assertEquals(new Target("a", "pods", null, null), Target.parse("/metrics/a/pods"));
        assertEquals(new Target("a", "pods", "ml", null), Target.parse("/metrics/a/namespaces/ml/pods"));
        assertEquals(new Target("a", "pods", "ml", "web+1"), Target.parse("/metrics/a/namespaces/ml/pods/web+1"));
        assertEquals(new Target("a", "nodes", null, null), Target.parse("/metrics/a/nodes"));
        assertEquals(new Target("a", "nodes", null, "gpu-1"), Target.parse("/metrics/a/nodes/gpu-1"));
    }

    @Test
    void anythingElseNamesNothing() {
        for (String path : new String[] {"/metrics/a", "/metrics//pods", "/metrics/a/pods/web", "/metrics/a/pods/", "/metrics/a/nodes/",
                "/metrics/a/namespaces/ml/nodes", "/metrics/a/namespaces//pods", "/metrics/a/namespaces/ml/pods/web/x",
                "/metrics/a/services", "/proxy/a/pods"}) {
            assertNull(Target.parse(path), path);
        }
    }

    @Test
    void notFoundSaysItAsMetricsServerDoes() {
        MetricsRequests.Refused refused = MetricsRequests.refusalOf(MetricsRequests.Refused.notFound("podmetrics", "web"));
        assertEquals(404, refused.code);
        assertEquals("podmetrics.metrics.k8s.io \"web\" not found", refused.getMessage());
        assertEquals("nodemetrics.metrics.k8s.io \"n\" not found", MetricsRequests.Refused.notFound("nodemetrics", "n").getMessage());
    }
}
