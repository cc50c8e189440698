package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.certs.CertificateAuthority;
import io.kubicle.certs.CertificateRequest;
import io.kubicle.certs.IssuedCertificate;
import io.kubicle.certs.Kubeconfig;
import io.kubicle.certs.KubeconfigSpec;
import io.kubicle.certs.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFileTest {
    static CertificateAuthority ca;
    static IssuedCertificate admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() {
        ca = CertificateAuthority.create("test-ca", Duration.ofDays(1));
        admin = ca.issue(CertificateRequest.client("admin", List.of("system:masters"), Duration.ofHours(1)));
    }

    /** The kubeconfig the server writes: inline data, an "EC PRIVATE KEY" client key. */
    @Test
    void readsTheAdminKubeconfigTheServerWrites() throws Exception {
        String yaml = Kubeconfig.render(new KubeconfigSpec("kubicle-root", "https://127.0.0.1:6443/clusters/root",
                ca.certificatePem(), "kubicle-admin", admin.certificatePem(), Pem.encodePrivateKeyTraditional(admin), null));
        assertTrue(yaml.contains("client-key-data"));
        ClusterAccess access = KubeconfigFile.parse(Path.of("admin.kubeconfig"), yaml);
        assertEquals("https://127.0.0.1:6443/clusters/root", access.server());
        assertEquals("https://127.0.0.1:6443", access.baseUrl());
        assertEquals(ca.certificate(), Pem.decodeCertificate(access.caPem()));
        assertEquals(admin.certificate(), Pem.decodeCertificate(access.clientCertPem()));
        assertTrue(access.clientKeyPem().contains("EC PRIVATE KEY"), access.clientKeyPem());
        assertNull(access.token());
        assertFalse(access.insecure());
        assertNotNull(ClientTls.context(access));
    }

    @Test
    void aPkcs8KeyWorksToo() {
        ClusterAccess access = new ClusterAccess("https://h", ca.certificatePem(), admin.certificatePem(),
                Pem.encodePrivateKey(admin.privateKey()), null, false);
        assertNotNull(ClientTls.context(access));
    }

    @Test
    void theCurrentContextPicksClusterAndUserAndFilesAreRelativeToTheKubeconfig() throws Exception {
        Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
        Files.writeString(dir.resolve("token"), "secret-token\n");
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: other
                  cluster: {server: "https://other:1/clusters/root"}
                - name: mine
                  cluster:
                    server: https://kubicle.example.com:6443/clusters/root
                    certificate-authority: ca.crt
                users:
                - name: someone
                  user: {token: wrong}
                - name: ci
                  user: {tokenFile: token}
                contexts:
                - name: a
                  context: {cluster: other, user: someone}
                - name: b
                  context: {cluster: mine, user: ci}
                current-context: b
                """;
        Path file = dir.resolve("config");
        Files.writeString(file, yaml);
        ClusterAccess access = KubeconfigFile.load(file);
        assertEquals("https://kubicle.example.com:6443", access.baseUrl());
        assertEquals("secret-token", access.token());
        assertEquals(ca.certificatePem(), access.caPem());
        assertNull(access.clientCertPem());
    }

    @Test
    void aMissingFileIsNamedWithWhereToChooseAnother() {
        Path missing = dir.resolve("nope.kubeconfig");
        CliFailure e = assertThrows(CliFailure.class, () -> KubeconfigFile.load(missing));
        assertEquals("kubeconfig " + missing + " does not exist (choose one with --kubeconfig, KUBICLE_KUBECONFIG or KUBECONFIG)",
                e.getMessage());
    }

    @Test
    void brokenKubeconfigsSayWhatIsWrong() {
        Path p = Path.of("k");
        assertTrue(assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p, "clusters: [")).getMessage()
                .startsWith("kubeconfig k is not valid YAML"));
        assertEquals("kubeconfig k is empty or not a kubeconfig",
                assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p, "")).getMessage());
        assertEquals("kubeconfig k has no current-context", assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p,
                "contexts: [{name: a, context: {}}, {name: b, context: {}}]")).getMessage());
        assertEquals("kubeconfig k: cluster \"c\" is not in clusters", assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p,
                "contexts: [{name: a, context: {cluster: c}}]")).getMessage());
        assertEquals("kubeconfig k: cluster \"c\" has no server", assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p,
                "clusters: [{name: c, cluster: {}}]\ncontexts: [{name: a, context: {cluster: c}}]")).getMessage());
        assertTrue(assertThrows(CliFailure.class, () -> KubeconfigFile.parse(p, """
                clusters: [{name: c, cluster: {server: "https://h"}}]
                users: [{name: u, user: {client-certificate-data: "bm90IGEgY2VydA=="}}]
                contexts: [{name: a, context: {cluster: c, user: u}}]
                """)).getMessage().contains("needs both a client certificate and a client key"));
    }

    @Test
    void credentialPluginsAreNamedAsUnsupported() {
        CliFailure e = assertThrows(CliFailure.class, () -> KubeconfigFile.parse(Path.of("k"), """
                clusters: [{name: c, cluster: {server: "https://h"}}]
                users: [{name: u, user: {exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}}}]
                contexts: [{name: a, context: {cluster: c, user: u}}]
                """));
        assertEquals("kubeconfig k: user \"u\" authenticates with exec, which kubicle does not run; use a client"
                + " certificate or a token", e.getMessage());
    }

    @Test
    void garbageCertificateDataIsAClearFailure() {
        ClusterAccess access = new ClusterAccess("https://h", "not pem", null, null, null, false);
        CliFailure e = assertThrows(CliFailure.class, () -> ClientTls.context(access));
        assertTrue(e.getMessage().startsWith("the kubeconfig's certificate authority is unusable"), e.getMessage());
    }
}
