package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pod subresources that change a running pod, against a workspace with the real kubectl 1.35: {@code kubectl debug}
 * (ephemeral containers through {@code pods/<name>/ephemeralcontainers}: kube's rules for them, pod security and RBAC on
 * the subresource) and in-place resize ({@code kubectl patch --subresource resize}: kube's rules, quota). Carrying them
 * to a host is the syncer's ({@code SyncerContainersIT}, {@code SyncerIT}, {@code SyncerK3sIT}).
 */
@ExtendWith(SharedKubicle.class)
class PodSubresourcesIT {
    private static final String NS = "debugging";
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("pod-subresources"), dir.resolve("cache"));
        kubectl.run("create", "namespace", NS).ok();
        kubectl.run("create", "rolebinding", "editor", "--clusterrole=edit", "--user=editor", "-n", NS).ok();
    }

    private static void pod(String name) {
        kubectl.run("run", name, "--image=nginx:1.27", "-n", NS).ok();
    }

    private static String get(String pod, String jsonpath) {
        return kubectl.run("get", "pod", pod, "-n", NS, "-o", "jsonpath=" + jsonpath).ok().stdout();
    }

    @Test
    void debugAddsAnEphemeralContainerThatSharesTheTargetsProcesses() {
        pod("web");
        String generation = get("web", "{.metadata.generation}");
        Kubectl.Result debug = kubectl.run("debug", "web", "-n", NS, "--image=busybox:1.36", "-c", "dbg", "--target=web",
                "--profile=baseline", "--", "sleep", "3600");
        assertEquals(0, debug.exitCode(), debug.stderr());
        assertEquals("dbg web busybox:1.36 IfNotPresent /dev/termination-log [\"sleep\",\"3600\"]",
                get("web", "{.spec.ephemeralContainers[0].name} {.spec.ephemeralContainers[0].targetContainerName}"
                        + " {.spec.ephemeralContainers[0].image} {.spec.ephemeralContainers[0].imagePullPolicy}"
                        + " {.spec.ephemeralContainers[0].terminationMessagePath} {.spec.ephemeralContainers[0].command}"));
        assertEquals(Long.parseLong(generation) + 1, Long.parseLong(get("web", "{.metadata.generation}")),
                "a pod's generation counts its spec changes, ephemeral containers included");
        assertTrue(get("web", "{.metadata.managedFields[*].subresource}").contains("ephemeralcontainers"));
        assertTrue(kubectl.run("describe", "pod", "web", "-n", NS).ok().stdout().contains("Ephemeral Containers:\n  dbg:"));

        // a second one with a generated name joins the first
        Kubectl.Result second = kubectl.run("debug", "web", "-n", NS, "--image=busybox:1.36", "--profile=baseline");
        assertEquals(0, second.exitCode(), second.stderr());
        assertTrue(second.stdout().contains("Defaulting debug container name to debugger-"), second.stdout());
        assertEquals(2, get("web", "{.spec.ephemeralContainers[*].name}").split(" ").length);

        // the first one cannot be changed (kubectl debug's own patch for a name taken merges to no change, as on kube)
        Kubectl.Result changed = kubectl.run("patch", "pod", "web", "-n", NS, "--subresource=ephemeralcontainers",
                "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/ephemeralContainers/0/image\",\"value\":\"busybox:1.37\"}]");
        assertNotEquals(0, changed.exitCode());
        assertTrue(changed.stderr().contains("Pod \"web\" is invalid: spec.ephemeralContainers: Forbidden: existing"
                + " ephemeral containers \"dbg\" may not be changed"), changed.stderr());
    }

    @Test
    void aContainerNameOrTargetThatDoesNotFitIsRefusedWithKubesMessage() {
        pod("named");
        Kubectl.Result taken = kubectl.run("debug", "named", "-n", NS, "--image=busybox:1.36", "-c", "named", "--profile=baseline");
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.stderr().contains("spec.ephemeralContainers[0].name: Duplicate value: \"named\""), taken.stderr());
        Kubectl.Result target = kubectl.run("debug", "named", "-n", NS, "--image=busybox:1.36", "--target=nope",
                "--profile=baseline");
        assertNotEquals(0, target.exitCode());
        assertTrue(target.stderr().contains("spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\""),
                target.stderr());
        assertEquals("", get("named", "{.spec.ephemeralContainers}"), "a refused container was stored");
    }

    @Test
    void podSecurityCoversEphemeralContainers() {
        pod("guarded");
        // the sysadmin profile asks for a privileged container: the workspace's baseline level refuses it
        Kubectl.Result privileged = kubectl.run("debug", "guarded", "-n", NS, "--image=busybox:1.36", "--profile=sysadmin");
        assertNotEquals(0, privileged.exitCode());
        assertTrue(privileged.stderr().contains("pods \"guarded\" is forbidden: violates PodSecurity \"baseline:latest\":"
                + " privileged (container \"debugger-"), privileged.stderr());
        // the general profile adds SYS_PTRACE, which baseline does not allow either (as on a kube cluster enforcing it)
        Kubectl.Result ptrace = kubectl.run("debug", "guarded", "-n", NS, "--image=busybox:1.36", "--profile=general");
        assertTrue(ptrace.stderr().contains("non-default capabilities (container \"debugger-"), ptrace.stderr());
        assertEquals("", get("guarded", "{.spec.ephemeralContainers}"));
        kubectl.run("debug", "guarded", "-n", NS, "--image=busybox:1.36", "--profile=baseline").ok();
    }

    @Test
    void theEditRoleMayNotDebugAsInKubeButAGrantedRoleMay() {
        pod("locked");
        Kubectl.Result editor = kubectl.run("--as", "editor", "debug", "locked", "-n", NS, "--image=busybox:1.36",
                "--profile=baseline");
        assertNotEquals(0, editor.exitCode());
        assertTrue(editor.stderr().contains("pods \"locked\" is forbidden: User \"editor\" cannot patch resource"
                + " \"pods/ephemeralcontainers\" in API group \"\" in the namespace \"" + NS + "\""), editor.stderr());
        kubectl.run("create", "role", "debugger", "--verb=patch", "--resource=pods/ephemeralcontainers", "-n", NS).ok();
        kubectl.run("create", "rolebinding", "debugger", "--role=debugger", "--user=editor", "-n", NS).ok();
        Kubectl.Result granted = kubectl.run("--as", "editor", "debug", "locked", "-n", NS, "--image=busybox:1.36",
                "--profile=baseline");
        assertEquals(0, granted.exitCode(), granted.stderr());
    }

    @Test
    void aPodIsNotCreatedWithEphemeralContainersAndTheMainResourceDoesNotChangeThem() {
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: born, namespace: %s}
                spec:
                  containers: [{name: app, image: nginx:1.27}]
                  ephemeralContainers: [{name: dbg, image: busybox:1.36}]
                """.formatted(NS);
        Kubectl.Result create = kubectl.runWithInput(pod, "create", "-f", "-");
        assertNotEquals(0, create.exitCode());
        assertTrue(create.stderr().contains("spec.ephemeralContainers: Forbidden: cannot be set on create"), create.stderr());

        pod("plain");
        Kubectl.Result patch = kubectl.run("patch", "pod", "plain", "-n", NS, "--type=merge", "-p",
                "{\"spec\":{\"ephemeralContainers\":[{\"name\":\"dbg\",\"image\":\"busybox:1.36\"}]}}");
        assertNotEquals(0, patch.exitCode());
        assertTrue(patch.stderr().contains("pod updates may not change fields other than"), patch.stderr());
        // the subresource takes only ephemeral containers: a label in the same patch is dropped, as kube drops it
        kubectl.run("patch", "pod", "plain", "-n", NS, "--subresource=ephemeralcontainers", "--type=merge", "-p",
                "{\"metadata\":{\"labels\":{\"x\":\"y\"}},\"spec\":{\"ephemeralContainers\":[{\"name\":\"dbg\","
                        + "\"image\":\"busybox:1.36\"}]}}").ok();
        assertEquals("dbg ", get("plain", "{.spec.ephemeralContainers[*].name} {.metadata.labels.x}"));
    }

    @Test
    void debugByCopyMakesANewPodWithoutTheEphemeralContainers() {
        pod("original");
        kubectl.run("debug", "original", "-n", NS, "--image=busybox:1.36", "-c", "dbg", "--profile=baseline").ok();
        kubectl.run("debug", "original", "-n", NS, "--image=busybox:1.36", "--copy-to=original-copy", "-c", "shell",
                "--profile=baseline").ok();
        assertEquals("original shell|", get("original-copy", "{.spec.containers[*].name}|{.spec.ephemeralContainers}"));
    }

    private static final String SIZED = """
            apiVersion: v1
            kind: Pod
            metadata: {name: %s, namespace: %s}
            spec:
              containers:
              - name: app
                image: nginx:1.27
                resources:
                  requests: {cpu: 500m, memory: 256Mi}
                  limits: {cpu: "1", memory: 512Mi}
            """;

    private static Kubectl.Result resize(String pod, String resources) {
        return kubectl.run("patch", "pod", pod, "-n", NS, "--subresource", "resize", "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":" + resources + "}]}}");
    }

    @Test
    void resizeChangesCpuAndMemoryInPlaceAndNothingElse() {
        kubectl.runWithInput(SIZED.formatted("sized", NS), "create", "-f", "-").ok();
        long generation = Long.parseLong(get("sized", "{.metadata.generation}"));
        resize("sized", "{\"requests\":{\"cpu\":\"800m\",\"memory\":\"384Mi\"},\"limits\":{\"cpu\":\"2\"}}").ok();
        assertEquals("800m 384Mi 2 512Mi", get("sized", "{.spec.containers[0].resources.requests.cpu}"
                + " {.spec.containers[0].resources.requests.memory} {.spec.containers[0].resources.limits.cpu}"
                + " {.spec.containers[0].resources.limits.memory}"));
        assertEquals(generation + 1, Long.parseLong(get("sized", "{.metadata.generation}")));

        Kubectl.Result direct = kubectl.run("patch", "pod", "sized", "-n", NS, "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"900m\"}}}]}}");
        assertNotEquals(0, direct.exitCode());
        assertTrue(direct.stderr().contains("pod updates may not change fields other than"), direct.stderr());
        Kubectl.Result lower = resize("sized", "{\"limits\":{\"memory\":\"256Mi\"}}");
        assertNotEquals(0, lower.exitCode());
        assertTrue(lower.stderr().contains("spec.containers[0].resources.limits[memory]: Forbidden: memory limits cannot be"
                + " decreased unless resizePolicy is RestartContainer"), lower.stderr());
        Kubectl.Result gpu = resize("sized", "{\"limits\":{\"nvidia.com/gpu\":\"1\"},\"requests\":{\"nvidia.com/gpu\":\"1\"}}");
        assertNotEquals(0, gpu.exitCode());
        assertTrue(gpu.stderr().contains("spec: Forbidden: only cpu and memory resources are mutable"), gpu.stderr());
        Kubectl.Result qos = resize("sized", "{\"requests\":{\"cpu\":\"2\",\"memory\":\"512Mi\"}}");
        assertNotEquals(0, qos.exitCode());
        assertTrue(qos.stderr().contains("Pod QOS Class may not change as a result of resizing"), qos.stderr());
        assertEquals("800m", get("sized", "{.spec.containers[0].resources.requests.cpu}"), "a refused resize was stored");
    }

    @Test
    void aResizeIsChargedToTheNamespacesQuota() {
        kubectl.run("create", "namespace", "resized").ok();
        kubectl.run("create", "quota", "q", "-n", "resized", "--hard=requests.cpu=2").ok();
        kubectl.runWithInput(SIZED.formatted("charged", "resized"), "create", "-f", "-").ok();
        kubectl.run("patch", "pod", "charged", "-n", "resized", "--subresource", "resize", "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"1\"}}}]}}").ok();
        Kubectl.Result over = kubectl.run("patch", "pod", "charged", "-n", "resized", "--subresource", "resize", "-p",
                "{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"3\"},"
                        + "\"limits\":{\"cpu\":\"3\"}}}]}}");
        assertNotEquals(0, over.exitCode());
        assertTrue(over.stderr().contains("pods \"charged\" is forbidden: exceeded quota: q"), over.stderr());
        assertEquals("1", kubectl.run("get", "quota", "q", "-n", "resized", "-o", "jsonpath={.status.used.requests\\.cpu}")
                .ok().stdout());
    }
}
