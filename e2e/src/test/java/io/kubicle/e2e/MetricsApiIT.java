package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics.k8s.io} as a tenant meets it with no syncer serving its workspace: listed (kubectl top finds the API),
 * authorized as metrics-server's aggregated reader role is, and answered with a 503 that says where the numbers come
 * from. {@code SyncerMetricsIT} has the numbers, through a syncer.
 */
@ExtendWith(SharedKubicle.class)
class MetricsApiIT {
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("metrics"), dir.resolve("cache"));
    }

    @Test
    void aTenantWorkspaceListsTheMetricsApiAndSaysWhyItHasNoNumbersWithoutASyncer() {
        String resources = kubectl.run("api-resources", "--api-group=metrics.k8s.io").ok().stdout();
        assertTrue(resources.matches("(?s).*nodes\\s+metrics.k8s.io/v1beta1\\s+false\\s+NodeMetrics.*"), resources);
        assertTrue(resources.matches("(?s).*pods\\s+metrics.k8s.io/v1beta1\\s+true\\s+PodMetrics.*"), resources);

        Kubectl.Result top = kubectl.run("top", "pod", "-n", "default");
        assertNotEquals(0, top.exitCode());
        assertTrue(top.stderr().contains("(ServiceUnavailable)") && top.stderr().contains("no syncer serves this workspace"),
                top.stderr());

        kubectl.run("create", "rolebinding", "viewer", "--clusterrole=view", "--user=viewer", "-n", "default").ok();
        Kubectl.Result viewer = kubectl.run("--as", "viewer", "top", "pod", "-n", "default");
        assertTrue(viewer.stderr().contains("no syncer serves this workspace"), "the view role reads pod metrics: " + viewer.stderr());
        Kubectl.Result stranger = kubectl.run("--as", "stranger", "get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods");
        assertTrue(stranger.stderr().contains("cannot list resource \"pods\" in API group \"metrics.k8s.io\""), stranger.stderr());
        Kubectl.Result watch = kubectl.run("get", "--raw", "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?watch=true");
        assertTrue(watch.stderr().contains("MethodNotAllowed") || watch.stderr().contains("the server does not allow this method"),
                "metrics-server serves no watch: " + watch.stderr());
    }

    @Test
    void theRootWorkspaceRunsNoPodsAndListsNoMetrics() {
        Kubectl.Result root = SharedKubicle.root().run("get", "--raw", "/apis/metrics.k8s.io/v1beta1");
        assertTrue(root.stderr().contains("NotFound"), root.stderr());
    }
}
