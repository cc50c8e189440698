package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl wait against a workspace. Each case changes the object only once kubectl has shown (at -v=6)
 * that it is already waiting, so the wait can only succeed by reacting to what the server streams
 * (or, for --for=create, to what its polling GETs find).
 */
@ExtendWith(SharedKubicle.class)
class KubectlWaitIT {
    /** client-go's reflector logs this once its list (or watch-list) has synced and it watches for changes. */
    private static final Pattern WATCHING = Pattern.compile("\"Caches populated\"");
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("waits"), dir.resolve("cache"));
        kubectl.run("create", "namespace", "w").ok();
    }

    @Test
    void conditionSetThroughTheStatusSubresourceEndsTheWait() throws Exception {
        kubectl.run("run", "ready", "-n", "w", "--image=nginx:1.27").ok();
        BackgroundCommand wait = kubectl.start("wait", "pod/ready", "-n", "w", "--for=condition=Ready", "--timeout=30s",
                "-v=6");
        wait.awaitStderr(WATCHING, 20);
        kubectl.run("patch", "pod", "ready", "-n", "w", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}").ok();
        Kubectl.Result done = wait.finish(30);
        assertEquals(0, done.exitCode(), done.stderr());
        assertEquals("pod/ready condition met\n", done.stdout());
    }

    @Test
    void deleteWaitsUntilTheLastFinalizerIsRemoved() throws Exception {
        kubectl.run("create", "configmap", "held", "-n", "w").ok();
        kubectl.run("patch", "configmap", "held", "-n", "w", "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":[\"e2e.kubicle.io/hold\"]}}").ok();
        kubectl.run("delete", "configmap", "held", "-n", "w", "--wait=false").ok();
        assertFalse(kubectl.run("get", "configmap", "held", "-n", "w", "-o", "jsonpath={.metadata.deletionTimestamp}")
                .ok().stdout().isEmpty(), "a finalizer keeps the object, marked for deletion");
        BackgroundCommand wait = kubectl.start("wait", "configmap/held", "-n", "w", "--for=delete", "--timeout=30s",
                "-v=6");
        wait.awaitStderr(WATCHING, 20);
        kubectl.run("patch", "configmap", "held", "-n", "w", "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]").ok();
        Kubectl.Result done = wait.finish(30);
        assertEquals(0, done.exitCode(), done.stderr());
        assertEquals("configmap/held condition met\n", done.stdout());
        Kubectl.Result gone = kubectl.run("get", "configmap", "held", "-n", "w");
        assertTrue(gone.stderr().contains("configmaps \"held\" not found"), gone.stderr());
    }

    @Test
    void jsonpathValueEndsTheWait() throws Exception {
        // a Pod's phase: CRDs (with a free-form status.phase such as "Done") are not served yet
        kubectl.run("run", "batch", "-n", "w", "--image=busybox", "--restart=Never").ok();
        assertEquals("Pending", kubectl.run("get", "pod", "batch", "-n", "w", "-o", "jsonpath={.status.phase}").ok().stdout());
        BackgroundCommand wait = kubectl.start("wait", "pod/batch", "-n", "w", "--for=jsonpath={.status.phase}=Succeeded",
                "--timeout=30s", "-v=6");
        wait.awaitStderr(WATCHING, 20);
        kubectl.run("patch", "pod", "batch", "-n", "w", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"phase\":\"Succeeded\"}}").ok();
        Kubectl.Result done = wait.finish(30);
        assertEquals(0, done.exitCode(), done.stderr());
        assertEquals("pod/batch condition met\n", done.stdout());
    }

    @Test
    void createWaitsForTheObjectToAppear() throws Exception {
        BackgroundCommand wait = kubectl.start("wait", "configmap/later", "-n", "w", "--for=create", "--timeout=30s",
                "-v=6");
        wait.awaitStderr(Pattern.compile("configmaps/later(\\?[^\"]*)?\" status=\"404 Not Found\""), 20);
        kubectl.run("create", "configmap", "later", "-n", "w").ok();
        Kubectl.Result done = wait.finish(30);
        assertEquals(0, done.exitCode(), done.stderr());
        assertEquals("configmap/later condition met\n", done.stdout());
    }

    @Test
    void timeoutFailsWithTheObjectNamed() {
        kubectl.run("run", "never", "-n", "w", "--image=nginx:1.27").ok();
        Kubectl.Result timedOut = kubectl.run("wait", "pod/never", "-n", "w", "--for=condition=Ready", "--timeout=2s");
        assertNotEquals(0, timedOut.exitCode());
        assertEquals("error: timed out waiting for the condition on pods/never\n", timedOut.stderr());
        Kubectl.Result neverCreated = kubectl.run("wait", "configmap/absent", "-n", "w", "--for=create", "--timeout=1s");
        assertNotEquals(0, neverCreated.exitCode());
        assertTrue(neverCreated.stderr().contains("timed out waiting for the condition"), neverCreated.stderr());
    }
}
