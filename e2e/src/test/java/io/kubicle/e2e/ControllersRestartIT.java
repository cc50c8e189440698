package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time-based controller work across a crash: the only timers are delayed passes in the process, so
 * a killed server loses them and the start-up scan must find the Jobs whose TTL is running and the
 * rollouts whose progress deadline is pending.
 */
class ControllersRestartIT {
    @Test
    void ttlsAndProgressDeadlinesPendingAtACrashAreHonouredAfterTheRestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (KubicleProcess first = KubicleProcess.start(data)) {
            Kubectl kubectl = new Kubectl(first.kubeconfig(), dir.resolve("c1"));
            kubectl.run("create", "namespace", "r").ok();
            kubectl.runWithInput("""
                    apiVersion: batch/v1
                    kind: Job
                    metadata: {name: once, namespace: r}
                    spec:
                      ttlSecondsAfterFinished: 8
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: main, image: busybox}]
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: stuck, namespace: r}
                    spec:
                      progressDeadlineSeconds: 8
                      selector: {matchLabels: {app: stuck}}
                      template:
                        metadata: {labels: {app: stuck}}
                        spec: {containers: [{name: app, image: "nginx:1.27"}]}
                    """, "apply", "-f", "-").ok();
            String pod = awaitJobPod(kubectl);
            kubectl.run("patch", "pod", pod, "-n", "r", "--subresource=status", "--type=merge", "-p",
                    "{\"status\":{\"phase\":\"Succeeded\"}}").ok();
            kubectl.run("wait", "--for=condition=complete", "job/once", "-n", "r", "--timeout=30s").ok();
            kubectl.run("wait", "--for=condition=progressing", "deployment/stuck", "-n", "r", "--timeout=30s").ok();
            assertEquals("once True", kubectl.run("get", "job/once", "-n", "r", "-o",
                    "jsonpath={.metadata.name}").ok().stdout()
                    + " " + kubectl.run("get", "deployment/stuck", "-n", "r", "-o",
                    "jsonpath={.status.conditions[?(@.type==\"Progressing\")].status}").ok().stdout(),
                    "neither the TTL nor the deadline has passed before the crash");
            first.kill(); // a crash: whatever passes the first server had scheduled are lost with it
        }
        try (KubicleProcess second = KubicleProcess.start(data)) {
            Kubectl kubectl = new Kubectl(second.kubeconfig(), dir.resolve("c2"));
            kubectl.run("wait", "--for=delete", "job/once", "-n", "r", "--timeout=60s").ok();
            Kubectl.Result status = kubectl.run("rollout", "status", "deployment/stuck", "-n", "r", "--timeout=60s");
            assertEquals(1, status.exitCode(), status.stdout() + status.stderr());
            assertTrue(status.stderr().contains("exceeded its progress deadline"), status.stderr());
        }
    }

    private static String awaitJobPod(Kubectl kubectl) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String pods = kubectl.run("get", "pods", "-n", "r", "-l", "job-name=once", "-o",
                    "jsonpath={.items[*].metadata.name}").ok().stdout().trim();
            if (!pods.isEmpty()) {
                return pods;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the Job's pod did not appear");
    }
}
