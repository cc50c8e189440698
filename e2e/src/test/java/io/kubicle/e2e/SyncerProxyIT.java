package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostNames;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pods/<id>/proxy} and {@code services/<id>/proxy} (what {@code kubectl proxy}, {@code kubectl get --raw} and
 * dashboards use) in a workspace whose pods a real {@code kubicle syncer} process runs on a HOST STAND-IN (a second
 * Kubicle server, as in {@link SyncerIT}). The test plays the host's kubelet (the pod's status and IP) and its endpoints
 * controller (the host service's Endpoints), and the pod itself: an HTTP server on this machine's own address (kube
 * never proxies to a loopback address). Each request takes every hop a real one does: kubectl → Kubicle → the
 * syncer → the host's proxy → the "pod". On a real host (K3s), {@link SyncerK3sIT} proxies to a real pod.
 */
@Timeout(300)
class SyncerProxyIT {
    @TempDir
    static Path dir;
    static KubicleProcess kubicle;
    static KubicleProcess hostStandIn;
    static SyncerProcess syncer;
    static KubernetesClient host;
    static Kubectl tenant;
    static Kubectl root;
    static Vertx vertx;
    static String hostNamespace;
    static String podAddress;
    static int podPort;
    /** What the "pod" was asked, by path: the request's headers and body. */
    static final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        podAddress = ownAddress();
        kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()))).build();
        vertx = Vertx.vertx();
        podPort = podServer();
        syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5", "--tenant-dns", "false",
                "--workspaces", "web");
        root = new Kubectl(kubicle.kubeconfig(), dir.resolve("cache"));
        tenant = new Kubectl(Workspaces.provision(root, dir, "web"), dir.resolve("cache"));
        hostNamespace = HostNames.namespace("web", "default");
        tenant.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web, labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: nginx
                    ports: [{containerPort: %d}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{name: http, port: 80, targetPort: %d}]
                """.formatted(podPort, podPort), "apply", "-f", "-").ok();
        host.pods().inNamespace(hostNamespace).withName("web").waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
        host.services().inNamespace(hostNamespace).withName("web").waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
        // the host's scheduler and kubelet: the pod runs at this machine's address
        host.bindings().inNamespace(hostNamespace).resource(new BindingBuilder().withNewMetadata().withName("web")
                .withNamespace(hostNamespace).endMetadata().withNewTarget().withKind("Node").withName("node-a").endTarget().build()).create();
        host.pods().inNamespace(hostNamespace).withName("web").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"" + podAddress + "\",\"podIPs\":[{\"ip\":\"" + podAddress + "\"}]}}");
        // the host's endpoints controller
        host.endpoints().inNamespace(hostNamespace).resource(new EndpointsBuilder().withNewMetadata().withName("web").endMetadata()
                .addNewSubset().addNewAddress().withIp(podAddress).withNewTargetRef().withKind("Pod").withName("web")
                .withNamespace(hostNamespace).endTargetRef().endAddress().addNewPort().withName("http").withPort(podPort).endPort()
                .endSubset().build()).create();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {syncer, host, kubicle, hostStandIn}) {
            if (c != null) {
                c.close();
            }
        }
        if (vertx != null) {
            vertx.close().await();
        }
    }

    /** This machine's first non-loopback IPv4 address: kube-apiserver refuses to proxy to loopback and link-local ones. */
    static String ownAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("this machine has no non-loopback IPv4 address to play a pod's IP with");
    }

    /**
     * The pod: {@code /hello}; {@code /echo} answers the body it got; {@code /redirect} sends to {@code /login}; {@code /page}
     * links to {@code next} under the proxy path it was reached at (X-Forwarded-Uri, as apps behind kube's proxy do);
     * {@code /ws} echoes WebSocket messages.
     */
    static int podServer() {
        HttpServer server = vertx.createHttpServer();
        server.requestHandler(request -> {
            if (request.path().equals("/ws")) {
                request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("pod got " + m)));
                return;
            }
            request.body().onSuccess(body -> {
                Map<String, String> headers = new ConcurrentHashMap<>();
                request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
                headers.put(":method", request.method().name());
                headers.put(":query", request.query() == null ? "" : request.query());
                headers.put(":body", body.toString());
                seen.put(request.path(), headers);
                switch (request.path()) {
                    case "/hello" -> request.response().putHeader("Content-Type", "text/plain").end("hello from the pod");
                    case "/echo" -> request.response().setStatusCode(201).putHeader("Content-Type", "text/plain")
                            .end(request.method().name() + " " + body);
                    case "/redirect" -> request.response().setStatusCode(302).putHeader("Location", "/login").end();
                    case "/login" -> request.response().putHeader("Content-Type", "text/plain").end("the login page");
                    case "/page" -> {
                        String self = request.getHeader("X-Forwarded-Uri");
                        String base = self == null ? "" : self.substring(0, self.length() - "/page".length());
                        request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                                .end("<html><body><a href=\"" + base + "/next\">next</a></body></html>");
                    }
                    case "/teapot" -> request.response().setStatusCode(418).putHeader("Content-Type", "text/plain").end("short and stout");
                    default -> request.response().setStatusCode(404).end("the pod has no " + request.path());
                }
            });
        });
        return server.listen(0, podAddress).await().actualPort();
    }

    static String podPath(String id, String rest) {
        return "/api/v1/namespaces/default/pods/" + id + "/proxy" + rest;
    }

    static String servicePath(String id, String rest) {
        return "/api/v1/namespaces/default/services/" + id + "/proxy" + rest;
    }

    @Test
    void aPodAnswersThroughKubicleTheSyncerAndTheHostsProxy() {
        assertEquals("hello from the pod", tenant.run("get", "--raw", podPath("web:" + podPort, "/hello")).ok().stdout());
        // no port: the pod's first container port, as kube takes it
        assertEquals("hello from the pod", tenant.run("get", "--raw", podPath("web", "/hello")).ok().stdout());
        assertEquals("hello from the pod", tenant.run("get", "--raw", podPath("http:web:" + podPort, "/hello?a=1&b=two")).ok().stdout());
        // kubectl adds its timeout to every request's query; kube-apiserver passes that on too
        assertTrue(seen.get("/hello").get(":query").startsWith("a=1&b=two"), "the query reaches the pod as it was sent: "
                + seen.get("/hello"));
    }

    @Test
    void aServiceAnswersByPortNameOrNumber() {
        assertEquals("hello from the pod", tenant.run("get", "--raw", servicePath("web:http", "/hello")).ok().stdout());
        assertEquals("hello from the pod", tenant.run("get", "--raw", servicePath("web:80", "/hello")).ok().stdout());
        Kubectl.Result wrongPort = tenant.run("get", "--raw", servicePath("web:81", "/hello"));
        assertTrue(wrongPort.stderr().contains("no service port 81 found for service"), wrongPort.stderr());
        Kubectl.Result missing = tenant.run("get", "--raw", servicePath("nothing:80", "/hello"));
        assertTrue(missing.stderr().contains("services \"nothing\" not found"), missing.stderr());
    }

    /** The body goes to the pod, the answer's code comes back, and the tenant's credentials and impersonation stop at Kubicle. */
    @Test
    void bodiesGoThroughAndCredentialsDoNot() throws Exception {
        Path body = dir.resolve("body.json");
        Files.writeString(body, "{\"prompt\":\"hello\"}");
        Kubectl.Result posted = tenant.run("create", "--raw", podPath("web:" + podPort, "/echo"), "-f", body.toString(),
                "--as", "system:admin", "--as-group", "system:masters");
        assertEquals("POST {\"prompt\":\"hello\"}", posted.ok().stdout());
        Map<String, String> headers = seen.get("/echo");
        assertEquals("{\"prompt\":\"hello\"}", headers.get(":body"));
        assertFalse(headers.containsKey("authorization"), "the tenant's credential must not reach the pod: " + headers);
        assertTrue(headers.keySet().stream().noneMatch(h -> h.startsWith("impersonate-") || h.startsWith("x-kubicle-")), headers.toString());
        Kubectl.Result teapot = tenant.run("get", "--raw", podPath("web:" + podPort, "/teapot"));
        assertTrue(teapot.stderr().contains("the server responded with the status code 418"), "the pod's own code comes back: "
                + teapot.stderr());
    }

    /** A body of unknown length (a streamed upload, sent in chunks) goes through every hop whole. */
    @Test
    void aBodyOfUnknownLengthGoesThroughWhole() throws Exception {
        String server = Config.fromKubeconfig(Files.readString(tenant.kubeconfig)).getMasterUrl().replaceAll("/+$", "");
        AdminHttp http = AdminHttp.fromKubeconfig(tenant.kubeconfig, server);
        String body = "0123456789abcdef".repeat(64 * 1024); // 1 MiB
        HttpResponse<String> echoed = http.sendStreamed("PUT", podPath("web:" + podPort, "/echo"), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(201, echoed.statusCode(), echoed.body());
        assertEquals("PUT " + body, echoed.body());
        assertFalse(seen.get("/echo").containsKey("content-length"), "the body went on chunked: " + seen.get("/echo").keySet());
    }

    /** The host rewrites redirects and links under its own proxy path; the tenant gets them under the path it used. */
    @Test
    void redirectsAndLinksComeBackUnderTheTenantsPath() throws Exception {
        // kubectl follows the redirect: it only arrives if the Location names a path on the tenant's server
        assertEquals("the login page", tenant.run("get", "--raw", podPath("web:" + podPort, "/redirect")).ok().stdout());
        String page = tenant.run("get", "--raw", podPath("web:" + podPort, "/page")).ok().stdout();
        String server = URI.create(Config.fromKubeconfig(Files.readString(tenant.kubeconfig)).getMasterUrl()).getPath().replaceAll("/+$", "");
        assertTrue(page.contains("href=\"" + server + podPath("web:" + podPort, "/next") + "\""), page);
        assertFalse(page.contains(hostNamespace), "the host namespace must not show through: " + page);
    }

    /** The real user path: {@code kubectl proxy} on the tenant's kubeconfig, then plain HTTP and a WebSocket to the pod. */
    @Test
    void kubectlProxyReachesThePodAndCarriesAWebSocket() throws Exception {
        BackgroundCommand proxy = tenant.start("proxy", "--port=0");
        try {
            proxy.awaitStdout(Pattern.compile("Starting to serve on"), 30);
            Matcher port = Pattern.compile("Starting to serve on 127\\.0\\.0\\.1:(\\d+)").matcher(proxy.output());
            assertTrue(port.find(), proxy.output());
            String base = "127.0.0.1:" + port.group(1);
            // HTTP/1.1: kubectl proxy takes the JDK client's h2c offer for a WebSocket-like upgrade (as with any apiserver)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> hello = http.send(HttpRequest.newBuilder(URI.create("http://" + base + servicePath("web:http", "/hello")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, hello.statusCode(), hello.body());
            assertEquals("hello from the pod", hello.body());
            HttpResponse<String> teapot = http.send(HttpRequest.newBuilder(URI.create("http://" + base + podPath("web:" + podPort,
                    "/teapot"))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(418, teapot.statusCode());
            assertEquals("short and stout", teapot.body(), "the pod's own error answer comes back as it was");
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://" + base + podPath("web:" + podPort, "/ws")),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("ping", true);
            assertEquals("pod got ping", reply.get(30, TimeUnit.SECONDS));
            ws.abort();
        } finally {
            proxy.stop();
        }
    }

    @Test
    void refusalsAreClear() throws Exception {
        Kubectl.Result invalid = tenant.run("get", "--raw", podPath("a:b:c:d", "/"));
        assertTrue(invalid.stderr().contains("invalid pod request"), invalid.stderr());
        Kubectl.Result missing = tenant.run("get", "--raw", podPath("ghost:80", "/"));
        assertTrue(missing.stderr().contains("pods \"ghost\" not found"), missing.stderr());
        // a pod the syncer does not put on the host (a tenant may not choose its node): the syncer says so
        tenant.run("run", "unsynced", "--image=busybox", "--overrides={\"spec\":{\"nodeName\":\"nowhere\"}}").ok();
        Kubectl.Result notThere = tenant.run("get", "--raw", podPath("unsynced:80", "/"));
        assertTrue(notThere.stderr().contains("pod unsynced has no copy on the host cluster"), notThere.stderr());
        Kubectl.Result node = tenant.run("get", "--raw", "/api/v1/nodes/node-a/proxy/stats/summary");
        assertTrue(node.stderr().contains("nodes/proxy is not served by Kubicle"), node.stderr());
        // view may read pods but not proxy to them (kube's bootstrap roles)
        tenant.run("create", "rolebinding", "viewer", "--clusterrole=view", "--user=viewer").ok();
        Kubectl.Result viewer = tenant.run("get", "--raw", podPath("web:" + podPort, "/hello"), "--as", "viewer");
        assertTrue(viewer.stderr().contains("Forbidden") || viewer.stderr().contains("forbidden"), viewer.stderr());
        assertTrue(viewer.stderr().contains("pods/proxy"), viewer.stderr());
    }

    /** Where Kubicle dials the pod itself (its root workspace, as the host), kube's rule holds: never a loopback address. */
    @Test
    void theServerNeverProxiesToALoopbackAddress() {
        Kubectl hostKubectl = new Kubectl(hostStandIn.kubeconfig(), dir.resolve("cache"));
        host.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("local").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        host.pods().inNamespace("default").withName("local").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"127.0.0.1\",\"podIPs\":[{\"ip\":\"127.0.0.1\"}]}}");
        Kubectl.Result refused = hostKubectl.run("get", "--raw", podPath("local:80", "/version"));
        assertTrue(refused.stderr().contains("address not allowed"), refused.stderr());
    }

    /** The request is in the audit log and the metrics as kube counts it: verb connect on pods/proxy. */
    @Test
    void proxiedRequestsAreCounted() {
        tenant.run("get", "--raw", podPath("web:" + podPort, "/hello")).ok();
        // the workspace's own series, at its own /metrics
        String metrics = tenant.run("get", "--raw", "/metrics").ok().stdout();
        assertTrue(metrics.lines().anyMatch(l -> l.contains("verb=\"connect\"") && l.contains("resource=\"pods/proxy\"")
                && l.contains("code=\"200\"")), "no connect series for pods/proxy: "
                + metrics.lines().filter(l -> l.contains("connect")).toList());
    }
}
