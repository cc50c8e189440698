package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubicle.syncer.HostNames;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubectl logs}, {@code exec}, {@code attach} and {@code port-forward} in a workspace whose pods a real
 * {@code kubicle syncer} process runs on a HOST STAND-IN (a second Kubicle server, as in {@link SyncerIT}). The test
 * plays the host's scheduler (a binding to its node) and its kubelet: a pod's status, and the kubelet's
 * {@code /containerLogs}, {@code /exec} and {@code /attach} over TLS ({@link KubeletStreams}), found through the host
 * Node's address and kubelet port as kube-apiserver finds it. So each takes every hop a real one does: kubectl →
 * Kubicle → the syncer's container endpoint → the host's {@code pods/log} or {@code pods/exec} → the "kubelet". On a
 * real host (K3s) the last hop is a real kubelet: {@link SyncerK3sIT}.
 */
@Timeout(300)
class SyncerContainersIT {
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
    static KubeletStandIn kubelet;

    @BeforeAll
    static void start() throws Exception {
        kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()))).build();
        vertx = Vertx.vertx();
        String hostCa = new String(java.util.Base64.getDecoder().decode(
                Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig())).getCaCertData()), java.nio.charset.StandardCharsets.UTF_8);
        kubelet = KubeletStandIn.start(vertx, hostCa);
        host.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.0.0.1").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubelet.port()).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build()).create();
        syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5", "--tenant-dns", "false",
                "--workspaces", "logs");
        root = new Kubectl(kubicle.kubeconfig(), dir.resolve("cache"));
        tenant = new Kubectl(Workspaces.provision(root, dir, "logs"), dir.resolve("cache"));
        hostNamespace = HostNames.namespace("logs", "default");
        tenant.runWithInput("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - {name: app, image: nginx}
                  - {name: side, image: busybox}
                """, "apply", "-f", "-").ok();
        runOnNodeA("web");
        tenant.run("run", "bulk", "--image=busybox").ok();
        runOnNodeA("bulk");
    }

    /** Plays the host's scheduler and kubelet for the host copy of tenant pod {@code name}, and waits for the tenant to see it. */
    static void runOnNodeA(String name) throws InterruptedException {
        host.pods().inNamespace(hostNamespace).withName(name).waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
        host.bindings().inNamespace(hostNamespace).resource(new BindingBuilder().withNewMetadata().withName(name)
                .withNamespace(hostNamespace).endMetadata().withNewTarget().withKind("Node").withName("node-a").endTarget().build()).create();
        host.pods().inNamespace(hostNamespace).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Running\",\"podIP\":\"10.42.0.9\"}}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!tenant.run("get", "pod", name, "-o", "jsonpath={.spec.nodeName}").stdout().equals("node-a")) {
            assertTrue(System.nanoTime() < deadline, "the tenant pod never showed its host node; syncer: " + syncer.output());
            Thread.sleep(200);
        }
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

    @Test
    void kubectlLogsReadsTheContainerThroughTheSyncerAndTheHost() {
        String out = tenant.run("logs", "web", "-c", "app").ok().stdout();
        assertEquals(IntStream.rangeClosed(1, 5).mapToObj(i -> "line " + i + " of " + hostNamespace + "/web/app\n")
                .collect(Collectors.joining()), out);
        assertTrue(kubelet.asked.stream().anyMatch(u -> u.startsWith("/containerLogs/" + hostNamespace + "/web/app")), kubelet.asked.toString());
        assertTrue(kubelet.callers.stream().allMatch(c -> c.contains("CN=kubicle-admin")),
                "the host asks the kubelet with its client certificate: " + kubelet.callers);
    }

    @Test
    void aLongLogArrivesWholeAndInOrder() {
        String out = tenant.run("logs", "bulk").ok().stdout();
        assertEquals(KubeletStandIn.BULK_LINES * 20, out.length());
        assertEquals(KubeletStandIn.bulkLog(), out);
    }

    @Test
    void kubectlExecRunsInTheContainerThroughTheSyncerAndTheHost() {
        assertEquals("hello world\n", tenant.run("exec", "web", "-c", "app", "--", "echo", "hello", "world").ok().stdout());
        assertTrue(kubelet.asked.stream().anyMatch(u -> u.startsWith("/exec/" + hostNamespace + "/web/app?")
                && u.contains("command=echo&command=hello&command=world") && u.contains("output=1")), kubelet.asked.toString());
        assertEquals("piped input\n", tenant.runWithInput("piped input\n", "exec", "-i", "web", "-c", "side", "--", "cat").ok().stdout());
        Kubectl.Result failed = tenant.run("exec", "web", "-c", "app", "--", "false");
        assertEquals(1, failed.exitCode(), failed.stderr());
        assertTrue(failed.stderr().contains("command terminated with exit code 1"), failed.stderr());
        assertTrue(tenant.run("attach", "web", "-c", "app").ok().stdout().contains("attached to app"));
    }

    /**
     * {@code kubectl debug -i}: the syncer adds the ephemeral container to the host pod through the host's subresource,
     * kubectl waits until its status (the kubelet's, on the host) says it runs, then attaches to it; its log is read as
     * any container's. A host that refuses it (pod security on the host namespace) is told on the tenant pod.
     */
    @Test
    void kubectlDebugRunsAnEphemeralContainerInTheHostPodAndAttachesToIt() throws Exception {
        tenant.run("run", "debugged", "--image=nginx").ok();
        runOnNodeA("debugged");
        BackgroundCommand debug = tenant.start("debug", "debugged", "-i", "--image=busybox:1.36", "-c", "dbg",
                "--target=debugged", "--profile=baseline");
        try {
            Pod hostPod = host.pods().inNamespace(hostNamespace).withName("debugged").waitUntilCondition(p ->
                    p.getSpec().getEphemeralContainers() != null && !p.getSpec().getEphemeralContainers().isEmpty(), 60, TimeUnit.SECONDS);
            EphemeralContainer added = hostPod.getSpec().getEphemeralContainers().get(0);
            assertEquals(List.of("dbg", "busybox:1.36", "debugged", "true"), List.of(added.getName(), added.getImage(),
                    added.getTargetContainerName(), String.valueOf(added.getStdin())));
            assertTrue(debug.alive(), "kubectl debug -i waits until the container runs: " + debug.output());
            host.pods().inNamespace(hostNamespace).withName("debugged").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"status\":{\"ephemeralContainerStatuses\":[{\"name\":\"dbg\",\"image\":\"busybox:1.36\",\"imageID\":\"\","
                            + "\"ready\":false,\"restartCount\":0,\"state\":{\"running\":{\"startedAt\":\"2026-12-06T12:00:00Z\"}}}]}}");
            Kubectl.Result result = debug.finish(60);
            assertEquals(0, result.exitCode(), result.stderr());
            assertTrue(result.stdout().contains("attached to dbg"), result.stdout());
        } finally {
            debug.stop();
        }
        assertTrue(kubelet.asked.stream().anyMatch(u -> u.startsWith("/attach/" + hostNamespace + "/debugged/dbg?")),
                kubelet.asked.toString());
        assertEquals("line 5 of " + hostNamespace + "/debugged/dbg\n", tenant.run("logs", "debugged", "-c", "dbg", "--tail=1").ok().stdout());
        assertEquals("dbg", tenant.run("get", "pod", "debugged", "-o", "jsonpath={.status.ephemeralContainerStatuses[0].name}").ok().stdout());

        // the host namespace enforces restricted: the host refuses the next one, and the tenant pod says why
        host.namespaces().withName(hostNamespace).edit(ns -> {
            ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
            return ns;
        });
        try {
            tenant.run("debug", "debugged", "--image=busybox:1.36", "-c", "refused", "--profile=baseline").ok();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String events = "";
            while (!events.contains("the host refused ephemeral container \"refused\"")) {
                assertTrue(System.nanoTime() < deadline, "no SyncError event; events: " + events + "\nsyncer: " + syncer.output());
                Thread.sleep(300);
                events = tenant.run("get", "events", "--field-selector", "involvedObject.name=debugged", "-o",
                        "jsonpath={.items[*].message}").stdout();
            }
            assertTrue(events.contains("violates PodSecurity \"restricted:latest\""), events);
        } finally {
            host.namespaces().withName(hostNamespace).edit(ns -> {
                ns.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce");
                return ns;
            });
        }
        host.pods().inNamespace(hostNamespace).withName("debugged").waitUntilCondition(p ->
                p.getSpec().getEphemeralContainers().size() == 2, 60, TimeUnit.SECONDS);
    }

    /** Who ran what in a container is in the workspace's audit log, as a connect (kube's verb for these in its metrics). */
    @Test
    void execIsAudited() throws Exception {
        tenant.run("exec", "web", "-c", "app", "--", "echo", "audited").ok();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String log = "";
        while (!(log.contains("\"verb\":\"connect\"") && log.contains("\"subresource\":\"exec\""))) {
            assertTrue(System.nanoTime() < deadline, "no exec in the audit log: " + log);
            Thread.sleep(200);
            log = root.run("get", "--raw", "/apis/tenancy.kubicle.io/v1alpha1/workspaces/logs/audit").ok().stdout();
        }
    }

    /** The stand-in plays no port-forward protocol, so only the way there is checked here; SyncerK3sIT forwards for real. */
    @Test
    void portForwardReachesTheKubeletOfTheHostPod() {
        Kubectl.Result forward = tenant.run("port-forward", "pod/web", "0:80");
        assertNotEquals(0, forward.exitCode());
        assertTrue(forward.stderr().contains("port-forward is not played by this kubelet stand-in"), forward.stderr());
        // kubectl names the ports inside the stream, not in the query
        assertTrue(kubelet.asked.contains("/portForward/" + hostNamespace + "/web"), kubelet.asked.toString());
    }

    /** As kube authorizes it: a WebSocket exec is a GET, yet it needs create on pods/exec; get alone is not enough. */
    @Test
    void execNeedsCreateOnPodsExec() {
        tenant.runWithInput("""
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: exec-get, namespace: default}
                rules:
                - {apiGroups: [""], resources: [pods, pods/exec], verbs: [get]}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata: {name: jane-exec, namespace: default}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: exec-get}
                subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: jane}]
                """, "apply", "-f", "-").ok();
        Kubectl.Result refused = tenant.run("--as", "jane", "exec", "web", "-c", "app", "--", "echo", "hi");
        assertTrue(refused.stderr().contains("cannot create resource \"pods/exec\""), refused.stderr());
        tenant.run("patch", "role", "exec-get", "--type=json", "-p",
                "[{\"op\":\"add\",\"path\":\"/rules/0/verbs/-\",\"value\":\"create\"}]").ok();
        assertEquals("hi\n", tenant.run("--as", "jane", "exec", "web", "-c", "app", "--", "echo", "hi").ok().stdout());
    }

    @Test
    void execRefusalsAreKubes() {
        assertTrue(tenant.run("exec", "nothere", "--", "ls").stderr().contains("pods \"nothere\" not found"));
        tenant.run("run", "unplaced", "--image=nginx").ok();
        Kubectl.Result unplaced = tenant.run("exec", "unplaced", "--", "ls");
        assertTrue(unplaced.stderr().contains("pod unplaced does not have a host assigned"), unplaced.stderr());
        assertTrue(tenant.run("get", "--raw", "/api/v1/namespaces/default/pods/web/exec?command=ls&container=app").stderr()
                .contains("Upgrade request required"));
        assertTrue(tenant.run("exec", "web", "-c", "nope", "--", "ls").stderr().contains("container nope is not valid for pod web"));
    }

    @Test
    void optionsReachTheKubelet() {
        String out = tenant.run("logs", "web", "-c", "side", "--tail=2", "--timestamps").ok().stdout();
        assertEquals("line 4 of " + hostNamespace + "/web/side\nline 5 of " + hostNamespace + "/web/side\n", out);
        assertTrue(kubelet.asked.stream().anyMatch(u -> u.contains("/web/side?") && u.contains("timestamps=true") && u.contains("tailLines=2")),
                kubelet.asked.toString());
    }

    @Test
    void followStreamsUntilTheReaderGoesAndThenLetsGoOfTheKubelet() throws Exception {
        BackgroundCommand follow = tenant.start("logs", "-f", "web", "-c", "app");
        try {
            follow.awaitStdout(Pattern.compile("^tick 3$"), 60);
            assertTrue(kubelet.openFollows.get() >= 1);
        } finally {
            follow.kill();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (kubelet.openFollows.get() > 0) {
            assertTrue(System.nanoTime() < deadline, "the followed log on the kubelet stayed open after kubectl went");
            Thread.sleep(100);
        }
    }

    @Test
    void badRequestsGetKubesMessages() {
        String base = "/api/v1/namespaces/default/pods/web/log";
        assertTrue(tenant.run("get", "--raw", base).stderr()
                .contains("a container name must be specified for pod web, choose one of: [app side]"));
        assertTrue(tenant.run("get", "--raw", base + "?container=nope").stderr().contains("container nope is not valid for pod web"));
        Kubectl.Result negative = tenant.run("get", "--raw", base + "?container=app&tailLines=-1");
        assertTrue(negative.stderr().contains(
                "PodLogOptions \"web\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0"), negative.stderr());
        assertTrue(tenant.run("get", "--raw", base + "?container=app&sinceSeconds=5&sinceTime=2026-12-06T10:00:00Z").stderr()
                .contains("at most one of `sinceTime` or `sinceSeconds` may be specified"));
        assertTrue(tenant.run("get", "--raw", base + "?container=app&follow=maybe").stderr()
                .contains("follow: invalid value \"maybe\": must be true or false"));
        assertTrue(tenant.run("logs", "nothere").stderr().contains("pods \"nothere\" not found"));
    }

    @Test
    void theKubeletsRefusalComesBackAsItSaidIt() {
        Kubectl.Result previous = tenant.run("logs", "web", "-c", "side", "--previous");
        assertNotEquals(0, previous.exitCode());
        assertTrue(previous.stderr().contains("previous terminated container \"side\" in pod \"web\" not found"), previous.stderr());
    }

    @Test
    void aPodOnNoNodeYetHasAnEmptyLog() {
        tenant.run("run", "later", "--image=nginx").ok();
        Kubectl.Result logs = tenant.run("logs", "later");
        assertEquals(0, logs.exitCode(), logs.stderr());
        assertEquals("", logs.stdout());
    }

    /**
     * A syncer that is down is named in a 503; a new one records a new address and certificate, and Kubicle follows
     * it at once (the certificate it pins is read per request).
     */
    @Test
    void aRestartedSyncerServesLogsUnderItsNewCertificate() throws Exception {
        Map<?, ?> before = recordedLogs();
        syncer.close();
        Kubectl.Result down = tenant.run("logs", "web", "-c", "app");
        assertNotEquals(0, down.exitCode());
        assertTrue(down.stderr().contains("ServiceUnavailable") && down.stderr().contains("cannot reach the syncer at "), down.stderr());
        syncer = SyncerProcess.start(kubicle.kubeconfig(), hostStandIn.kubeconfig(), "--resync-seconds", "5", "--tenant-dns", "false",
                "--workspaces", "logs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (recordedLogs().equals(before)) {
            assertTrue(System.nanoTime() < deadline, "the new syncer never recorded itself; " + syncer.output());
            Thread.sleep(200);
        }
        assertTrue(tenant.run("logs", "web", "-c", "app").ok().stdout().startsWith("line 1 of " + hostNamespace + "/web/app\n"));
    }

    /** The Workspace's status.syncer.containersEndpoint. */
    private static Map<?, ?> recordedLogs() throws Exception {
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubicle.kubeconfig())))
                .build()) {
            GenericKubernetesResource ws = admin.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("logs").get();
            return (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) ws.getAdditionalProperties().get("status")).get("syncer")).get("containersEndpoint");
        }
    }

    /**
     * A tenant writes its own Nodes and bindings: Kubicle must not dial the address of one (it would fetch from any host
     * the tenant names). Without a syncer serving the workspace's logs, the answer says so.
     */
    @Test
    void aTenantsOwnNodeIsNeverDialed() throws Exception {
        Kubectl plain = new Kubectl(Workspaces.provision(root, dir, "plain"), dir.resolve("cache"));
        plain.runWithInput("""
                apiVersion: v1
                kind: Node
                metadata: {name: node-a}
                status:
                  addresses: [{type: InternalIP, address: 127.0.0.1}]
                  daemonEndpoints: {kubeletEndpoint: {Port: %d}}
                """.formatted(kubelet.port()), "create", "-f", "-").ok();
        plain.run("run", "web", "--image=nginx").ok();
        plain.runWithInput("""
                {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "web"}, "target": {"kind": "Node", "name": "node-a"}}
                """, "create", "--raw", "/api/v1/namespaces/default/pods/web/binding", "-f", "-").ok();
        Kubectl.Result logs = plain.run("logs", "web");
        assertNotEquals(0, logs.exitCode());
        assertTrue(logs.stderr().contains("pod web runs on node node-a, but no syncer serves the containers of workspace plain's pods"),
                logs.stderr());
        assertTrue(kubelet.asked.stream().noneMatch(u -> u.startsWith("/containerLogs/default/")), kubelet.asked.toString());
    }

    @Test
    void theWorkspaceRecordsWhereItsLogsAreServed() throws Exception {
        Map<?, ?> logs = recordedLogs();
        assertTrue(String.valueOf(logs.get("url")).matches("https://127\\.0\\.0\\.1:\\d+"), logs.toString());
        assertTrue(String.valueOf(logs.get("certificateSHA256")).matches("[0-9a-f]{64}"), logs.toString());
    }
}
