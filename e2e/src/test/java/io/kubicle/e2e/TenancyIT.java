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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspace identities and provisioning as a tenant and an operator see them with the real kubectl:
 * per-workspace client certificates that are worthless anywhere else, revocation, TTL expiry, blueprint
 * clones and many tenants created at once.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TenancyIT {
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

    static void create(String name, String spec) {
        String ws = "apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: " + name + "\n"
                + (spec == null ? "" : "spec:\n" + spec);
        root.runWithInput(ws, "create", "-f", "-").ok();
    }

    static Path kubeconfig(String name, String query) throws Exception {
        String text = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/" + name + "/kubeconfig"
                + (query == null ? "" : "?" + query)).ok().stdout();
        Path file = Files.createTempFile(dir, name, ".kubeconfig");
        Files.writeString(file, text);
        return file;
    }

    static Kubectl tenant(Path kubeconfig) {
        return new Kubectl(kubeconfig, dir.resolve("cache-" + kubeconfig.getFileName()));
    }

    @Test
    void aWorkspaceCredentialIsRejectedInEveryOtherWorkspaceForEveryVerb() throws Exception {
        create("cred-a", null);
        create("cred-b", null);
        Path a = kubeconfig("cred-a", null);
        Kubectl tenantA = tenant(a);
        tenantA.run("create", "configmap", "mine", "--from-literal=k=v").ok();
        tenantA.run("get", "configmap", "mine").ok();

        String b = server.url() + "/clusters/cred-b";
        Kubectl.Result viaKubectl = tenantA.run("--server", b, "get", "namespaces");
        assertNotEquals(0, viaKubectl.exitCode());
        assertTrue(viaKubectl.stderr().contains("Unauthorized") || viaKubectl.stderr().contains("logged in"), viaKubectl.stderr());

        AdminHttp http = AdminHttp.fromKubeconfig(a, b);
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\"}}";
        List<String[]> verbs = List.of(
                new String[] {"GET", "/api/v1/namespaces/default/configmaps/kube-root-ca.crt", null},
                new String[] {"GET", "/api/v1/configmaps", null},
                new String[] {"GET", "/api/v1/configmaps?watch=true&timeoutSeconds=1", null},
                new String[] {"POST", "/api/v1/namespaces/default/configmaps", cm},
                new String[] {"PUT", "/api/v1/namespaces/default/configmaps/x", cm},
                new String[] {"PATCH", "/api/v1/namespaces/default/configmaps/x", "{}"},
                new String[] {"DELETE", "/api/v1/namespaces/default/configmaps/x", null},
                new String[] {"DELETE", "/api/v1/namespaces/default/configmaps", null},
                new String[] {"GET", "/api", null},
                new String[] {"GET", "/apis", null},
                new String[] {"GET", "/openapi/v3", null});
        for (String[] v : verbs) {
            HttpResponse<String> r = http.send(v[0], v[1], v[0].equals("PATCH") ? "application/merge-patch+json"
                    : "application/json", v[2]);
            assertEquals(401, r.statusCode(), v[0] + " " + v[1] + " with workspace A's certificate at B: " + r.body());
            assertTrue(r.body().contains("\"kind\":\"Status\"") && r.body().contains("Unauthorized"), r.body());
        }
        AdminHttp rootWithA = AdminHttp.fromKubeconfig(a, server.url() + "/clusters/root");
        assertEquals(401, rootWithA.send("GET", "/apis/tenancy.kubicle.io/v1alpha1/workspaces", null, (String) null).statusCode(),
                "a tenant credential is worth nothing in root either");
        AdminHttp missing = AdminHttp.fromKubeconfig(a, server.url() + "/clusters/no-such-workspace");
        assertEquals(401, missing.send("GET", "/api/v1/namespaces", null, (String) null).statusCode(),
                "a tenant cannot even learn which workspaces exist");

        Kubectl operator = new Kubectl(server.kubeconfig(), dir.resolve("cache-op"));
        assertTrue(operator.run("--server", b, "get", "configmaps", "-n", "default").ok().stdout().contains("kube-root-ca.crt"),
                "the operator identity works in every workspace");
        assertTrue(operator.run("--server", server.url() + "/clusters/cred-a", "get", "configmap", "mine").ok().stdout()
                .contains("mine"));
    }

    static Kubectl withToken(String workspace, String token) throws Exception {
        return withTokenAt(server.url() + "/clusters/" + workspace, token);
    }

    /** kubectl with a bearer token at {@code url} (the server alone is the in-cluster address a workload uses). */
    static Kubectl withTokenAt(String url, String token) throws Exception {
        String ca = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("data/pki/ca.crt")));
        Path file = Files.createTempFile(dir, "token", ".kubeconfig");
        Files.writeString(file, "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: " + url
                + "\n    certificate-authority-data: " + ca + "\nusers:\n- name: u\n  user:\n    token: "
                + token + "\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\ncurrent-context: x\n");
        return tenant(file);
    }

    /** Waits out the authentication cache (10 s) until {@code kubectl} is refused. */
    static void assertRefusedSoon(Kubectl kubectl, String why) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Kubectl.Result result;
        do {
            Thread.sleep(500);
            result = kubectl.run("get", "configmaps", "-n", "default");
        } while (result.exitCode() == 0 && System.nanoTime() < deadline);
        assertNotEquals(0, result.exitCode(), why);
    }

    @Test
    void serviceAccountTokensWorkOnlyInTheirWorkspaceAndOnlyWhileTheirAccountLives() throws Exception {
        create("tok-a", null);
        create("tok-b", null);
        Kubectl a = tenant(kubeconfig("tok-a", null));
        a.run("create", "serviceaccount", "builder", "-n", "default").ok();
        // as in kube, a ServiceAccount may do nothing until it is bound to a role
        a.run("create", "rolebinding", "builder-view", "--clusterrole=view", "--serviceaccount=default:builder", "-n",
                "default").ok();
        String token = a.run("create", "token", "builder", "-n", "default", "--duration", "20m").ok().stdout().strip();
        assertEquals(3, token.split("\\.").length, "a JWT: " + token);

        Kubectl asBuilder = withToken("tok-a", token);
        assertTrue(asBuilder.run("auth", "whoami").ok().stdout().contains("system:serviceaccount:default:builder"));
        asBuilder.run("get", "configmaps", "-n", "default").ok();
        Kubectl.Result secrets = asBuilder.run("get", "secrets", "-n", "default");
        assertTrue(secrets.stderr().contains("User \"system:serviceaccount:default:builder\" cannot list resource \"secrets\""),
                secrets.stderr());

        Kubectl.Result elsewhere = withToken("tok-b", token).run("get", "configmaps", "-n", "default");
        assertNotEquals(0, elsewhere.exitCode(), "a token of workspace A is refused at B");
        assertTrue(elsewhere.stderr().contains("Unauthorized") || elsewhere.stderr().contains("credentials"), elsewhere.stderr());

        // the in-cluster address: no /clusters prefix, the token alone names its workspace (discovery included)
        a.run("create", "configmap", "only-in-a", "-n", "default").ok();
        Kubectl inCluster = withTokenAt(server.url(), token);
        assertTrue(inCluster.run("auth", "whoami").ok().stdout().contains("system:serviceaccount:default:builder"));
        assertTrue(inCluster.run("api-resources").ok().stdout().contains("serviceaccounts"));
        assertTrue(inCluster.run("get", "configmaps", "-n", "default").ok().stdout().contains("only-in-a"));
        Kubectl.Result noSecrets = inCluster.run("get", "secrets", "-n", "default");
        assertTrue(noSecrets.stderr().contains("cannot list resource \"secrets\""), noSecrets.stderr());
        Kubectl b = tenant(kubeconfig("tok-b", null));
        b.run("create", "serviceaccount", "viewer", "-n", "default").ok();
        b.run("create", "rolebinding", "viewer-view", "--clusterrole=view", "--serviceaccount=default:viewer", "-n", "default").ok();
        Kubectl bInCluster = withTokenAt(server.url(), b.run("create", "token", "viewer", "-n", "default").ok().stdout().strip());
        Kubectl.Result fromB = bInCluster.run("get", "configmap", "only-in-a", "-n", "default");
        assertTrue(fromB.stderr().contains("configmaps \"only-in-a\" not found"), "B's token sees B's workspace: " + fromB.stderr());
        Kubectl.Result noToken = withTokenAt(server.url(), "not-a-service-account-token").run("get", "configmaps", "-n", "default");
        assertTrue(noToken.stderr().contains("Unauthorized") || noToken.stderr().contains("credentials"), noToken.stderr());

        // a token bound to a pod (as kubelet asks for them) dies with the pod
        a.run("run", "holder", "--image=busybox", "-n", "default").ok();
        String boundToken = a.run("create", "token", "builder", "-n", "default", "--bound-object-kind", "Pod",
                "--bound-object-name", "holder").ok().stdout().strip();
        Kubectl asHolder = withToken("tok-a", boundToken);
        asHolder.run("get", "configmaps", "-n", "default").ok();
        String boundReview = a.runWithInput("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
                + boundToken + "\"}}", "create", "--raw", "/apis/authentication.k8s.io/v1/tokenreviews", "-f", "-").ok().stdout();
        assertTrue(boundReview.contains("\"authentication.kubernetes.io/pod-name\":[\"holder\"]"), "bound to the pod: " + boundReview);
        a.run("delete", "pod", "holder", "-n", "default", "--wait=false").ok();
        assertRefusedSoon(asHolder, "a deleted pod's bound tokens stop working");

        String review = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}";
        String reviews = "/apis/authentication.k8s.io/v1/tokenreviews";
        String reviewed = a.runWithInput(review, "create", "--raw", reviews, "-f", "-").ok().stdout();
        assertTrue(reviewed.contains("\"authenticated\":true") && reviewed.contains("system:serviceaccount:default:builder"), reviewed);
        String atB = tenant(kubeconfig("tok-b", null)).runWithInput(review, "create", "--raw", reviews, "-f", "-").ok().stdout();
        assertTrue(atB.contains("\"authenticated\":false"), atB);

        Kubectl.Result tooShort = a.run("create", "token", "builder", "-n", "default", "--duration", "1m");
        assertTrue(tooShort.stderr().contains("may not specify a duration less than 10 minutes"), tooShort.stderr());
        assertTrue(a.run("create", "token", "ghost", "-n", "default").stderr().contains("serviceaccounts \"ghost\" not found"));

        a.run("delete", "serviceaccount", "builder", "-n", "default").ok();
        assertRefusedSoon(asBuilder, "a deleted ServiceAccount's tokens stop working");
        var raw = AdminHttp.fromKubeconfig(server.kubeconfig(), server.url() + "/clusters/root");
        String rows = raw.send("GET", "/api/v1/namespaces/default/secrets", null, (String) null).body();
        assertTrue(!rows.contains(token), "tokens are not kept anywhere readable");
    }

    @Test
    void auditLogAndMetricsArePerWorkspaceAndGoWithIt() throws Exception {
        create("aud", null);
        create("aud-other", null);
        Kubectl t = tenant(kubeconfig("aud", "user=carol&group=system:masters"));
        t.run("create", "configmap", "audited", "--from-literal=a=1").ok();
        t.run("patch", "configmap", "audited", "-p", "{\"data\":{\"a\":\"2\"}}").ok();
        t.run("delete", "configmap", "audited").ok();
        tenant(kubeconfig("aud-other", null)).run("create", "configmap", "elsewhere").ok();

        String log = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/aud/audit").ok().stdout();
        assertTrue(log.contains("\"kind\":\"EventList\""), log);
        int create = log.indexOf("\"verb\":\"create\"");
        int patch = log.indexOf("\"verb\":\"patch\"");
        int delete = log.indexOf("\"verb\":\"delete\"");
        assertTrue(create >= 0 && create < patch && patch < delete, "create, patch, delete in order: " + log);
        assertTrue(log.contains("\"username\":\"carol\"") && log.contains("\"name\":\"audited\"")
                && log.contains("\"code\":201"), log);
        assertTrue(!log.contains("elsewhere"), "another workspace's requests are not in this log");

        AdminHttp operator = AdminHttp.fromKubeconfig(server.kubeconfig(), server.url());
        String all = operator.send("GET", "/metrics", null, (String) null).body();
        assertTrue(all.contains("kubicle_apiserver_requests_total{code=\"201\",resource=\"configmaps\",verb=\"create\",workspace=\"aud\"}"), all);
        String own = AdminHttp.fromKubeconfig(kubeconfig("aud", null), server.url() + "/clusters/aud").send("GET", "/metrics", null, (String) null).body();
        assertTrue(own.contains("workspace=\"aud\"") && !own.contains("workspace=\"aud-other\""), own);
        // without the prefix a tenant's certificate is served as its own workspace: still only its own series
        var bare = AdminHttp.fromKubeconfig(kubeconfig("aud", null), server.url()).send("GET", "/metrics", null, (String) null);
        assertEquals(200, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("workspace=\"aud\"") && !bare.body().contains("workspace=\"aud-other\""),
                "only the operator sees every workspace's series: " + bare.body());

        root.run("delete", "workspace", "aud").ok();
        assertTrue(!operator.send("GET", "/metrics", null, (String) null).body().contains("workspace=\"aud\""),
                "a deleted workspace leaves no series behind");
        Kubectl.Result gone = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/aud/audit");
        assertNotEquals(0, gone.exitCode(), "nor an audit log");
    }

    @Test
    void revokingCredentialsInvalidatesEveryEarlierCertificate() throws Exception {
        create("rotate", null);
        Path old = kubeconfig("rotate", null);
        Path alsoOld = kubeconfig("rotate", "user=alice&group=dev");
        tenant(old).run("get", "ns").ok();
        assertTrue(tenant(alsoOld).run("auth", "whoami").ok().stdout().contains("alice"));

        String fresh = root.runWithInput("", "create", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/rotate/kubeconfig",
                "-f", "-").ok().stdout();
        Path freshFile = dir.resolve("rotate-fresh.kubeconfig");
        Files.writeString(freshFile, fresh);
        tenant(freshFile).run("get", "ns").ok();
        for (Path revoked : List.of(old, alsoOld)) {
            Kubectl.Result r = tenant(revoked).run("get", "ns");
            assertNotEquals(0, r.exitCode(), "a certificate issued before the revocation is refused");
            assertTrue(r.stderr().contains("Unauthorized") || r.stderr().contains("logged in"), r.stderr());
        }
    }

    @Test
    void anExpiredWorkspaceIsReapedWithEverythingInIt() throws Exception {
        create("short-lived", "  ttl: 3s\n");
        String status = root.run("get", "workspace", "short-lived", "-o", "jsonpath={.status.expiresAt}").ok().stdout();
        assertTrue(status.matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), "status.expiresAt is set: " + status);
        Kubectl tenant = tenant(kubeconfig("short-lived", null));
        tenant.run("create", "namespace", "work").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Kubectl.Result r;
        do {
            Thread.sleep(500);
            r = root.run("get", "workspace", "short-lived");
        } while (r.exitCode() == 0 && System.nanoTime() < deadline);
        assertTrue(r.stderr().contains("NotFound") || r.stderr().contains("not found"), "reaped within 30 s: " + r.stderr() + r.stdout());
        assertNotEquals(0, tenant.run("get", "ns").exitCode(), "its endpoint is gone");
        Kubectl operator = new Kubectl(server.kubeconfig(), dir.resolve("cache-op2"));
        Kubectl.Result gone = operator.run("--server", server.url() + "/clusters/short-lived", "get", "ns");
        assertTrue(gone.stderr().contains("NotFound") || gone.stderr().contains("not found"), gone.stderr());
    }

    @Test
    void aBlueprintCloneStartsAsACopyWithNewIdentities() throws Exception {
        create("base", null);
        Kubectl base = tenant(kubeconfig("base", null));
        base.run("create", "namespace", "app").ok();
        for (int i = 0; i < 20; i++) {
            base.run("create", "configmap", "settings-" + i, "-n", "app", "--from-literal=index=" + i).ok();
        }
        base.run("create", "deployment", "web", "-n", "app", "--image=nginx:1.27").ok();
        base.run("create", "secret", "generic", "db", "-n", "app", "--from-literal=password=s3cret").ok();
        String baseUid = base.run("get", "configmap", "settings-3", "-n", "app", "-o", "jsonpath={.metadata.uid}").ok().stdout();

        create("clone", "  blueprint: base\n");
        Kubectl clone = tenant(kubeconfig("clone", null));
        String cms = clone.run("get", "configmaps", "-n", "app", "-o", "name").ok().stdout();
        for (int i = 0; i < 20; i++) {
            assertTrue(cms.contains("configmap/settings-" + i + "\n"), cms);
        }
        assertEquals("3", clone.run("get", "configmap", "settings-3", "-n", "app", "-o", "jsonpath={.data.index}").ok().stdout());
        assertNotEquals(baseUid, clone.run("get", "configmap", "settings-3", "-n", "app", "-o", "jsonpath={.metadata.uid}").ok().stdout(),
                "clones get new uids");
        assertEquals("czNjcmV0", clone.run("get", "secret", "db", "-n", "app", "-o", "jsonpath={.data.password}").ok().stdout());
        assertEquals("nginx:1.27", clone.run("get", "deployment", "web", "-n", "app",
                "-o", "jsonpath={.spec.template.spec.containers[0].image}").ok().stdout());

        clone.run("delete", "configmap", "settings-0", "-n", "app").ok();
        base.run("get", "configmap", "settings-0", "-n", "app").ok();

        Kubectl.Result bad = root.runWithInput("apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: orphan\n"
                + "spec:\n  blueprint: nowhere\n  ttl: soon\n", "create", "-f", "-");
        assertNotEquals(0, bad.exitCode());
        assertTrue(bad.stderr().contains("spec.ttl: Invalid value: \"soon\""), bad.stderr());
        assertNotEquals(0, root.run("get", "workspace", "orphan").exitCode(), "nothing was created");
        Kubectl.Result noBlueprint = root.runWithInput("apiVersion: tenancy.kubicle.io/v1alpha1\nkind: Workspace\nmetadata:\n"
                + "  name: orphan\nspec:\n  blueprint: nowhere\n", "create", "-f", "-");
        assertTrue(noBlueprint.stderr().contains("spec.blueprint: Invalid value: \"nowhere\""), noBlueprint.stderr());
    }

    @Test
    void manyTenantsCreatedAtOnceEachSeeOnlyTheirOwnWorld() throws Exception {
        int n = 12;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "par-" + i;
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    create(name, null);
                    Kubectl t = tenant(kubeconfig(name, null));
                    t.run("create", "namespace", "shared-name").ok();
                    t.run("create", "configmap", "owner", "-n", "shared-name", "--from-literal=tenant=" + name).ok();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
        for (int i = 0; i < n; i++) {
            Kubectl t = tenant(kubeconfig("par-" + i, null));
            assertEquals("par-" + i, t.run("get", "configmap", "owner", "-n", "shared-name", "-o", "jsonpath={.data.tenant}").ok().stdout());
            assertEquals(1, t.run("get", "configmaps", "-A", "-l", "!kube-root", "--field-selector", "metadata.name=owner", "-o", "name")
                    .ok().stdout().strip().lines().count());
        }
    }
}
