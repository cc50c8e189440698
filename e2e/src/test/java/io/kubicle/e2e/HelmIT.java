package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real helm 4 against a workspace: a chart from {@code helm create} through install, upgrade,
 * history, rollback, status and uninstall. Helm 4 applies manifests server-side (field manager
 * "helm") and keeps releases in Secrets through client-go's typed client, which sends protobuf.
 * No kubelet runs behind Kubicle (pods stay Pending), so Deployments never become available: workload installs run
 * without --wait, and {@link #waitUsesTheStatusWatcherAndReportsWhatIsNotReady} shows both sides of
 * helm's watch-based wait instead.
 */
@ExtendWith(SharedKubicle.class)
class HelmIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Kubectl kubectl;
    static Helm helm;

    @BeforeAll
    static void start() throws Exception {
        Path kubeconfig = SharedKubicle.provision("charts");
        kubectl = new Kubectl(kubeconfig, dir.resolve("cache"));
        helm = new Helm(kubeconfig, dir.resolve("helm-home"));
        assertTrue(helm.run(dir, "create", "mychart").ok().stdout().contains("Creating mychart"));
    }

    private static JsonNode deployment(String ns) throws Exception {
        return JSON.readTree(kubectl.run("get", "deployment", "rel-mychart", "-n", ns, "-o", "json",
                "--show-managed-fields").ok().stdout());
    }

    private static boolean has(String text, String regex) {
        return Pattern.compile(regex, Pattern.MULTILINE).matcher(text).find();
    }

    @Test
    void releaseLifecycleFromInstallToUninstall() throws Exception {
        String installed = helm.run(dir, "install", "rel", "./mychart", "-n", "apps", "--create-namespace").ok().stdout();
        assertTrue(installed.contains("STATUS: deployed") && installed.contains("REVISION: 1"), installed);
        JsonNode first = deployment("apps");
        assertEquals(1, first.at("/spec/replicas").asInt());
        assertEquals("helm", first.at("/metadata/managedFields/0/manager").asText(), "helm 4 applies server-side");
        assertEquals("Apply", first.at("/metadata/managedFields/0/operation").asText());
        assertEquals("rel", first.at("/metadata/annotations/meta.helm.sh~1release-name").asText());
        assertEquals("deployed", kubectl.run("get", "secret", "sh.helm.release.v1.rel.v1", "-n", "apps", "-o",
                "jsonpath={.metadata.labels.status}").ok().stdout());
        assertTrue(has(helm.run(dir, "list", "-n", "apps").ok().stdout(), "^rel\\s+apps\\s+1\\s+.*\\bdeployed\\s+mychart-0\\.1\\.0"));

        String upgraded = helm.run(dir, "upgrade", "rel", "./mychart", "-n", "apps", "--set", "replicaCount=3").ok().stdout();
        assertTrue(upgraded.contains("has been upgraded") && upgraded.contains("REVISION: 2"), upgraded);
        JsonNode second = deployment("apps");
        assertEquals(3, second.at("/spec/replicas").asInt());
        assertEquals(2, second.at("/metadata/generation").asInt());
        String history = helm.run(dir, "history", "rel", "-n", "apps").ok().stdout();
        assertTrue(has(history, "^1\\s+.*\\bsuperseded\\s+mychart-0\\.1\\.0\\s+1\\.16\\.0\\s+Install complete"), history);
        assertTrue(has(history, "^2\\s+.*\\bdeployed\\s+mychart-0\\.1\\.0\\s+1\\.16\\.0\\s+Upgrade complete"), history);

        assertTrue(helm.run(dir, "rollback", "rel", "1", "-n", "apps").ok().stdout().contains("Rollback was a success"));
        assertEquals(1, deployment("apps").at("/spec/replicas").asInt());
        assertTrue(has(helm.run(dir, "history", "rel", "-n", "apps").ok().stdout(), "^3\\s+.*\\bdeployed\\s+.*Rollback to 1"));
        String status = helm.run(dir, "status", "rel", "-n", "apps").ok().stdout();
        assertTrue(status.contains("STATUS: deployed") && status.contains("REVISION: 3"), status);
        assertTrue(has(status, "^==> v1/Deployment\\nNAME\\s+READY.*\\nrel-mychart\\s+0/1\\s"), status);
        assertTrue(has(status, "^==> v1/Service\\nNAME\\s+TYPE.*\\nrel-mychart\\s+ClusterIP\\s"), status);

        assertEquals("release \"rel\" uninstalled\n", helm.run(dir, "uninstall", "rel", "-n", "apps").ok().stdout());
        for (String kind : new String[] {"deployment", "service", "serviceaccount"}) {
            Kubectl.Result gone = kubectl.run("get", kind, "rel-mychart", "-n", "apps");
            assertNotEquals(0, gone.exitCode(), kind + " survived the uninstall");
            assertTrue(gone.stderr().contains("\"rel-mychart\" not found"), gone.stderr());
        }
        assertEquals("", kubectl.run("get", "secrets", "-n", "apps", "-l", "owner=helm", "-o", "name").ok().stdout(),
                "release secrets are purged");
        assertEquals(1, helm.run(dir, "list", "-n", "apps").ok().stdout().lines().count(), "only the header is left");
    }

    @Test
    void waitUsesTheStatusWatcherAndReportsWhatIsNotReady() throws Exception {
        Path chart = dir.resolve("plain");
        helm.run(dir, "create", "plain").ok();
        try (var templates = Files.walk(chart.resolve("templates"))) {
            for (Path t : templates.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(t);
            }
        }
        Files.createDirectory(chart.resolve("templates"));
        Files.writeString(chart.resolve("templates/settings.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-settings
                data:
                  mode: {{ .Values.mode | default "a" | quote }}
                """);
        // objects that are ready once they exist: the watcher sees them Current and install returns
        String ready = helm.run(dir, "install", "cfg", "./plain", "-n", "waits", "--create-namespace", "--wait",
                "--timeout", "30s").ok().stdout();
        assertTrue(ready.contains("STATUS: deployed"), ready);
        assertEquals("a", kubectl.run("get", "cm", "cfg-settings", "-n", "waits", "-o", "jsonpath={.data.mode}").ok().stdout());

        // a Deployment that no controller will ever roll out: the wait must fail, naming it
        Kubectl.Result notReady = helm.run(dir, "install", "rel", "./mychart", "-n", "waits", "--wait", "--timeout", "4s");
        assertNotEquals(0, notReady.exitCode(), notReady.stdout());
        assertTrue(notReady.stderr().contains("resource Deployment/waits/rel-mychart not ready. status: InProgress"),
                notReady.stderr());
        assertTrue(has(helm.run(dir, "list", "-n", "waits", "--failed").ok().stdout(), "^rel\\s+waits\\s+1\\s+.*\\bfailed\\s"));
    }
}
