package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubicle.certs.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kubicle ws} CLI, run from the real jar against the real server, as a CI pipeline uses it. */
class WorkspaceCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static KubicleProcess server;
    static KubicleCli cli;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"));
        cli = new KubicleCli(Map.of("KUBICLE_KUBECONFIG", server.kubeconfig().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void createUseListGetDelete() throws Exception {
        Path file = dir.resolve("ci.kubeconfig");
        KubicleCli.Result created = cli.run("ws", "create", "ci-run-1", "--ttl", "30m", "--pod-security", "restricted",
                "-o", file.toString()).ok();
        assertEquals("", created.stdout());
        assertTrue(created.stderr().matches("(?s).*workspace \"ci-run-1\" ready in \\d+ ms: " + server.url()
                + "/clusters/ci-run-1, expires \\d{4}-.*Z, kubeconfig written to .*\n"), created.stderr());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Kubectl tenant = new Kubectl(file, dir.resolve("cache-ci"));
        String namespaces = tenant.run("get", "ns", "-o", "name").ok().stdout();
        assertTrue(namespaces.contains("namespace/default"), namespaces);
        tenant.run("create", "configmap", "from-ci").ok();

        String table = cli.run("ws", "list").ok().stdout();
        assertTrue(table.startsWith("NAME"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("ci-run-1\\s+Ready\\s+" + server.url()
                + "/clusters/ci-run-1\\s+(29m\\d*s?|30m)\\s+\\d+s")), table);

        JsonNode ws = JSON.readTree(cli.run("ws", "get", "ci-run-1", "-o", "json").ok().stdout());
        assertEquals("Workspace", ws.path("kind").asText());
        assertEquals("30m", ws.path("spec").path("ttl").asText());
        assertEquals("restricted", ws.path("spec").path("podSecurity").asText());
        assertEquals("Ready", ws.path("status").path("phase").asText());

        assertEquals("workspaces.tenancy.kubicle.io \"ci-run-1\" deleted\n",
                cli.run("ws", "delete", "ci-run-1", "--wait").ok().stdout());
        KubicleCli.Result gone = cli.run("ws", "get", "ci-run-1");
        assertEquals(1, gone.exitCode());
        assertEquals("Error from server (NotFound): workspaces.tenancy.kubicle.io \"ci-run-1\" not found\n", gone.stderr());
        assertNotEquals(0, tenant.run("get", "ns").exitCode(), "its credentials died with it");
    }

    @Test
    void generatedNamesKubeconfigOnStdoutAndTheKubeconfigCommand() throws Exception {
        KubicleCli.Result created = cli.run("ws", "create", "--generate-name", "ci-", "--gpus", "2").ok();
        assertTrue(created.stdout().startsWith("apiVersion: v1"), created.stdout());
        String name = created.stderr().replaceFirst("(?s)^.*workspace \"([^\"]+)\" ready.*$", "$1");
        assertTrue(name.matches("ci-[a-z0-9]{5}"), created.stderr());
        assertTrue(created.stderr().contains(", never expires"), created.stderr());

        JsonNode ws = JSON.readTree(cli.run("ws", "get", name, "-o", "json").ok().stdout());
        assertEquals("2", ws.path("spec").path("quota").path("hard").path("requests.nvidia.com/gpu").asText());

        Path again = dir.resolve("again.kubeconfig");
        cli.run("ws", "kubeconfig", name, "-o", again.toString()).ok();
        new Kubectl(again, dir.resolve("cache-again")).run("get", "ns", "default").ok();
        cli.run("ws", "delete", name).ok();
    }

    @Test
    void expectedFailuresAreMessagesWithExitCodes() throws Exception {
        cli.run("ws", "create", "twice").ok();
        KubicleCli.Result dup = cli.run("ws", "create", "twice");
        assertEquals(1, dup.exitCode());
        assertEquals("Error from server (AlreadyExists): workspaces.tenancy.kubicle.io \"twice\" already exists\n", dup.stderr());

        KubicleCli.Result badTtl = cli.run("ws", "create", "bad-ttl", "--ttl", "soon");
        assertEquals(1, badTtl.exitCode());
        assertTrue(badTtl.stderr().startsWith("Error from server (Invalid): ") && badTtl.stderr().contains("spec.ttl"), badTtl.stderr());

        Path missing = dir.resolve("no-such.kubeconfig");
        KubicleCli.Result noConfig = cli.run("ws", "list", "--kubeconfig", missing.toString());
        assertEquals(1, noConfig.exitCode());
        assertEquals("error: kubeconfig " + missing + " does not exist (choose one with --kubeconfig, KUBICLE_KUBECONFIG"
                + " or KUBECONFIG)\n", noConfig.stderr());

        String foreignCa = Base64.getEncoder().encodeToString(CertificateAuthority.create("someone-else", Duration.ofDays(1))
                .certificatePem().getBytes(StandardCharsets.UTF_8));
        Path wrongCa = dir.resolve("wrong-ca.kubeconfig");
        Files.writeString(wrongCa, Files.readString(server.kubeconfig())
                .replaceFirst("certificate-authority-data: \"?[A-Za-z0-9+/=]+\"?", "certificate-authority-data: " + foreignCa));
        KubicleCli.Result untrusted = cli.run("ws", "list", "--kubeconfig", wrongCa.toString());
        assertEquals(1, untrusted.exitCode());
        assertTrue(untrusted.stderr().startsWith("error: TLS with the Kubicle server at " + server.url() + " failed: ")
                && untrusted.stderr().endsWith("(does the kubeconfig's certificate-authority-data belong to this server?)\n"),
                untrusted.stderr());

        KubicleCli.Result usage = cli.run("ws", "create");
        assertEquals(2, usage.exitCode());
        assertFalse(usage.stderr().contains("Exception"), usage.stderr());
    }

    /** A CI system holding a ServiceAccount token of the root workspace rather than a client certificate. */
    @Test
    void aBearerTokenKubeconfigWorks() throws Exception {
        Kubectl root = new Kubectl(server.kubeconfig(), dir.resolve("cache-root"));
        root.run("create", "serviceaccount", "ci", "-n", "default").ok();
        root.run("create", "clusterrolebinding", "ci-admin", "--clusterrole=cluster-admin", "--serviceaccount=default:ci").ok();
        String token = root.run("create", "token", "ci", "-n", "default", "--duration", "20m").ok().stdout().strip();
        String ca = Files.readString(server.kubeconfig()).replaceFirst("(?s)^.*certificate-authority-data: \"?([A-Za-z0-9+/=]+).*$", "$1");
        Path file = dir.resolve("token.kubeconfig");
        Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + server.url()
                + "/clusters/root\n    certificate-authority-data: " + ca + "\nusers:\n- name: ci\n  user:\n    token: " + token
                + "\ncontexts:\n- name: x\n  context: {cluster: c, user: ci}\ncurrent-context: x\n");
        KubicleCli asCi = new KubicleCli(Map.of("KUBECONFIG", file.toString()));
        asCi.run("ws", "create", "by-token", "-o", dir.resolve("by-token.kubeconfig").toString()).ok();
        assertTrue(asCi.run("ws", "list", "-o", "name").ok().stdout().contains("workspace.tenancy.kubicle.io/by-token\n"));
        asCi.run("ws", "delete", "by-token", "--wait").ok();
    }

    @Test
    void aTenantKubeconfigCannotManageWorkspaces() throws Exception {
        Path tenantConfig = dir.resolve("tenant.kubeconfig");
        cli.run("ws", "create", "tenant-x", "-o", tenantConfig.toString()).ok();
        // the tenant's URL points into its own workspace; its certificate is not valid in root
        KubicleCli.Result refused = new KubicleCli(Map.of("KUBECONFIG", tenantConfig.toString())).run("ws", "list");
        assertEquals(1, refused.exitCode());
        assertEquals("error: You must be logged in to the server (Unauthorized)\n", refused.stderr());
    }
}
