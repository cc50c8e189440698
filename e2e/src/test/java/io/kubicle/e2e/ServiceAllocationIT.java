package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What admission adds on a real cluster: Service ClusterIPs and node ports (from the right ranges, never twice), Pod ServiceAccounts. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServiceAllocationIT {
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        Kubectl root = new Kubectl(server.kubeconfig(), dir.resolve("cache-root"));
        root.runWithInput("apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: svc\n", "create", "-f", "-").ok();
        String kubeconfig = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/svc/kubeconfig").ok().stdout();
        Path file = dir.resolve("svc.kubeconfig");
        java.nio.file.Files.writeString(file, kubeconfig);
        kubectl = new Kubectl(file, dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static long ip(String text) {
        String[] p = text.split("\\.");
        return (Long.parseLong(p[0]) << 24) | (Long.parseLong(p[1]) << 16) | (Long.parseLong(p[2]) << 8) | Long.parseLong(p[3]);
    }

    @Test
    void clusterIpsComeFromTheServiceRangeAndAreUnique() {
        assertEquals("10.96.0.1", kubectl.run("get", "service", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP}")
                .ok().stdout(), "every workspace has the kubernetes Service");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            kubectl.run("create", "service", "clusterip", "web-" + i, "--tcp=80:8080").ok();
            String a = kubectl.run("get", "service", "web-" + i, "-o", "jsonpath={.spec.clusterIP}").ok().stdout();
            long v = ip(a);
            assertTrue(v >= ip("10.96.0.2") && v <= ip("10.111.255.254"), a);
            assertTrue(seen.add(a), "allocated twice: " + a);
            assertEquals(a, kubectl.run("get", "service", "web-" + i, "-o", "jsonpath={.spec.clusterIPs[0]}").ok().stdout());
        }
        assertTrue(kubectl.run("get", "services").ok().stdout().contains(seen.iterator().next()), "kubectl get shows CLUSTER-IP");

        String taken = kubectl.run("get", "service", "web-0", "-o", "jsonpath={.spec.clusterIP}").ok().stdout();
        Kubectl.Result clash = kubectl.run("create", "service", "clusterip", "clash", "--tcp=80:8080", "--clusterip=" + taken);
        assertNotEquals(0, clash.exitCode());
        assertTrue(clash.stderr().contains("spec.clusterIPs: Invalid value: [\"" + taken + "\"]: failed to allocate IP " + taken
                + ": provided IP is already allocated"), clash.stderr());
        Kubectl.Result outside = kubectl.run("create", "service", "clusterip", "outside", "--tcp=80:8080", "--clusterip=192.168.1.1");
        assertTrue(outside.stderr().contains("is not in the valid range"), outside.stderr());

        kubectl.run("delete", "service", "web-0").ok();
        kubectl.run("create", "service", "clusterip", "reuse", "--tcp=80:8080", "--clusterip=" + taken).ok();
        assertEquals("None", kubectl.run("create", "service", "clusterip", "headless", "--clusterip=None", "-o",
                "jsonpath={.spec.clusterIP}").ok().stdout());
    }

    @Test
    void aDeletedServicesNodePortIsFreeAtOnceAlsoWhenItsNamespaceOwnerOrLastFinalizerWent() throws InterruptedException {
        // a port Kubicle chooses is above kube's static band (30000-30085 here), which is left to Services naming theirs
        int chosen = Integer.parseInt(kubectl.run("create", "service", "nodeport", "np-any", "--tcp=80:8080", "-o",
                "jsonpath={.spec.ports[0].nodePort}").ok().stdout());
        assertTrue(chosen >= 30086 && chosen <= 32767, "chosen node port " + chosen);
        kubectl.run("create", "service", "nodeport", "np-first", "--tcp=80:8080", "--node-port=30001").ok();
        Kubectl.Result clash = kubectl.run("create", "service", "nodeport", "np-clash", "--tcp=80:8080", "--node-port=30001");
        assertTrue(clash.stderr().contains("provided port is already allocated"), clash.stderr());
        kubectl.run("delete", "service", "np-first").ok();
        kubectl.run("create", "service", "nodeport", "np-second", "--tcp=80:8080", "--node-port=30001").ok();

        kubectl.run("create", "namespace", "np-going").ok();
        kubectl.run("create", "service", "nodeport", "np-in-ns", "-n", "np-going", "--tcp=80:8080", "--node-port=30002").ok();
        kubectl.run("delete", "namespace", "np-going", "--timeout=60s").ok(); // waits until the namespace is gone
        kubectl.run("create", "service", "nodeport", "np-after-ns", "--tcp=80:8080", "--node-port=30002").ok();

        // a Service the garbage collector deletes with its owner gives its port back too (well within the 30 s after
        // which a claim left behind is taken over anyway)
        String ownerUid = kubectl.run("create", "configmap", "np-owner", "-o", "jsonpath={.metadata.uid}").ok().stdout();
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata:
                  name: np-owned
                  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: np-owner, uid: %s}]
                spec: {type: NodePort, ports: [{port: 80, nodePort: 30003}]}
                """.formatted(ownerUid), "create", "-f", "-").ok();
        kubectl.run("delete", "configmap", "np-owner").ok();
        kubectl.run("wait", "--for=delete", "service/np-owned", "--timeout=30s").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Kubectl.Result reuse;
        while ((reuse = kubectl.run("create", "service", "nodeport", "np-after-gc", "--tcp=80:8080", "--node-port=30003"))
                .exitCode() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reuse.ok();

        // deletions that end when the last finalizer goes: one a user's controller held, and kubectl's foreground cascade
        kubectl.runWithInput("""
                apiVersion: v1
                kind: Service
                metadata: {name: np-held, finalizers: [example.com/hold]}
                spec: {type: NodePort, ports: [{port: 80, nodePort: 30004}]}
                """, "create", "-f", "-").ok();
        kubectl.run("delete", "service", "np-held", "--wait=false").ok();
        kubectl.run("patch", "service", "np-held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();
        assertTrue(kubectl.run("get", "service", "np-held").stderr().contains("NotFound"), "gone with its last finalizer");
        kubectl.run("create", "service", "nodeport", "np-after-finalizer", "--tcp=80:8080", "--node-port=30004").ok();

        kubectl.run("create", "service", "nodeport", "np-foreground", "--tcp=80:8080", "--node-port=30005").ok();
        kubectl.run("delete", "service", "np-foreground", "--cascade=foreground", "--timeout=30s").ok();
        kubectl.run("create", "service", "nodeport", "np-after-foreground", "--tcp=80:8080", "--node-port=30005").ok();
    }

    @Test
    void podsGetTheirServiceAccountAndItsTokenVolumeAsInKubernetes() {
        kubectl.run("run", "app", "--image=nginx:1.27").ok();
        assertEquals("default", kubectl.run("get", "pod", "app", "-o", "jsonpath={.spec.serviceAccountName}").ok().stdout());
        String mount = kubectl.run("get", "pod", "app", "-o", "jsonpath={.spec.containers[0].volumeMounts[0].mountPath}").ok().stdout();
        assertEquals("/var/run/secrets/kubernetes.io/serviceaccount", mount);
        String volume = kubectl.run("get", "pod", "app", "-o", "jsonpath={.spec.volumes[0].name}").ok().stdout();
        assertTrue(volume.startsWith("kube-api-access-"), volume);
        assertEquals("token", kubectl.run("get", "pod", "app", "-o",
                "jsonpath={.spec.volumes[0].projected.sources[0].serviceAccountToken.path}").ok().stdout());

        Kubectl.Result missing = kubectl.run("run", "orphan", "--image=nginx:1.27", "--overrides",
                "{\"spec\":{\"serviceAccountName\":\"ghost\"}}");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("error looking up service account default/ghost: serviceaccount \"ghost\" not found"),
                missing.stderr());
        kubectl.run("run", "quiet", "--image=nginx:1.27", "--overrides", "{\"spec\":{\"automountServiceAccountToken\":false}}").ok();
        assertEquals("", kubectl.run("get", "pod", "quiet", "-o", "jsonpath={.spec.volumes}").ok().stdout(), "opted out");
    }

    @Test
    void nodePortsComeFromTheNodePortRangeAndAreUnique() {
        kubectl.run("create", "service", "nodeport", "np-a", "--tcp=80:8080").ok();
        long port = Long.parseLong(kubectl.run("get", "service", "np-a", "-o", "jsonpath={.spec.ports[0].nodePort}").ok().stdout());
        assertTrue(port >= 30000 && port <= 32767, "node port " + port);
        kubectl.run("create", "service", "nodeport", "np-b", "--tcp=80:8080", "--node-port=30055").ok();
        Kubectl.Result clash = kubectl.run("create", "service", "nodeport", "np-c", "--tcp=80:8080", "--node-port=30055");
        assertTrue(clash.stderr().contains("spec.ports[0].nodePort: Invalid value: 30055: provided port is already allocated"),
                clash.stderr());
        assertNotEquals(0, kubectl.run("get", "service", "np-c").exitCode(), "nothing half-created");
    }

    @Test
    void typeChangesAllocateWhatTheNewTypeNeedsAndReleaseTheRest() {
        kubectl.run("create", "service", "clusterip", "flip", "--tcp=80:8080").ok();
        String ip = kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.clusterIP}").ok().stdout();
        kubectl.run("patch", "service", "flip", "-p", "{\"spec\":{\"type\":\"NodePort\"}}").ok();
        String port = kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.ports[0].nodePort}").ok().stdout();
        assertTrue(Long.parseLong(port) >= 30000 && Long.parseLong(port) <= 32767, "node port " + port);
        String table = kubectl.run("get", "service", "flip").ok().stdout();
        assertTrue(table.contains("NodePort") && table.contains(ip) && table.contains("80:" + port + "/TCP"), table);

        Kubectl.Result clash = kubectl.run("create", "service", "nodeport", "flop", "--tcp=80:8080", "--node-port=" + port);
        assertTrue(clash.stderr().contains("spec.ports[0].nodePort: Invalid value: " + port + ": provided port is already allocated"),
                clash.stderr());
        kubectl.run("patch", "service", "flip", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}").ok();
        assertEquals("", kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.ports[0].nodePort}{.spec.externalTrafficPolicy}")
                .ok().stdout(), "node port and traffic policy go with the type");
        kubectl.run("create", "service", "nodeport", "flop", "--tcp=80:8080", "--node-port=" + port).ok();

        kubectl.run("patch", "service", "flip", "-p", "{\"spec\":{\"type\":\"ExternalName\",\"externalName\":\"example.com\"}}").ok();
        assertEquals("", kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.clusterIP}").ok().stdout());
        kubectl.run("create", "service", "clusterip", "heir", "--tcp=80:8080", "--clusterip=" + ip).ok();
        kubectl.run("patch", "service", "flip", "-p",
                "{\"spec\":{\"type\":\"LoadBalancer\",\"externalName\":null,\"externalTrafficPolicy\":\"Local\"}}").ok();
        String fresh = kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.clusterIP}").ok().stdout();
        assertTrue(fresh.startsWith("10.") && !fresh.equals(ip), fresh);
        assertTrue(Long.parseLong(kubectl.run("get", "service", "flip", "-o", "jsonpath={.spec.healthCheckNodePort}").ok().stdout())
                >= 30000, "a Local LoadBalancer gets a health check node port");

        Kubectl.Result taken = kubectl.run("patch", "service", "heir", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/type\",\"value\":\"NodePort\"},"
                        + "{\"op\":\"add\",\"path\":\"/spec/ports/0/nodePort\",\"value\":" + port + "}]");
        assertNotEquals(0, taken.exitCode());
        assertTrue(taken.stderr().contains("Service \"heir\" is invalid: spec.ports[0].nodePort: Invalid value: " + port
                + ": provided port is already allocated"), taken.stderr());
        assertEquals("ClusterIP", kubectl.run("get", "service", "heir", "-o", "jsonpath={.spec.type}").ok().stdout(), "nothing changed");
    }

    @Test
    void aTypeChangeCountsAgainstTheNodePortQuota() throws InterruptedException {
        kubectl.run("create", "namespace", "capped").ok();
        kubectl.run("create", "quota", "ports", "-n", "capped", "--hard=services.nodeports=1").ok();
        kubectl.run("create", "service", "nodeport", "first", "-n", "capped", "--tcp=80:8080").ok();
        kubectl.run("create", "service", "clusterip", "second", "-n", "capped", "--tcp=80:8080").ok();
        Kubectl.Result refused = kubectl.run("patch", "service", "second", "-n", "capped", "-p", "{\"spec\":{\"type\":\"NodePort\"}}");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("services \"second\" is forbidden: exceeded quota: ports, requested: services.nodeports=1,"
                + " used: services.nodeports=1, limited: services.nodeports=1"), refused.stderr());
        assertEquals("ClusterIP", kubectl.run("get", "service", "second", "-n", "capped", "-o", "jsonpath={.spec.type}").ok().stdout());

        kubectl.run("patch", "service", "first", "-n", "capped", "-p", "{\"spec\":{\"type\":\"ClusterIP\"}}").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!kubectl.run("get", "quota", "ports", "-n", "capped", "-o", "jsonpath={.status.used.services\\.nodeports}").ok()
                .stdout().equals("0")) {
            assertTrue(System.nanoTime() < deadline, "the quota counts the node port given up");
            Thread.sleep(200);
        }
        kubectl.run("patch", "service", "second", "-n", "capped", "-p", "{\"spec\":{\"type\":\"NodePort\"}}").ok();
    }
}
