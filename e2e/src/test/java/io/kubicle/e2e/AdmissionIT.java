package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pod security and quotas at admission, seen through real kubectl (and raw HTTP for a parallel burst). */
class AdmissionIT {
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl root;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        root = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static Kubectl provision(String name, String spec) throws Exception {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: " + name + "\n"
                + (spec.isEmpty() ? "" : "spec:\n" + spec);
        root.runWithInput(ws, "create", "-f", "-").ok();
        String kubeconfig = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + name + "/kubeconfig")
                .ok().stdout();
        Path file = dir.resolve(name + ".kubeconfig");
        Files.writeString(file, kubeconfig);
        return new Kubectl(file, dir.resolve("cache-" + name));
    }

    static String pod(String name, String containerExtra) {
        return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name + "\nspec:\n  containers:\n  - name: c\n"
                + "    image: busybox\n" + containerExtra;
    }

    static final String PRIVILEGED = "    securityContext:\n      privileged: true\n";

    static String gpus(int n) {
        return "    resources:\n      limits:\n        nvidia.com/gpu: \"" + n + "\"\n";
    }

    @Test
    void privilegedPodIsRefusedAtBaselineAndAllowedInAPrivilegedWorkspace() throws Exception {
        Kubectl baseline = provision("psa-baseline", "");
        Kubectl.Result refused = baseline.runWithInput(pod("priv", PRIVILEGED), "create", "-f", "-");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("pods \"priv\" is forbidden: violates PodSecurity \"baseline:latest\":"
                + " privileged (container \"c\" must not set securityContext.privileged=true)"), refused.stderr());
        baseline.runWithInput(pod("plain", ""), "create", "-f", "-").ok();
        baseline.run("label", "namespace", "default", "pod-security.kubernetes.io/warn=restricted").ok();
        Kubectl.Result warned = baseline.runWithInput(pod("plain2", ""), "create", "-f", "-").ok();
        assertTrue(warned.stderr().contains("Warning: would violate PodSecurity \"restricted:latest\""), warned.stderr());

        Kubectl privileged = provision("psa-privileged", "  podSecurity: privileged\n");
        privileged.runWithInput(pod("priv", PRIVILEGED), "create", "-f", "-").ok();
        // a tenant may tighten its namespace, never loosen it
        privileged.run("label", "namespace", "default", "pod-security.kubernetes.io/enforce=baseline").ok();
        assertNotEquals(0, privileged.runWithInput(pod("priv2", PRIVILEGED), "create", "-f", "-").exitCode());
        baseline.run("label", "namespace", "default", "pod-security.kubernetes.io/enforce=privileged").ok();
        assertNotEquals(0, baseline.runWithInput(pod("priv3", PRIVILEGED), "create", "-f", "-").exitCode());
    }

    @Test
    void restrictedRefusesAPodThatMayRunAsRoot() throws Exception {
        Kubectl restricted = provision("psa-restricted", "  podSecurity: restricted\n");
        Kubectl.Result refused = restricted.runWithInput(pod("root", ""), "create", "-f", "-");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("violates PodSecurity \"restricted:latest\""), refused.stderr());
        assertTrue(refused.stderr().contains("runAsNonRoot != true (pod or container \"c\" must set"
                + " securityContext.runAsNonRoot=true)"), refused.stderr());
        String hardened = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hardened\nspec:\n  securityContext:\n"
                + "    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: c\n"
                + "    image: busybox\n    securityContext:\n      allowPrivilegeEscalation: false\n"
                + "      capabilities:\n        drop: [\"ALL\"]\n";
        restricted.runWithInput(hardened, "create", "-f", "-").ok();
        Kubectl.Result warned = restricted.run("create", "deployment", "web", "--image=nginx");
        warned.ok();
        assertTrue(warned.stderr().contains("would violate PodSecurity \"restricted:latest\""), warned.stderr());
    }

    @Test
    void resourceQuotaRefusesGpusBeyondTheLimitAndShowsUsage() throws Exception {
        Kubectl k = provision("rq-gpu", "");
        k.run("create", "quota", "q", "--hard=requests.nvidia.com/gpu=4,pods=10").ok();
        k.runWithInput(pod("three", gpus(3)), "create", "-f", "-").ok();
        Kubectl.Result dry = k.runWithInput(pod("dry", gpus(1)), "create", "--dry-run=server", "-f", "-");
        dry.ok();
        Kubectl.Result refused = k.runWithInput(pod("two", gpus(2)), "create", "-f", "-");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("pods \"two\" is forbidden: exceeded quota: q, requested:"
                + " requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4"),
                refused.stderr());
        k.runWithInput(pod("one", gpus(1)), "create", "-f", "-").ok(); // the dry run reserved nothing
        eventually(() -> k.run("get", "quota", "q", "-o", "jsonpath={.status.used.requests\\.nvidia\\.com/gpu}")
                .ok().stdout(), "4");
        String describe = k.run("describe", "quota", "q").ok().stdout();
        assertTrue(describe.matches("(?s).*requests\\.nvidia\\.com/gpu\\s+4\\s+4.*"), describe);
        assertTrue(describe.matches("(?s).*pods\\s+2\\s+10.*"), describe);
        String table = k.run("get", "quota").ok().stdout();
        assertTrue(table.contains("pods: 2/10, requests.nvidia.com/gpu: 4/4"), table);
        k.run("delete", "pod", "three").ok();
        eventually(() -> k.run("get", "quota", "q", "-o", "jsonpath={.status.used.requests\\.nvidia\\.com/gpu}")
                .ok().stdout(), "1");
        k.runWithInput(pod("two", gpus(2)), "create", "-f", "-").ok();
        // a pod that finished holds no quota any more (kube's pod evaluator skips terminal pods)
        k.run("patch", "pod", "two", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Running\"}}").ok();
        k.run("patch", "pod", "two", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Succeeded\"}}").ok();
        eventually(() -> k.run("get", "quota", "q", "-o", "jsonpath={.status.used.requests\\.nvidia\\.com/gpu}")
                .ok().stdout(), "1");
        k.runWithInput(pod("after", gpus(3)), "create", "-f", "-").ok();

        k.run("create", "namespace", "cpu").ok();
        k.run("create", "quota", "c", "-n", "cpu", "--hard=limits.cpu=1").ok();
        Kubectl.Result unstated = k.runWithInput(pod("nolimits", ""), "create", "-n", "cpu", "-f", "-");
        assertNotEquals(0, unstated.exitCode());
        assertTrue(unstated.stderr().contains("pods \"nolimits\" is forbidden: failed quota: c: must specify limits.cpu"
                + " for: c"), unstated.stderr());
    }

    @Test
    void growingABoundClaimCountsAgainstTheStorageQuota() throws Exception {
        Kubectl k = provision("rq-storage", "");
        k.run("create", "quota", "s", "--hard=requests.storage=2Gi").ok();
        k.runWithInput("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
                """, "create", "-f", "-").ok();
        // a claim can grow only once bound (kube's validation); the syncer maps the host's Bound up, here the test does
        k.run("patch", "pvc", "data", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Bound\"}}").ok();

        Kubectl.Result refused = k.run("patch", "pvc", "data", "--type=merge", "-p",
                "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"10Gi\"}}}}");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("persistentvolumeclaims \"data\" is forbidden: exceeded quota: s, requested:"
                + " requests.storage=9Gi, used: requests.storage=1Gi, limited: requests.storage=2Gi"), refused.stderr());
        assertEquals("1Gi", k.run("get", "pvc", "data", "-o", "jsonpath={.spec.resources.requests.storage}").ok().stdout());

        k.run("patch", "pvc", "data", "--type=merge", "-p", "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}").ok();
        eventually(() -> k.run("get", "quota", "s", "-o", "jsonpath={.status.used.requests\\.storage}").ok().stdout(), "2Gi");
    }

    @Test
    void workspaceQuotaAdmitsExactlyItsLimitUnderAParallelBurst() throws Exception {
        provision("ws-quota", "  quota:\n    hard:\n      pods: \"5\"\n      nvidia.com/gpu: \"1\"\n");
        AdminHttp http = new AdminHttp(dir.resolve("data"), server.url() + "/clusters/ws-quota");
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + i + "\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
            burst.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return http.send("POST", "/api/v1/namespaces/default/pods", "application/json", body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        int created = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertEquals(403, r.statusCode(), r.body());
                assertTrue(r.body().contains("workspace \\\"ws-quota\\\" quota exceeded: requested pods=1, used 5,"
                        + " limited 5"), r.body());
                refused++;
            }
        }
        assertEquals(5, created);
        assertEquals(15, refused);
        assertEquals("5", root.run("get", "workspace", "ws-quota", "-o", "jsonpath={.status.usage.pods}").ok().stdout());

        Kubectl k = new Kubectl(dir.resolve("ws-quota.kubeconfig"), dir.resolve("cache-ws-quota"));
        k.run("create", "namespace", "other").ok();
        Kubectl.Result elsewhere = k.runWithInput(pod("x", ""), "create", "-n", "other", "-f", "-");
        assertNotEquals(0, elsewhere.exitCode(), "the workspace quota spans every namespace");
        k.run("delete", "pods", "--all").ok();
        eventually(() -> root.run("get", "workspace", "ws-quota", "-o", "jsonpath={.status.usage.pods}").ok().stdout(), "0");
        k.runWithInput(pod("gpu", gpus(1)), "create", "-n", "other", "-f", "-").ok();
        Kubectl.Result gpu = k.runWithInput(pod("gpu2", gpus(1)), "create", "-f", "-");
        assertNotEquals(0, gpu.exitCode());
        assertTrue(gpu.stderr().contains("workspace \"ws-quota\" quota exceeded: requested requests.nvidia.com/gpu=1,"
                + " used 1, limited 1"), gpu.stderr());
    }

    @Test
    void aWorkspaceQuotaOnCpuAndMemoryWantsNewPodsToStateThem() throws Exception {
        Kubectl k = provision("ws-cpu", "  quota:\n    hard:\n      cpu: \"4\"\n      limits.memory: 8Gi\n");
        Kubectl.Result unstated = k.runWithInput(pod("bare", ""), "create", "-f", "-");
        assertNotEquals(0, unstated.exitCode());
        assertTrue(unstated.stderr().contains("pods \"bare\" is forbidden: workspace \"ws-cpu\" quota: must specify limits.memory for: c;"
                + " requests.cpu for: c"), unstated.stderr());
        k.runWithInput(pod("stated", "    resources:\n      requests: {cpu: 500m}\n      limits: {memory: 1Gi}\n"),
                "create", "-f", "-").ok();
        assertEquals("500m", root.run("get", "workspace", "ws-cpu", "-o", "jsonpath={.status.usage.requests\\.cpu}").ok().stdout());
    }

    @Test
    void objectCountQuotaCountsEveryObject() throws Exception {
        Kubectl k = provision("ws-objects", "  quota:\n    objects: 40\n");
        int made = 0;
        Kubectl.Result last = null;
        for (int i = 0; i < 60; i++) {
            last = k.run("create", "configmap", "c" + i);
            if (last.exitCode() != 0) {
                break;
            }
            made++;
        }
        assertTrue(made > 0 && made < 40, "the bootstrap objects count too; made " + made);
        assertTrue(last.stderr().contains("workspace \"ws-objects\" quota exceeded: requested objects=1, used 40,"
                + " limited 40"), last.stderr());
    }

    @Test
    void aPodTakesThePriorityOfTheClassItNamesOrOfTheDefaultOne() throws Exception {
        Kubectl ws = provision("priorities", "");
        assertEquals("0 PreemptLowerPriority", ws.runWithInput(pod("plain", ""), "create", "-f", "-", "-o",
                "jsonpath={.spec.priority} {.spec.preemptionPolicy}").ok().stdout());
        Kubectl.Result missing = ws.runWithInput(pod("missing", "").replace("spec:\n", "spec:\n  priorityClassName: nope\n"),
                "create", "-f", "-");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("pods \"missing\" is forbidden: no PriorityClass with name nope was found"),
                missing.stderr());
        ws.runWithInput("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: batch}
                value: 1000
                preemptionPolicy: Never
                """, "create", "-f", "-").ok();
        String batch = pod("train", "").replace("spec:\n", "spec:\n  priorityClassName: batch\n");
        assertEquals("1000 Never", ws.runWithInput(batch, "create", "-f", "-", "-o",
                "jsonpath={.spec.priority} {.spec.preemptionPolicy}").ok().stdout());
        // a server-side apply of the manifest, without what admission set: the pod keeps it
        ws.runWithInput(batch.replace("name: train", "name: train\n  labels: {v: \"2\"}"), "apply", "--server-side", "-f", "-").ok();
        assertEquals("1000 2", ws.run("get", "pod", "train", "-o", "jsonpath={.spec.priority} {.metadata.labels.v}").ok().stdout());
        Kubectl.Result stated = ws.runWithInput(pod("stated", "").replace("spec:\n", "spec:\n  priorityClassName: batch\n  priority: 5\n"),
                "create", "-f", "-");
        assertTrue(stated.stderr().contains("the integer value of priority (5) must not be provided in pod spec; priority"
                + " admission controller computed 1000 from the given PriorityClass name"), stated.stderr());
        assertEquals("2000000000", ws.runWithInput(pod("critical", "").replace("spec:\n",
                "spec:\n  priorityClassName: system-cluster-critical\n"), "create", "-f", "-", "-o", "jsonpath={.spec.priority}")
                .ok().stdout());

        ws.runWithInput("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: everyday}
                value: 100
                globalDefault: true
                """, "create", "-f", "-").ok();
        assertEquals("everyday 100 PreemptLowerPriority", ws.runWithInput(pod("later", ""), "create", "-f", "-", "-o",
                "jsonpath={.spec.priorityClassName} {.spec.priority} {.spec.preemptionPolicy}").ok().stdout());
        Kubectl.Result second = ws.run("patch", "priorityclass", "batch", "--type=merge", "-p", "{\"globalDefault\":true}");
        assertNotEquals(0, second.exitCode());
        assertTrue(second.stderr().contains("priorityclasses.scheduling.k8s.io \"batch\" is forbidden: PriorityClass everyday"
                + " is already marked as default. Only one default can exist"), second.stderr());
        ws.run("delete", "priorityclass", "everyday").ok();
        assertEquals("0", ws.runWithInput(pod("after", ""), "create", "-f", "-", "-o", "jsonpath={.spec.priority}").ok().stdout());
    }

    private static void eventually(Supplier<String> probe, String expected) throws InterruptedException {
        String seen = null;
        for (int i = 0; i < 50; i++) {
            seen = probe.get();
            if (expected.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        assertEquals(expected, seen);
    }
}
