package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** kubectl diff, describe, explain and chunked get against a workspace, with the real kubectl 1.35. */
@ExtendWith(SharedKubicle.class)
class KubectlToolsIT {
    @TempDir
    static Path dir;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        kubectl = new Kubectl(SharedKubicle.provision("tools"), dir.resolve("cache"));
        kubectl.run("create", "namespace", "diffs").ok();
    }

    private static String configMap(String name, String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: diffs\ndata:\n  a: \"" + value
                + "\"\n";
    }

    private static String get(String jsonpath, String... target) {
        List<String> args = new java.util.ArrayList<>(List.of("get"));
        args.addAll(List.of(target));
        args.addAll(List.of("-n", "diffs", "-o", "jsonpath=" + jsonpath));
        return kubectl.run(args.toArray(String[]::new)).ok().stdout();
    }

    @Test
    void diffIsADryRunThatShowsTheChangedFieldAndWritesNothing() {
        kubectl.runWithInput(configMap("client", "1"), "apply", "-f", "-").ok();
        String rv = get("{.metadata.resourceVersion}", "cm", "client");

        Kubectl.Result same = kubectl.runWithInput(configMap("client", "1"), "diff", "-f", "-");
        assertEquals(0, same.exitCode(), same.stderr() + same.stdout());
        assertEquals("", same.stdout());
        Kubectl.Result changed = kubectl.runWithInput(configMap("client", "2"), "diff", "-f", "-");
        assertEquals(1, changed.exitCode(), changed.stderr() + changed.stdout());
        assertTrue(changed.stdout().contains("\n-  a: \"1\"\n+  a: \"2\"\n"), changed.stdout());
        Kubectl.Result created = kubectl.runWithInput(configMap("fresh", "1"), "diff", "-f", "-");
        assertEquals(1, created.exitCode(), created.stderr() + created.stdout());
        assertTrue(created.stdout().contains("+  name: fresh"), created.stdout());

        assertEquals(rv + " 1", get("{.metadata.resourceVersion} {.data.a}", "cm", "client"), "diff wrote the object");
        assertNotEquals(0, kubectl.run("get", "cm", "fresh", "-n", "diffs").exitCode(), "diff created the object");
    }

    @Test
    void diffOfADefaultedDeploymentShowsOnlyWhatTheChangeWouldDo() throws Exception {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: diffs
                spec:
                  replicas: 2
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.27
                """;
        kubectl.runWithInput(deployment, "apply", "-f", "-").ok();
        // the dry run defaults the object exactly as the stored one was defaulted, so nothing differs
        Kubectl.Result same = kubectl.runWithInput(deployment, "diff", "-f", "-");
        assertEquals(0, same.exitCode(), same.stdout() + same.stderr());
        Kubectl.Result newImage = kubectl.runWithInput(deployment.replace("nginx:1.27", "nginx:1.28"), "diff", "-f", "-");
        assertEquals(1, newImage.exitCode(), newImage.stderr());
        assertTrue(newImage.stdout().contains("\n-  generation: 1\n+  generation: 2\n"), newImage.stdout());
        assertTrue(newImage.stdout().contains("\n-      - image: nginx:1.27\n+      - image: nginx:1.28\n"), newImage.stdout());
        assertEquals("1 nginx:1.27", get("{.metadata.generation} {.spec.template.spec.containers[0].image}",
                "deployment", "web"));
    }

    @Test
    void serverSideDiffAppliesInDryRunWithConflictDetection() {
        kubectl.runWithInput(configMap("ssa", "1"), "apply", "--server-side", "-f", "-").ok();
        String rv = get("{.metadata.resourceVersion}", "cm", "ssa");

        Kubectl.Result same = kubectl.runWithInput(configMap("ssa", "1"), "diff", "--server-side", "-f", "-");
        assertEquals(0, same.exitCode(), same.stderr() + same.stdout());
        Kubectl.Result changed = kubectl.runWithInput(configMap("ssa", "2"), "diff", "--server-side", "-f", "-");
        assertEquals(1, changed.exitCode(), changed.stderr() + changed.stdout());
        assertTrue(changed.stdout().contains("\n-  a: \"1\"\n+  a: \"2\"\n"), changed.stdout());
        assertEquals(rv + " 1", get("{.metadata.resourceVersion} {.data.a}", "cm", "ssa"));

        // a field owned by client-side apply conflicts for the "kubectl" apply manager, as in kube-apiserver
        kubectl.runWithInput(configMap("csa", "1"), "apply", "-f", "-").ok();
        Kubectl.Result conflict = kubectl.runWithInput(configMap("csa", "2"), "diff", "--server-side", "-f", "-");
        assertTrue(conflict.exitCode() > 1, conflict.stderr() + conflict.stdout());
        assertTrue(conflict.stderr().contains("Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\"")
                && conflict.stderr().contains(".data.a"), conflict.stderr());
        Kubectl.Result forced = kubectl.runWithInput(configMap("csa", "2"), "diff", "--server-side", "--force-conflicts",
                "-f", "-");
        assertEquals(1, forced.exitCode(), forced.stderr() + forced.stdout());
        assertEquals("1", get("{.data.a}", "cm", "csa"));
    }

    @Test
    void deleteCollectionHonoursTheDeleteOptionsBody() throws Exception {
        kubectl.run("create", "namespace", "sweep").ok();
        kubectl.run("create", "configmap", "a", "-n", "sweep").ok();
        kubectl.run("create", "configmap", "b", "-n", "sweep").ok();
        kubectl.run("label", "configmap", "b", "-n", "sweep", "doomed=yes").ok();
        Path dryRun = java.nio.file.Files.writeString(dir.resolve("dry-run.json"),
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"All\"]}");
        String wouldGo = kubectl.run("delete", "--raw", "/api/v1/namespaces/sweep/configmaps", "-f", dryRun.toString())
                .ok().stdout();
        assertTrue(wouldGo.contains("\"kind\":\"ConfigMapList\"") && wouldGo.contains("\"name\":\"a\""), wouldGo);
        assertEquals("configmap/a\nconfigmap/b\nconfigmap/kube-root-ca.crt\n",
                kubectl.run("get", "configmaps", "-n", "sweep", "-o", "name").ok().stdout(), "a dry run deleted objects");
        kubectl.run("delete", "--raw", "/api/v1/namespaces/sweep/configmaps?labelSelector=doomed%3Dyes").ok();
        assertEquals("configmap/a\nconfigmap/kube-root-ca.crt\n",
                kubectl.run("get", "configmaps", "-n", "sweep", "-o", "name").ok().stdout());
    }

    private static String event(String name, String kind, String object, String uid, String reason, String message) {
        return """
                apiVersion: v1
                kind: Event
                metadata:
                  name: %s
                  namespace: described
                involvedObject:
                  apiVersion: %s
                  kind: %s
                  name: %s
                  namespace: described
                  uid: "%s"
                reason: %s
                message: %s
                type: Normal
                source:
                  component: e2e-test
                firstTimestamp: "2026-01-01T00:00:00Z"
                lastTimestamp: "2026-01-01T00:00:00Z"
                count: 2
                """.formatted(name, kind.equals("Deployment") ? "apps/v1" : "v1", kind, object, uid, reason, message);
    }

    private static String uid(String kind, String name) {
        return kubectl.run("get", kind, name, "-n", "described", "-o", "jsonpath={.metadata.uid}").ok().stdout();
    }

    @Test
    void describeFindsEventsThroughInvolvedObjectFieldSelectors() {
        kubectl.run("create", "namespace", "described").ok();
        kubectl.run("run", "lonely", "-n", "described", "--image=nginx:1.27").ok(); // no node will ever run it
        kubectl.run("create", "deployment", "web", "-n", "described", "--image=nginx:1.27").ok();
        kubectl.run("create", "service", "clusterip", "web", "-n", "described", "--tcp=80:8080").ok();
        kubectl.run("create", "configmap", "settings", "-n", "described", "--from-literal=k=v").ok();
        String podUid = uid("pod", "lonely");
        kubectl.runWithInput(event("lonely.1", "Pod", "lonely", podUid, "FailedScheduling", "no nodes available"),
                "create", "-f", "-").ok();
        // same name, earlier incarnation: describe filters by uid too, so this one must not show
        kubectl.runWithInput(event("lonely.0", "Pod", "lonely", "00000000-0000-0000-0000-000000000000", "Stale",
                "from a deleted pod"), "create", "-f", "-").ok();
        kubectl.runWithInput(event("web.1", "Deployment", "web", uid("deployment", "web"), "ScalingReplicaSet",
                "Scaled up replica set web-1 to 1"), "create", "-f", "-").ok();

        String selector = "involvedObject.name=lonely,involvedObject.namespace=described,involvedObject.kind=Pod,"
                + "involvedObject.uid=" + podUid;
        assertEquals("event/lonely.1\n", kubectl.run("get", "events", "-n", "described", "--field-selector", selector,
                "-o", "name").ok().stdout());

        String pod = kubectl.run("describe", "pod", "lonely", "-n", "described").ok().stdout();
        assertTrue(has(pod, "Name:\\s+lonely") && has(pod, "Node:\\s+<none>"), pod);
        assertTrue(has(pod, "Normal\\s+FailedScheduling\\s+\\S+ \\(x2 over \\S+\\)\\s+e2e-test\\s+no nodes available"), pod);
        assertFalse(pod.contains("Stale"), pod);
        String deployment = kubectl.run("describe", "deployment", "web", "-n", "described").ok().stdout();
        assertTrue(deployment.contains("Replicas:") && deployment.contains("ScalingReplicaSet")
                && deployment.contains("Scaled up replica set web-1 to 1"), deployment);
        String service = kubectl.run("describe", "service", "web", "-n", "described").ok().stdout();
        assertTrue(has(service, "TargetPort:\\s+8080/TCP") && has(service, "Events:\\s+<none>"), service);
        String configMap = kubectl.run("describe", "configmap", "settings", "-n", "described").ok().stdout();
        assertTrue(configMap.contains("Data\n====\nk:\n----\nv"), configMap);
        kubectl.run("create", "secret", "generic", "pw", "-n", "described", "--from-literal=k=v").ok();
        kubectl.run("create", "job", "once", "-n", "described", "--image=busybox").ok();
        kubectl.run("create", "role", "reader", "-n", "described", "--verb=get", "--resource=pods").ok();
        for (String other : new String[] {"secret/pw", "serviceaccount/default", "job/once", "role/reader"}) {
            String described = kubectl.run("describe", other, "-n", "described").ok().stdout();
            assertTrue(has(described, "^Name:\\s+" + other.substring(other.indexOf('/') + 1) + "$"), described);
        }
        String namespace = kubectl.run("describe", "namespace", "described").ok().stdout();
        assertTrue(has(namespace, "Status:\\s+Active") && namespace.contains("No resource quota."), namespace);
    }

    private static boolean has(String text, String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find();
    }

    @Test
    void explainReadsTheServedOpenApi() {
        String replicas = kubectl.run("explain", "deployment.spec.replicas").ok().stdout();
        assertTrue(replicas.contains("GROUP:      apps") && replicas.contains("FIELD: replicas <integer>")
                && replicas.contains("Number of desired pods."), replicas);
        String recursive = kubectl.run("explain", "pods", "--recursive").ok().stdout();
        assertTrue(recursive.lines().anyMatch("    containers\t<[]Container> -required-"::equals), recursive);
        assertTrue(recursive.lines().anyMatch("    restartPolicy\t<string>"::equals), recursive);
        Kubectl.Result missing = kubectl.run("explain", "pods.spec.nope");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("field \"nope\" does not exist"), missing.stderr());
    }

    @Test
    void chunkedGetPagesThroughFiftyConfigMapsWithContinueTokens() {
        kubectl.run("create", "namespace", "chunks").ok();
        String fifty = IntStream.rangeClosed(1, 50).mapToObj(i -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m" + i
                + "\n  namespace: chunks\ndata:\n  i: \"" + i + "\"\n").collect(Collectors.joining("---\n"));
        assertEquals(50, kubectl.runWithInput(fifty, "create", "-f", "-").ok().stdout().lines().count());

        Kubectl.Result paged = kubectl.run("get", "configmaps", "-n", "chunks", "--chunk-size=7", "-o", "name", "-v=6").ok();
        List<String> names = paged.stdout().lines().filter(l -> l.matches("configmap/m\\d+")).toList();
        assertEquals(50, names.size(), paged.stdout());
        assertEquals(50, names.stream().distinct().count(), "a configmap was listed twice: " + paged.stdout());
        // 51 objects (with kube-root-ca.crt) in pages of 7: the first request and seven with a continue token
        List<String> requests = paged.stderr().lines().filter(l -> l.contains("\"Response\" verb=\"GET\"")
                && l.contains("/namespaces/chunks/configmaps?")).toList();
        assertEquals(8, requests.size(), paged.stderr());
        assertEquals(7, requests.stream().filter(l -> l.contains("continue=") && l.contains("limit=7")).count(),
                paged.stderr());

        String table = kubectl.run("get", "configmaps", "-n", "chunks", "--chunk-size=7").ok().stdout();
        assertEquals(1, table.lines().filter(l -> l.startsWith("NAME ")).count(), "one header across pages:\n" + table);
        assertEquals(51, table.lines().filter(l -> l.matches("(m\\d+|kube-root-ca\\.crt)\\s+1\\s+\\S+")).count(), table);
    }
}
