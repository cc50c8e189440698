package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubicle.certs.CertificateAuthority;
import io.kubicle.certs.CertificateRequest;
import io.kubicle.certs.IssuedCertificate;
import io.kubicle.certs.Kubeconfig;
import io.kubicle.certs.KubeconfigSpec;
import io.kubicle.storage.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server process as an operator runs it, probed with the real kubectl and a plain HTTPS client. */
class ServerProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path shared;
    static KubicleProcess server;
    static Kubectl kubectl;
    static HttpClient anonymous;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(shared.resolve("data"));
        kubectl = new Kubectl(server.kubeconfig(), shared.resolve("kube-cache"));
        anonymous = HttpClient.newBuilder().sslContext(trusting(server.dataDir.resolve("pki/ca.crt"))).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static SSLContext trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return anonymous.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void kubectlReachesTheServerWithTheAdminKubeconfig() throws Exception {
        assertEquals("ok", kubectl.run("get", "--raw", "/readyz").ok().stdout());
        assertEquals("ok", kubectl.run("get", "--raw", "/livez").ok().stdout());
        String verbose = kubectl.run("get", "--raw", "/readyz?verbose").ok().stdout();
        assertTrue(verbose.contains("[+]postgres ok") && verbose.contains("readyz check passed"), verbose);
        JsonNode version = JSON.readTree(kubectl.run("version", "-o", "json").ok().stdout());
        assertEquals("35", version.at("/serverVersion/minor").asText(), version.toString());
        assertTrue(version.at("/serverVersion/gitVersion").asText().startsWith("v1.35.0+kubicle"));
        String kubeconfig = Files.readString(server.kubeconfig());
        assertTrue(kubeconfig.contains(server.url() + "/clusters/root"), "kubeconfig points at the root workspace");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(server.kubeconfig())), "the admin kubeconfig holds a private key");
    }

    /**
     * Where BoringSSL cannot load (a platform netty-tcnative has no build for), the JDK's TLS serves, and the controllers'
     * own calls to the server go through it too: a Deployment still gets its ReplicaSet and pods.
     */
    @Test
    void theJdksTlsServesAndCarriesTheControllersWhenAskedFor() throws Exception {
        try (KubicleProcess jdk = KubicleProcess.startWithJvmOptions(shared.resolve("jdk-tls"), List.of("-Dkubicle.tls.engine=jdk"))) {
            Kubectl k = new Kubectl(jdk.kubeconfig(), shared.resolve("jdk-tls-cache"));
            k.run("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2").ok();
            SyncerIT.await("the Deployment's pods", () -> k.run("get", "pods", "-l", "app=web", "-o", "name").ok().stdout()
                    .lines().count() == 2);
            assertTrue(k.run("get", "replicasets", "-o", "name").ok().stdout().startsWith("replicaset.apps/web-"));
            assertTrue(jdk.output().contains("TLS by the JDK, as -Dkubicle.tls.engine=jdk asks"), jdk.output());
        }
    }

    @Test
    void healthAndVersionAnswerAnyoneAtTheTopAndUnderEveryWorkspace() throws Exception {
        for (String path : List.of("/healthz", "/livez", "/readyz", "/clusters/root/healthz", "/clusters/anything/readyz",
                "/clusters/root/livez/ping")) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            assertEquals("ok", r.body(), path);
        }
        for (String path : List.of("/version", "/clusters/root/version", "/clusters/other/version")) {
            HttpResponse<String> r = get(path);
            assertEquals(200, r.statusCode(), path);
            JsonNode v = JSON.readTree(r.body());
            assertEquals("1", v.get("major").asText());
            assertEquals("35", v.get("minor").asText());
        }
        assertEquals(404, get("/readyz/no-such-check").statusCode());
    }

    @Test
    void everythingElseWithoutACredentialIs401AsAStatus() throws Exception {
        for (String path : List.of("/api", "/clusters/root/api", "/clusters/root/api/v1/namespaces", "/apis",
                "/clusters/missing/api", "/metrics")) {
            HttpResponse<String> r = get(path);
            assertEquals(401, r.statusCode(), path);
            JsonNode status = JSON.readTree(r.body());
            assertEquals("Status", status.get("kind").asText());
            assertEquals("v1", status.get("apiVersion").asText());
            assertEquals("Failure", status.get("status").asText());
            assertEquals("Unauthorized", status.get("reason").asText());
            assertEquals(401, status.get("code").asInt());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        }
        HttpResponse<String> post = anonymous.send(HttpRequest.newBuilder(URI.create(server.url() + "/clusters/root/api/v1/namespaces"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, post.statusCode());
    }

    @Test
    void aCertificateFromAnotherAuthorityIsRejected() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));
        IssuedCertificate forged = impostor.issue(CertificateRequest.client("kubicle-admin", List.of("system:masters"),
                Duration.ofHours(1)));
        Path kubeconfig = shared.resolve("forged.kubeconfig");
        Files.writeString(kubeconfig, Kubeconfig.render(KubeconfigSpec.forClientCertificate("forged", server.url()
                + "/clusters/root", Files.readString(server.dataDir.resolve("pki/ca.crt")), "mallory", forged)));
        Kubectl.Result r = new Kubectl(kubeconfig, shared.resolve("forged-cache")).run("get", "--raw", "/api");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("Unauthorized"), r.stderr());
        // The same forged identity may still read health, like anyone.
        assertEquals("ok", new Kubectl(kubeconfig, shared.resolve("forged-cache")).run("get", "--raw", "/healthz").ok().stdout());
    }

    @Test
    void anAuthenticatedAdminGetsKubernetesStyleNotFounds() throws Exception {
        Path elsewhere = shared.resolve("missing-ws.kubeconfig");
        Files.writeString(elsewhere, Files.readString(server.kubeconfig()).replace("/clusters/root", "/clusters/no-such-ws"));
        Kubectl.Result missingWorkspace = new Kubectl(elsewhere, shared.resolve("missing-cache")).run("get", "--raw", "/api/v1");
        assertNotEquals(0, missingWorkspace.exitCode());
        assertTrue(missingWorkspace.stderr().contains("workspaces.tenancy.kubicle.io \"no-such-ws\" not found"),
                missingWorkspace.stderr());
        Kubectl.Result unknownPath = kubectl.run("get", "--raw", "/no/such/path");
        assertNotEquals(0, unknownPath.exitCode());
        assertTrue(unknownPath.stderr().contains("NotFound"), unknownPath.stderr());
    }

    @Test
    void restartsOnTheSameDataDirectoryKeepCredentialsAndRecoverFromAKill(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        byte[] ca;
        byte[] adminCert;
        try (KubicleProcess first = KubicleProcess.start(data)) {
            ca = Files.readAllBytes(data.resolve("pki/ca.crt"));
            adminCert = Files.readAllBytes(data.resolve("pki/admin.crt"));
            int code = first.stop();
            assertTrue(code == 0 || code == 143, "SIGTERM ends the server normally, got exit code " + code);
            assertTrue(first.output().contains("Kubicle stopped"), "the shutdown hook ran:\n" + first.output());
            assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "embedded Postgres was stopped cleanly");
        }
        try (KubicleProcess second = KubicleProcess.start(data)) {
            assertArrayEquals(ca, Files.readAllBytes(data.resolve("pki/ca.crt")), "the CA survives restarts");
            assertArrayEquals(adminCert, Files.readAllBytes(data.resolve("pki/admin.crt")), "so do issued kubeconfigs");
            assertEquals("ok", new Kubectl(second.kubeconfig(), dir.resolve("c1")).run("get", "--raw", "/readyz").ok().stdout());
            second.kill();
        }
        try (KubicleProcess third = KubicleProcess.start(data)) {
            assertEquals("ok", new Kubectl(third.kubeconfig(), dir.resolve("c2")).run("get", "--raw", "/readyz?verbose")
                    .ok().stdout().lines().filter(l -> l.equals("[+]postgres ok")).findFirst().map(l -> "ok").orElse("missing"));
            assertTrue(third.output().contains("left running on"), "a killed server's Postgres is stopped and reused");
        }
    }

    @Test
    void anExternalPostgresByUrlSwitchesTheEmbeddedOneOff(@TempDir Path dir) throws Exception {
        var db = TestPostgres.freshDatabase();
        String url = "postgresql://" + db.getUser() + "@" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase();
        try (KubicleProcess external = KubicleProcess.start(dir.resolve("data"), Map.of("KUBICLE_DATABASE_URL", url))) {
            assertEquals("ok", new Kubectl(external.kubeconfig(), dir.resolve("c")).run("get", "--raw", "/readyz").ok().stdout());
            assertFalse(Files.exists(dir.resolve("data/postgres")), "no embedded Postgres when a URL is given");
        }
    }

    @Test
    void badConfigurationFailsFastWithAReadableMessage(@TempDir Path dir) throws Exception {
        KubicleProcess badListen = KubicleProcess.launch(dir.resolve("a"), Map.of(), "--listen", "nonsense");
        assertNotEquals(0, badListen.awaitExit(60));
        assertTrue(badListen.output().contains("should be specified only once"), "flags are checked before starting");
        badListen = KubicleProcess.launchWithoutListen(dir.resolve("a"), Map.of("KUBICLE_LISTEN", "nonsense"));
        assertNotEquals(0, badListen.awaitExit(60));
        assertTrue(badListen.output().contains("must be host:port"), badListen.output());

        KubicleProcess badDb = KubicleProcess.launch(dir.resolve("b"), Map.of("KUBICLE_DATABASE_URL",
                "postgresql://nobody@127.0.0.1:1/none"));
        assertEquals(1, badDb.awaitExit(120));
        assertTrue(badDb.output().contains("kubicle: could not start: could not connect to Postgres"), badDb.output());

        KubicleProcess badKey = KubicleProcess.launch(dir.resolve("c"), Map.of(), "--encryption-key-file",
                dir.resolve("missing.keys").toString());
        assertEquals(1, badKey.awaitExit(120));
        assertTrue(badKey.output().contains("missing.keys does not exist"), badKey.output());
    }
}
