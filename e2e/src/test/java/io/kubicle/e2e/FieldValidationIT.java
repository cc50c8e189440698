package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * fieldValidation of built-in kinds with the real kubectl 1.35: its default --validate=strict
 * (fieldValidation=Strict), warn and false, server-side apply, and kubectl explain of the 1.35 types.
 */
@ExtendWith(SharedKubicle.class)
class FieldValidationIT {
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("fieldvalidation"), dir.resolve("cache"));
        kubectl.run("create", "namespace", "fv").ok();
    }

    /** A Deployment whose container has {@code extraKey} (a typo, or a real field) besides its image. */
    private static String deployment(String name, String extraKey) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  namespace: fv
                spec:
                  selector:
                    matchLabels: {app: %s}
                  template:
                    metadata:
                      labels: {app: %s}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                        %s: nginx:1.27
                """.formatted(name, name, name, extraKey);
    }

    @Test
    void strictRefusesATypoWithKubesMessageAndWritesNothing() {
        Kubectl.Result refused = kubectl.runWithInput(deployment("typo", "imagee"), "apply", "-f", "-");
        assertNotEquals(0, refused.exitCode(), refused.stdout());
        assertTrue(refused.stderr().contains("Deployment in version \"v1\" cannot be handled as a Deployment: "
                + "strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\""), refused.stderr());
        assertNotEquals(0, kubectl.run("get", "deployment", "typo", "-n", "fv").exitCode());
    }

    @Test
    void warnCreatesAndPrintsTheWarningAndFalseCreatesSilently() {
        Kubectl.Result warned = kubectl.runWithInput(deployment("warned", "imagee"), "apply", "--validate=warn", "-f", "-")
                .ok();
        assertTrue(warned.stderr().contains("Warning: unknown field \"spec.template.spec.containers[0].imagee\""),
                warned.stderr());
        Kubectl.Result quiet = kubectl.runWithInput(deployment("quiet", "imagee"), "apply", "--validate=false", "-f", "-")
                .ok();
        assertFalse(quiet.stderr().contains("unknown field"), quiet.stderr());
        String stored = kubectl.run("get", "deployment", "warned", "-n", "fv", "-o",
                "jsonpath={.spec.template.spec.containers[0]}").ok().stdout();
        assertTrue(stored.contains("nginx:1.27") && !stored.contains("imagee"), "unknown fields are not stored: " + stored);
        assertEquals("deployment.apps/warned deployment.apps/quiet",
                kubectl.run("get", "deployment", "warned", "quiet", "-n", "fv", "-o", "name").ok().stdout().strip()
                        .replace('\n', ' '));
    }

    @Test
    void serverSideApplyRefusesAnUndeclaredFieldWhateverTheValidation() {
        for (String validate : new String[] {"--validate=strict", "--validate=false"}) {
            Kubectl.Result refused = kubectl.runWithInput(deployment("ssa", "imagee"), "apply", "--server-side", validate,
                    "-f", "-");
            assertNotEquals(0, refused.exitCode(), refused.stdout());
            assertTrue(refused.stderr().contains("failed to create typed patch object (fv/ssa; apps/v1, Kind=Deployment): "
                    + ".spec.template.spec.containers[name=\"web\"].imagee: field not declared in schema"), refused.stderr());
        }
        kubectl.runWithInput(deployment("ssa", "workingDir"), "apply", "--server-side", "-f", "-").ok();
    }

    @Test
    void aTypoInAnUpdateIsRefusedToo() {
        kubectl.runWithInput(deployment("edited", "workingDir"), "apply", "-f", "-").ok();
        Kubectl.Result refused = kubectl.runWithInput(deployment("edited", "workingDir").replace("    spec:\n      containers",
                "    spec:\n      hostnameOverride: h\n      bogus: 1\n      containers"), "apply", "-f", "-");
        assertNotEquals(0, refused.exitCode(), refused.stdout());
        assertTrue(refused.stderr().contains("strict decoding error: unknown field \"spec.template.spec.bogus\""),
                refused.stderr());
        // kubectl patch sends no fieldValidation: kube's default, Warn, with the result's unknown fields sorted.
        Kubectl.Result patched = kubectl.run("patch", "deployment", "edited", "-n", "fv", "--type=merge", "-p",
                "{\"spec\":{\"zzz\":1,\"paused\":true,\"aaa\":2}}").ok();
        assertTrue(patched.stderr().contains("Warning: unknown field \"spec.aaa\"\nWarning: unknown field \"spec.zzz\""),
                patched.stderr());
        assertEquals("true", kubectl.run("get", "deployment", "edited", "-n", "fv", "-o", "jsonpath={.spec.paused}{.spec.aaa}")
                .ok().stdout());
    }

    @Test
    void aRepeatedKeyInAJsonBodyIsADuplicateField() throws Exception {
        Path body = dir.resolve("dup.json");
        Files.writeString(body, """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","namespace":"fv"},
                 "data":{"a":"1"},"immutable":true,"immutable":false}""");
        Kubectl.Result refused = kubectl.run("create", "--raw",
                "/api/v1/namespaces/fv/configmaps?fieldValidation=Strict", "-f", body.toString());
        assertNotEquals(0, refused.exitCode(), refused.stdout());
        assertTrue(refused.stderr().contains("strict decoding error: duplicate field \"immutable\""), refused.stderr());
        String created = kubectl.run("create", "--raw", "/api/v1/namespaces/fv/configmaps?fieldValidation=Ignore",
                "-f", body.toString()).ok().stdout();
        assertTrue(created.contains("\"immutable\":false"), created);
        Kubectl.Result bogus = kubectl.run("create", "--raw", "/api/v1/namespaces/fv/configmaps?fieldValidation=Bogus",
                "-f", body.toString());
        assertTrue(bogus.stderr().contains("fieldValidation: Unsupported value: \"Bogus\": supported values: \"Ignore\", "
                + "\"Strict\", \"Warn\""), bogus.stderr());
    }

    @Test
    void kindsAndFieldsOf135ApplyUnderStrictValidation() {
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: sidecar
                  namespace: fv
                spec:
                  initContainers:
                  - name: log
                    image: busybox
                    restartPolicy: Always
                  containers:
                  - name: web
                    image: nginx:1.27
                """, "apply", "-f", "-").ok();
        assertEquals("Always", kubectl.run("get", "pod", "sidecar", "-n", "fv", "-o",
                "jsonpath={.spec.initContainers[0].restartPolicy}").ok().stdout());
        kubectl.runWithInput("""
                apiVersion: resource.k8s.io/v1
                kind: DeviceClass
                metadata:
                  name: gpu.example.com
                spec:
                  selectors:
                  - cel:
                      expression: device.driver == "gpu.example.com"
                ---
                apiVersion: resource.k8s.io/v1
                kind: ResourceClaim
                metadata:
                  name: one-gpu
                  namespace: fv
                spec:
                  devices:
                    requests:
                    - name: gpu
                      exactly:
                        deviceClassName: gpu.example.com
                """, "apply", "-f", "-").ok();
        assertEquals("gpu.example.com", kubectl.run("get", "resourceclaim", "one-gpu", "-n", "fv", "-o",
                "jsonpath={.spec.devices.requests[0].exactly.deviceClassName}").ok().stdout());
        // A second apply is a strategic merge patch, which needs the new kind's schema too.
        kubectl.runWithInput("""
                apiVersion: resource.k8s.io/v1
                kind: DeviceClass
                metadata:
                  name: gpu.example.com
                spec:
                  selectors:
                  - cel:
                      expression: device.driver == "gpu.example.org"
                """, "apply", "-f", "-").ok();
        assertEquals("device.driver == \"gpu.example.org\"", kubectl.run("get", "deviceclass", "gpu.example.com", "-o",
                "jsonpath={.spec.selectors[*].cel.expression}").ok().stdout());
    }

    @Test
    void explainShowsTheTypesOf135() {
        String deviceClasses = kubectl.run("explain", "deviceclasses.spec").ok().stdout();
        assertTrue(deviceClasses.contains("GROUP:      resource.k8s.io") && deviceClasses.contains("FIELD: spec <DeviceClassSpec>")
                && deviceClasses.contains("selectors"), deviceClasses);
        String resources = kubectl.run("explain", "pods.spec.resources").ok().stdout();
        assertTrue(resources.contains("FIELD: resources <ResourceRequirements>"), resources);
        String hostname = kubectl.run("explain", "pods.spec.hostnameOverride").ok().stdout();
        assertTrue(hostname.contains("HostnameOverride specifies an explicit override"), hostname);
    }
}
