package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes API of a workspace, driven by the real kubectl 1.35 as a tenant would. */
class KubectlApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static KubicleProcess server;
    static Kubectl kubectl;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        kubectl = new Kubectl(server.kubeconfig(), dir.resolve("cache"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode json(Kubectl.Result r) throws Exception {
        return JSON.readTree(r.ok().stdout());
    }

    @Test
    void discoveryServesEveryBuiltinGroup() {
        String resources = kubectl.run("api-resources").ok().stdout();
        for (String row : new String[] {"pods", "deployments", "customresourcedefinitions", "roles", "leases", "ingresses"}) {
            assertTrue(resources.lines().anyMatch(l -> l.startsWith(row + " ")), row + " missing:\n" + resources);
        }
        assertTrue(resources.lines().anyMatch(l -> l.matches("pods\\s+po\\s+v1\\s+true\\s+Pod")), resources);
        String versions = kubectl.run("api-versions").ok().stdout();
        assertTrue(versions.contains("apps/v1") && versions.contains("batch/v1") && versions.lines().anyMatch("v1"::equals),
                versions);
    }

    @Test
    void systemNamespacesAndTheirDefaultsExist() throws Exception {
        String namespaces = kubectl.run("get", "namespaces", "-o", "name").ok().stdout();
        for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
            assertTrue(namespaces.contains("namespace/" + ns), namespaces);
        }
        assertEquals("default", kubectl.run("get", "serviceaccount", "default", "-n", "kube-system", "-o",
                "jsonpath={.metadata.name}").ok().stdout());
        assertTrue(kubectl.run("get", "configmap", "kube-root-ca.crt", "-o", "jsonpath={.data.ca\\.crt}").ok().stdout()
                .startsWith("-----BEGIN CERTIFICATE-----"));
        Kubectl.Result refused = kubectl.run("delete", "namespace", "kube-system");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("forbidden"), refused.stderr());
    }

    @Test
    void createGeneratorsSendProtobufAndWork() throws Exception {
        kubectl.run("create", "namespace", "gen").ok();
        kubectl.run("create", "configmap", "cfg", "-n", "gen", "--from-literal=a=1", "--from-literal=b=2").ok();
        kubectl.run("create", "secret", "generic", "pw", "-n", "gen", "--from-literal=password=s3cret").ok();
        kubectl.run("create", "deployment", "web", "-n", "gen", "--image=nginx:1.27", "--replicas=2").ok();
        kubectl.run("create", "service", "clusterip", "web", "-n", "gen", "--tcp=80:8080").ok();
        kubectl.run("create", "job", "once", "-n", "gen", "--image=busybox").ok();
        kubectl.run("create", "serviceaccount", "robot", "-n", "gen").ok();
        JsonNode cm = json(kubectl.run("get", "configmap", "cfg", "-n", "gen", "-o", "json"));
        assertEquals("1", cm.at("/data/a").asText());
        assertFalse(cm.at("/metadata/uid").asText().isEmpty());
        assertFalse(cm.at("/metadata/resourceVersion").asText().isEmpty());
        assertEquals("czNjcmV0", kubectl.run("get", "secret", "pw", "-n", "gen", "-o", "jsonpath={.data.password}")
                .ok().stdout());
        JsonNode deploy = json(kubectl.run("get", "deployment", "web", "-n", "gen", "-o", "json"));
        assertEquals(2, deploy.at("/spec/replicas").asInt());
        assertEquals("nginx:1.27", deploy.at("/spec/template/spec/containers/0/image").asText());
        assertEquals(1, deploy.at("/metadata/generation").asInt());
        assertEquals("8080", kubectl.run("get", "service", "web", "-n", "gen", "-o",
                "jsonpath={.spec.ports[0].targetPort}").ok().stdout());
        Kubectl.Result again = kubectl.run("create", "configmap", "cfg", "-n", "gen");
        assertNotEquals(0, again.exitCode());
        assertTrue(again.stderr().contains("configmaps \"cfg\" already exists"), again.stderr());
    }

    @Test
    void writeAnswersAreTheObjectAsStoredWithItsResourceVersion() throws Exception {
        kubectl.run("create", "namespace", "answers").ok();
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: answers\n"
                + "spec:\n  containers:\n  - name: c\n    image: busybox\n";
        JsonNode created = json(kubectl.runWithInput(pod, "create", "-f", "-", "-o", "json"));
        assertFalse(created.path("metadata").path("resourceVersion").asText().isEmpty());
        assertEquals(json(kubectl.run("get", "pod", "p", "-n", "answers", "-o", "json")), created);

        JsonNode patched = json(kubectl.run("patch", "pod", "p", "-n", "answers", "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"phase\":\"Running\"}}", "-o", "json"));
        assertEquals("Running", patched.path("status").path("phase").asText());
        assertNotEquals(created.path("metadata").path("resourceVersion"), patched.path("metadata").path("resourceVersion"));
        assertEquals(json(kubectl.run("get", "pod", "p", "-n", "answers", "-o", "json")), patched);

        JsonNode labeled = json(kubectl.run("patch", "pod", "p", "-n", "answers", "--type=merge",
                "-p", "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}", "-o", "json"));
        assertEquals("web", labeled.path("metadata").path("labels").path("tier").asText());
        assertEquals(json(kubectl.run("get", "pod", "p", "-n", "answers", "-o", "json")), labeled);

        // a list is written from the stored bytes too: the same objects as GET shows them, in pages, filtered by fields
        kubectl.runWithInput(pod.replace("name: p", "name: r"), "create", "-f", "-").ok();
        JsonNode got = json(kubectl.run("get", "pod", "p", "-n", "answers", "-o", "json"));
        JsonNode list = json(kubectl.run("get", "pods", "-n", "answers", "-o", "json", "--chunk-size=1"));
        assertEquals(2, list.path("items").size(), list.toString());
        assertEquals(got, list.path("items").get(0));
        assertEquals("r", list.path("items").get(1).path("metadata").path("name").asText());
        JsonNode raw = json(kubectl.run("get", "--raw", "/api/v1/namespaces/answers/pods?limit=1"));
        assertEquals("PodList", raw.path("kind").asText());
        assertEquals("v1", raw.path("apiVersion").asText());
        assertFalse(raw.path("metadata").path("continue").asText().isEmpty(), raw.toString());
        assertFalse(raw.path("metadata").path("resourceVersion").asText().isEmpty(), raw.toString());
        assertEquals(json(kubectl.run("get", "--raw", "/api/v1/namespaces/answers/pods/p")), raw.path("items").get(0));
        JsonNode none = json(kubectl.run("get", "--raw", "/api/v1/namespaces/answers/pods?labelSelector=nothing%3Dhere"));
        assertTrue(none.path("items").isArray() && none.path("items").isEmpty(), none.toString());
        JsonNode selected = json(kubectl.run("get", "pods", "-n", "answers", "-o", "json", "--field-selector=metadata.name=r"));
        assertEquals(1, selected.path("items").size(), selected.toString());
        assertEquals(list.path("items").get(1), selected.path("items").get(0));

        JsonNode dryRun = json(kubectl.runWithInput(pod.replace("name: p", "name: q"), "create", "--dry-run=server", "-f", "-",
                "-o", "json"));
        assertEquals("q", dryRun.path("metadata").path("name").asText());
        assertNotEquals(0, kubectl.run("get", "pod", "q", "-n", "answers").exitCode(), "a dry run stores nothing");
    }

    @Test
    void getPrintsTablesNamesJsonpathAndSelectors() {
        kubectl.run("create", "namespace", "tables").ok();
        for (int i = 0; i < 7; i++) {
            kubectl.run("create", "configmap", "c" + i, "-n", "tables", "--from-literal=k=v").ok();
            kubectl.run("label", "configmap", "c" + i, "-n", "tables", "idx=" + (i % 2 == 0 ? "even" : "odd")).ok();
        }
        String table = kubectl.run("get", "configmaps", "-n", "tables").ok().stdout();
        assertTrue(table.lines().findFirst().orElse("").matches("NAME\\s+DATA\\s+AGE"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("c3\\s+1\\s+\\S+")), table);
        String names = kubectl.run("get", "configmaps", "-n", "tables", "-l", "idx=even", "-o", "name").ok().stdout();
        assertEquals("configmap/c0\nconfigmap/c2\nconfigmap/c4\nconfigmap/c6\n", names);
        String chunked = kubectl.run("get", "configmaps", "-n", "tables", "--chunk-size=2", "-o", "name", "-l", "idx").ok().stdout();
        assertEquals(7, chunked.lines().count(), chunked);
        assertEquals("configmap/c5\n", kubectl.run("get", "configmaps", "-n", "tables", "--field-selector",
                "metadata.name=c5", "-o", "name").ok().stdout());
        Kubectl.Result badField = kubectl.run("get", "configmaps", "-n", "tables", "--field-selector", "spec.nope=1");
        assertNotEquals(0, badField.exitCode());
        assertTrue(badField.stderr().contains("field label not supported: spec.nope"), badField.stderr());
        String yaml = kubectl.run("get", "configmap", "c1", "-n", "tables", "-o", "yaml").ok().stdout();
        assertTrue(yaml.contains("kind: ConfigMap") && yaml.contains("idx: odd"), yaml);
    }

    @Test
    void applyCreatesThenIsUnchangedThenConfigures() {
        kubectl.run("create", "namespace", "applied").ok();
        String v1 = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: applied\ndata:\n  mode: a\n";
        assertTrue(kubectl.runWithInput(v1, "apply", "-f", "-").ok().stdout().contains("configmap/settings created"));
        assertTrue(kubectl.runWithInput(v1, "apply", "-f", "-").ok().stdout().contains("configmap/settings unchanged"));
        String v2 = v1.replace("mode: a", "mode: b");
        assertTrue(kubectl.runWithInput(v2, "apply", "-f", "-").ok().stdout().contains("configmap/settings configured"));
        assertEquals("b", kubectl.run("get", "cm", "settings", "-n", "applied", "-o", "jsonpath={.data.mode}").ok().stdout());
        String ssa = v2.replace("settings", "server-side").replace("mode: b", "mode: ssa");
        assertTrue(kubectl.runWithInput(ssa, "apply", "--server-side", "-f", "-").ok().stdout()
                .contains("configmap/server-side serverside-applied"));
        String managers = kubectl.run("get", "cm", "server-side", "-n", "applied", "-o",
                "jsonpath={.metadata.managedFields[*].manager}", "--show-managed-fields").ok().stdout();
        assertTrue(managers.contains("kubectl"), managers);

        // an apply that changes nothing writes nothing, also the first one after the create (kube-apiserver's no-op)
        String pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: same\n  namespace: applied\n  labels: {app: web}\n"
                + "spec:\n  containers: [{name: c, image: busybox}]\n";
        kubectl.runWithInput(pod, "apply", "--server-side", "--field-manager=syncer", "-f", "-").ok();
        String created = kubectl.run("get", "pod", "same", "-n", "applied", "-o", "jsonpath={.metadata.resourceVersion}").ok().stdout();
        for (int i = 0; i < 2; i++) {
            kubectl.runWithInput(pod, "apply", "--server-side", "--field-manager=syncer", "-f", "-").ok();
            assertEquals(created, kubectl.run("get", "pod", "same", "-n", "applied", "-o", "jsonpath={.metadata.resourceVersion}")
                    .ok().stdout(), "apply " + (i + 2) + " wrote an unchanged pod");
        }
    }

    @Test
    void labelAnnotatePatchReplaceAndScale() throws Exception {
        kubectl.run("create", "namespace", "edits").ok();
        kubectl.run("create", "deployment", "app", "-n", "edits", "--image=nginx:1.27").ok();
        kubectl.run("label", "deployment", "app", "-n", "edits", "tier=web").ok();
        kubectl.run("annotate", "deployment", "app", "-n", "edits", "owner=team-a").ok();
        kubectl.run("patch", "deployment", "app", "-n", "edits", "--type=merge", "-p", "{\"spec\":{\"minReadySeconds\":5}}").ok();
        kubectl.run("patch", "deployment", "app", "-n", "edits", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/revisionHistoryLimit\",\"value\":3}]").ok();
        kubectl.run("patch", "deployment", "app", "-n", "edits", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.28\"}]}}}}").ok();
        kubectl.run("scale", "deployment", "app", "-n", "edits", "--replicas=4").ok();
        JsonNode d = json(kubectl.run("get", "deployment", "app", "-n", "edits", "-o", "json"));
        assertEquals("web", d.at("/metadata/labels/tier").asText());
        assertEquals("team-a", d.at("/metadata/annotations/owner").asText());
        assertEquals(5, d.at("/spec/minReadySeconds").asInt());
        assertEquals(3, d.at("/spec/revisionHistoryLimit").asInt());
        assertEquals("nginx:1.28", d.at("/spec/template/spec/containers/0/image").asText());
        assertEquals(1, d.at("/spec/template/spec/containers").size(), "strategic merge keeps one container by name");
        assertEquals(4, d.at("/spec/replicas").asInt());
        assertTrue(d.at("/metadata/generation").asInt() >= 4, "spec changes bump generation: " + d.at("/metadata"));

        String stale = kubectl.run("get", "deployment", "app", "-n", "edits", "-o", "yaml").ok().stdout();
        kubectl.run("label", "deployment", "app", "-n", "edits", "bump=1").ok();
        Kubectl.Result conflict = kubectl.runWithInput(stale, "replace", "-f", "-");
        assertNotEquals(0, conflict.exitCode());
        assertTrue(conflict.stderr().contains("the object has been modified"), conflict.stderr());
        String fresh = kubectl.run("get", "deployment", "app", "-n", "edits", "-o", "yaml").ok().stdout();
        assertTrue(kubectl.runWithInput(fresh.replace("owner: team-a", "owner: team-b"), "replace", "-f", "-").ok()
                .stdout().contains("replaced"));
    }

    @Test
    void deleteNamespaceWithContentsAndWait() {
        kubectl.run("create", "namespace", "doomed").ok();
        kubectl.run("create", "configmap", "x", "-n", "doomed").ok();
        kubectl.run("create", "deployment", "d", "-n", "doomed", "--image=nginx").ok();
        kubectl.run("delete", "configmap", "x", "-n", "doomed", "--wait").ok();
        assertTrue(kubectl.run("delete", "namespace", "doomed", "--wait", "--timeout=60s").ok().stdout()
                .contains("namespace \"doomed\" deleted"));
        Kubectl.Result gone = kubectl.run("get", "namespace", "doomed");
        assertNotEquals(0, gone.exitCode());
        assertTrue(gone.stderr().contains("namespaces \"doomed\" not found"), gone.stderr());
        Kubectl.Result missing = kubectl.run("get", "deployment", "d", "-n", "doomed");
        assertNotEquals(0, missing.exitCode());
    }

    /** The namespace view kept in memory must refuse a create as soon as this server terminated or deleted it. */
    @Test
    void createsIntoTerminatingAndDeletedNamespacesAreRefused() throws Exception {
        kubectl.runWithInput("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: closing\n"
                + "  finalizers: [kubicle.io/test-hold]\n", "create", "-f", "-").ok();
        kubectl.run("create", "configmap", "before", "-n", "closing").ok();
        kubectl.run("create", "configmap", "known", "-n", "closing").ok(); // by now the namespace is known active
        kubectl.run("delete", "namespace", "closing", "--wait=false").ok();
        Kubectl.Result terminating = kubectl.run("create", "configmap", "after", "-n", "closing");
        assertNotEquals(0, terminating.exitCode());
        assertTrue(terminating.stderr().contains(
                "unable to create new content in namespace closing because it is being terminated"), terminating.stderr());

        kubectl.run("patch", "namespace", "closing", "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":null}}").ok();
        kubectl.run("wait", "--for=delete", "namespace/closing", "--timeout=60s").ok();
        Kubectl.Result deleted = kubectl.run("create", "configmap", "late", "-n", "closing");
        assertNotEquals(0, deleted.exitCode());
        assertTrue(deleted.stderr().contains("namespaces \"closing\" not found"), deleted.stderr());
    }

    @Test
    void aDeletedNamespaceWaitsForTheFinalizersOfItsContent() throws Exception {
        kubectl.run("create", "namespace", "held").ok();
        kubectl.run("create", "configmap", "plain", "-n", "held").ok();
        kubectl.runWithInput("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: guarded\n  namespace: held\n"
                + "  finalizers: [example.com/cleanup]\n", "create", "-f", "-").ok();
        kubectl.run("delete", "namespace", "held", "--wait=false").ok();
        kubectl.run("wait", "--for=delete", "configmap/plain", "-n", "held", "--timeout=30s").ok();
        String marked = "";
        for (int i = 0; i < 100 && marked.isEmpty(); i++) {
            Thread.sleep(100);
            marked = kubectl.run("get", "configmap", "guarded", "-n", "held", "-o", "jsonpath={.metadata.deletionTimestamp}").ok().stdout();
        }
        assertFalse(marked.isEmpty(), "the object with a finalizer is marked for deletion, not removed");
        Thread.sleep(1_500);
        assertEquals("Terminating", kubectl.run("get", "namespace", "held", "-o", "jsonpath={.status.phase}").ok().stdout(),
                "the namespace stays while a finalizer holds its content, as on kube");
        kubectl.run("patch", "configmap", "guarded", "-n", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").ok();
        kubectl.run("wait", "--for=delete", "namespace/held", "--timeout=60s").ok();
    }

    private static String child(String name, String ownerName, String ownerUid) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n  namespace: gc\n  ownerReferences:\n"
                + "  - apiVersion: v1\n    kind: ConfigMap\n    name: " + ownerName + "\n    uid: " + ownerUid
                + "\n    blockOwnerDeletion: true\n";
    }

    private static boolean gone(String kind, String name) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (kubectl.run("get", kind, name, "-n", "gc").exitCode() != 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void ownerReferencesAreGarbageCollected() throws Exception {
        kubectl.run("create", "namespace", "gc").ok();
        for (String owner : new String[] {"bg", "fg", "keep"}) {
            kubectl.run("create", "configmap", owner, "-n", "gc").ok();
            String uid = kubectl.run("get", "cm", owner, "-n", "gc", "-o", "jsonpath={.metadata.uid}").ok().stdout();
            kubectl.runWithInput(child(owner + "-child", owner, uid), "apply", "-f", "-").ok();
        }
        kubectl.run("delete", "cm", "bg", "-n", "gc").ok();
        assertTrue(gone("cm", "bg-child"), "background deletion collects the dependent");
        kubectl.run("delete", "cm", "fg", "-n", "gc", "--cascade=foreground").ok();
        assertTrue(gone("cm", "fg-child") && gone("cm", "fg"), "foreground deletion removes dependent, then owner");
        kubectl.run("delete", "cm", "keep", "-n", "gc", "--cascade=orphan").ok();
        assertTrue(gone("cm", "keep"));
        JsonNode orphan = json(kubectl.run("get", "cm", "keep-child", "-n", "gc", "-o", "json"));
        assertTrue(orphan.at("/metadata/ownerReferences").isMissingNode(), "orphaned dependents lose the reference");
    }

    @Test
    void authCanIAndWhoAmI() {
        assertEquals("yes", kubectl.run("auth", "can-i", "create", "deployments").ok().stdout().strip());
        String whoami = kubectl.run("auth", "whoami").ok().stdout();
        assertTrue(whoami.contains("kubicle-admin") && whoami.contains("system:masters"), whoami);
    }
}
