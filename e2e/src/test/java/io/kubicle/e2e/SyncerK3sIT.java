package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.Shard;
import io.kubicle.syncer.SyncLabels;
import io.kubicle.syncer.Syncer;
import io.kubicle.syncer.TenantApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The syncer against a real host: K3s in a container (a plain GenericContainer running rancher/k3s; its
 * kubeconfig is copied out and pointed at the mapped port). Here a real kubelet runs pods, a real
 * scheduler honours the pool's selector, and a real allocator gives services cluster IPs. Skipped where
 * no Docker engine exists; {@link SyncerIT} covers the same loop with a Kubicle host stand-in there.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(600)
class SyncerK3sIT {
    @Container
    @SuppressWarnings("resource")
    static final GenericContainer<?> K3S = new GenericContainer<>(DockerImageName.parse("rancher/k3s:v1.33.1-k3s1"))
            .withPrivilegedMode(true)
            // K3s's own metrics-server stays: kubectl top in a workspace reads it (aTenantReadsItsPodsUsageFromTheHostsMetricsServer)
            .withCommand("server", "--disable=traefik", "--tls-san=127.0.0.1")
            .withExposedPorts(6443)
            .waitingFor(Wait.forLogMessage(".*Node controller sync successful.*", 1))
            .withStartupTimeout(Duration.ofMinutes(3));

    @TempDir
    static Path dir;
    static KubicleProcess kubicle;
    static Config operator;
    static KubernetesClient root;
    static KubernetesClient host;
    static Syncer syncer;
    static Path hostKubeconfig;
    static Config hostConfig;
    static String gateway;

    @BeforeAll
    static void start() throws Exception {
        String k3sConfig = K3S.copyFileFromContainer("/etc/rancher/k3s/k3s.yaml",
                in -> new String(in.readAllBytes(), StandardCharsets.UTF_8))
                .replace("https://127.0.0.1:6443", "https://" + K3S.getHost() + ":" + K3S.getMappedPort(6443));
        Path hostKubeconfig = dir.resolve("k3s.kubeconfig");
        Files.writeString(hostKubeconfig, k3sConfig);
        Config hostConfig = Config.fromKubeconfig(k3sConfig);
        host = new KubernetesClientBuilder().withConfig(hostConfig).build();
        SyncerIT.await("a Ready K3s node", () -> host.nodes().list().getItems().stream().anyMatch(n -> n.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))));
        SyncerIT.await("the default ServiceAccount", () -> host.serviceAccounts().inNamespace("default").withName("default").get() != null);
        host.resource(new PriorityClassBuilder().withNewMetadata().withName("batch").endMetadata().withValue(1000).build()).create();

        // K3s pods reach this host through the container's gateway: Kubicle listens there too, with it in its certificate
        gateway = K3S.getContainerInfo().getNetworkSettings().getGateway();
        kubicle = KubicleProcess.startListening(dir.resolve("kubicle"), "0.0.0.0:0", "--tls-san", gateway);
        operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
        root = new KubernetesClientBuilder().withConfig(operator).build();
        SyncerK3sIT.hostKubeconfig = hostKubeconfig;
        SyncerK3sIT.hostConfig = hostConfig;
        syncer = startSyncer();
    }

    static Syncer startSyncer() {
        String ca = new String(java.util.Base64.getDecoder().decode(operator.getCaCertData()), StandardCharsets.UTF_8);
        TenantApi api = TenantApi.parse("https://" + gateway + ":" + java.net.URI.create(kubicle.url()).getPort(), ca);
        Syncer s = new Syncer(operator, hostConfig, new Syncer.Options(Set.of(), Shard.ALL, Duration.ofSeconds(5), 4).withTenantApi(api));
        s.serveContainers(new java.net.InetSocketAddress("127.0.0.1", 0), null, ca);
        s.start();
        return s;
    }

    @AfterAll
    static void stop() throws Exception {
        if (syncer != null) {
            syncer.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {root, host, kubicle}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static KubernetesClient workspace(String name, String specJson) {
        root.resource(Serialization.unmarshal("{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + specJson + "}", GenericKubernetesResource.class)).create();
        String base = operator.getMasterUrl().substring(0, operator.getMasterUrl().indexOf("/clusters/"));
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(operator).withMasterUrl(base + "/clusters/" + name).build()).build();
    }

    static Pod sleeper(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36").withCommand("sleep", "3600").endContainer()
                .withTerminationGracePeriodSeconds(0L).endSpec().build();
    }

    /** As SyncerIT's, with time for a real host: image pulls, a scheduler and a kubelet. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        SyncerIT.await(what, Duration.ofMinutes(3), condition);
    }

    @Test
    void podRunsOnTheHostWithThePoolPolicyAndItsStatusComesBack() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-a", """
                {"gpuPool":{"nodeSelector":{"kubernetes.io/os":"linux"},
                 "tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}],"priorityClassName":"batch"}}""")) {
            String hostNs = HostNames.namespace("k3s-a", "default");
            tenant.pods().inNamespace("default").resource(sleeper("web")).create();
            await("tenant pod Running with an IP", () -> {
                Pod p = tenant.pods().inNamespace("default").withName("web").get();
                return "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null;
            });
            Pod onHost = host.pods().inNamespace(hostNs).withName("web").get();
            assertEquals("batch", onHost.getSpec().getPriorityClassName());
            assertEquals(Map.of("kubernetes.io/os", "linux"), onHost.getSpec().getNodeSelector());
            Pod back = tenant.pods().inNamespace("default").withName("web").get();
            assertEquals(onHost.getStatus().getPodIP(), back.getStatus().getPodIP());
            assertEquals(onHost.getSpec().getNodeName(), back.getSpec().getNodeName());

            // a GPU request passes through untouched: K3s has no GPU, so the host scheduler says so and that comes back too
            tenant.pods().inNamespace("default").resource(new PodBuilder(sleeper("gpu")).editSpec().editFirstContainer().withNewResources()
                    .addToLimits("nvidia.com/gpu", new Quantity("1")).endResources().endContainer().endSpec().build()).create();
            await("unschedulable condition on the tenant pod", () -> tenant.pods().inNamespace("default").withName("gpu").get()
                    .getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())));
            assertEquals(new Quantity("1"), host.pods().inNamespace(hostNs).withName("gpu").get().getSpec().getContainers().get(0)
                    .getResources().getLimits().get("nvidia.com/gpu"));
            await("scheduler event copied up", () -> tenant.v1().events().inNamespace("default").list().getItems().stream()
                    .anyMatch(e -> "gpu".equals(e.getInvolvedObject().getName()) && "FailedScheduling".equals(e.getReason())));

            tenant.pods().inNamespace("default").withName("web").delete();
            await("host pod gone", () -> host.pods().inNamespace(hostNs).withName("web").get() == null);
        }
    }

    @Test
    void aPodRunsKubectlAgainstItsOwnWorkspaceWithInClusterConfig() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-api", "{}")) {
            tenant.serviceAccounts().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                    .withNewMetadata().withName("worker").endMetadata().build()).create();
            tenant.rbac().roleBindings().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                    .withNewMetadata().withName("worker-view").endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io")
                    .withKind("ClusterRole").withName("view").endRoleRef().addNewSubject().withKind("ServiceAccount").withName("worker")
                    .withNamespace("default").endSubject().build()).create();
            // plain in-cluster config: kubectl reads KUBERNETES_SERVICE_HOST/PORT and the mounted token, ca.crt and namespace
            tenant.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("probe").endMetadata()
                    .withNewSpec().withServiceAccountName("worker").withRestartPolicy("Never").addNewContainer().withName("kubectl")
                    .withImage("bitnami/kubectl:1.31").withCommand("sh", "-c",
                            "kubectl get pods -o name && if kubectl get secrets; then exit 1; fi").endContainer().endSpec().build())
                    .create();
            await("the probe finished", () -> {
                String phase = tenant.pods().inNamespace("default").withName("probe").get().getStatus().getPhase();
                return "Succeeded".equals(phase) || "Failed".equals(phase);
            });
            String log = host.pods().inNamespace(HostNames.namespace("k3s-api", "default")).withName("probe").getLog();
            assertEquals("Succeeded", tenant.pods().inNamespace("default").withName("probe").get().getStatus().getPhase(), log);
            assertTrue(log.contains("pod/probe"), "it listed its workspace's pods: " + log);
            assertTrue(log.contains("cannot list resource \"secrets\""), "its ServiceAccount's RBAC holds: " + log);
        }
    }

    @Test
    void aTokenAPodProjectsForVaultIsAWorkspaceTokenInTheFileTheKubeletMounts() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-vault", "{}")) {
            // the file a real kubelet writes from the pod's token Secret, never the host's own projected token
            tenant.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("agent").endMetadata()
                    .withNewSpec().withRestartPolicy("Never").withAutomountServiceAccountToken(false).addNewContainer().withName("c")
                    .withImage("busybox:1.36").withCommand("cat", "/var/run/secrets/vault/token").addNewVolumeMount().withName("vault-token")
                    .withMountPath("/var/run/secrets/vault").endVolumeMount().endContainer().addNewVolume().withName("vault-token")
                    .withNewProjected().addNewSource().withNewServiceAccountToken().withAudience("vault").withExpirationSeconds(600L)
                    .withPath("token").endServiceAccountToken().endSource().endProjected().endVolume().endSpec().build()).create();
            await("the agent finished", () -> "Succeeded".equals(tenant.pods().inNamespace("default").withName("agent").get()
                    .getStatus().getPhase()));
            String token = host.pods().inNamespace(HostNames.namespace("k3s-vault", "default")).withName("agent").getLog().trim();
            var review = tenant.resource(new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                    .withToken(token).withAudiences("vault").endSpec().build()).create();
            assertTrue(review.getStatus().getAuthenticated(), "a token of the workspace: " + review.getStatus());
            assertEquals("system:serviceaccount:default:default", review.getStatus().getUser().getUsername());
            var onHost = host.resource(new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                    .withToken(token).endSpec().build()).create();
            assertTrue(!Boolean.TRUE.equals(onHost.getStatus().getAuthenticated()), "no credential of the host: " + onHost.getStatus());
        }
    }

    @Test
    void syncerProcessKilledMidBurstConvergesWithRealKubelet() throws Exception {
        syncer.close(); // this test runs the syncer as its own process, to SIGKILL it
        syncer = null;
        List<String> namespaces = List.of("default");
        SyncerProcess first = SyncerProcess.start(kubicle.kubeconfig(), hostKubeconfig, "--resync-seconds", "5");
        SyncerProcess restarted = null;
        try (KubernetesClient tenant = workspace("k3s-kill", "{}")) {
            String label = HostNames.labelValue("k3s-kill");
            SyncerConvergence.burstWithKill(tenant, namespaces, 12, p -> new PodBuilder(sleeper(p.getMetadata().getName())).build(),
                    () -> host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, label).list().getItems().size(), 4, first::kill);
            restarted = SyncerProcess.start(kubicle.kubeconfig(), hostKubeconfig, "--resync-seconds", "5");
            SyncerProcess running = restarted;
            await("both sides converged", () -> SyncerConvergence.converged(tenant, host, "k3s-kill", namespaces, running));
        } finally {
            first.close();
            if (restarted != null) {
                restarted.close();
            }
            syncer = startSyncer();
        }
    }

    @Test
    void serviceGetsTheHostClusterIpAndItsNameResolvesForPodsOfItsNamespace() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-svc", "{}")) {
            String hostNs = HostNames.namespace("k3s-svc", "default");
            tenant.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
            await("host service with an IP", () -> host.services().inNamespace(hostNs).withName("web").get().getSpec().getClusterIP() != null);
            String ip = host.services().inNamespace(hostNs).withName("web").get().getSpec().getClusterIP();
            await("tenant sees the host IP", () -> ip.equals(tenant.services().inNamespace("default").withName("web").get()
                    .getSpec().getClusterIP()));

            // a server behind the service, and a client that reaches it by the service's short name (host DNS, host proxy)
            tenant.pods().inNamespace("default").resource(webServer("hello-from-web")).create();
            String log = runClient(tenant, "k3s-svc", "default",
                    "for i in $(seq 1 60); do wget -qO- -T 2 http://web && exit 0; sleep 2; done; exit 1");
            assertTrue(log.contains("hello-from-web"), log);
        }
    }

    /** kubectl logs, -f and --tail of a real container, through Kubicle, the syncer's log endpoint, K3s and its kubelet. */
    @Test
    void tenantsFollowTheLogOfARealContainer() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-logs", "{}")) {
            tenant.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("ticker").endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36")
                    .withCommand("sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done").endContainer()
                    .withTerminationGracePeriodSeconds(0L).endSpec().build()).create();
            await("the ticker runs", () -> "Running".equals(tenant.pods().inNamespace("default").withName("ticker").get()
                    .getStatus().getPhase()));
            try (io.fabric8.kubernetes.client.dsl.LogWatch watch = tenant.pods().inNamespace("default").withName("ticker").watchLog();
                 java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(watch.getOutput(),
                         StandardCharsets.UTF_8))) {
                assertEquals("tick 1", lines.readLine());
                assertEquals("tick 2", lines.readLine());
                assertEquals("tick 3", lines.readLine());
            }
            String last = tenant.pods().inNamespace("default").withName("ticker").tailingLines(1).getLog();
            assertTrue(last.matches("tick \\d+\n"), last);
        }
    }

    /** kubectl exec (with stdin and an exit code) and port-forward into a real container, through Kubicle and the syncer. */
    @Test
    void tenantsExecPortForwardAndDebugRealContainers() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-exec", "{}")) {
            tenant.pods().inNamespace("default").resource(webServer("hello-from-exec")).create();
            await("the web server runs", () -> "Running".equals(tenant.pods().inNamespace("default").withName("web").get()
                    .getStatus().getPhase()));
            Path kubeconfig = dir.resolve("k3s-exec.kubeconfig");
            Files.writeString(kubeconfig, Files.readString(kubicle.kubeconfig()).replace("/clusters/root", "/clusters/k3s-exec"));
            Kubectl kubectl = new Kubectl(kubeconfig, dir.resolve("kubectl-cache"));
            assertEquals("hello-from-exec\n", kubectl.run("exec", "web", "--", "cat", "/tmp/index.html").ok().stdout());
            assertEquals("from stdin\n", kubectl.runWithInput("from stdin\n", "exec", "-i", "web", "--", "cat").ok().stdout());
            assertEquals(3, kubectl.run("exec", "web", "--", "sh", "-c", "exit 3").exitCode());
            BackgroundCommand forward = kubectl.start("port-forward", "pod/web", "0:80");
            try {
                java.util.regex.Pattern forwarding = java.util.regex.Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> 80");
                forward.awaitStdout(forwarding, 60);
                java.util.regex.Matcher port = forwarding.matcher(forward.output());
                assertTrue(port.find(), forward.output());
                java.net.http.HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                        .newBuilder(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals("hello-from-exec\n", page.body());
            } finally {
                forward.stop();
            }
            // kubectl debug: an ephemeral container in the running pod that sees the web server's processes
            kubectl.run("debug", "web", "--image=busybox:1.36", "-c", "dbg", "--target=c", "--profile=baseline", "--", "ps").ok();
            await("the debug container ran", () -> {
                var statuses = tenant.pods().inNamespace("default").withName("web").get().getStatus().getEphemeralContainerStatuses();
                return statuses != null && statuses.stream().anyMatch(s -> s.getName().equals("dbg") && s.getState().getTerminated() != null);
            });
            String processes = kubectl.run("logs", "web", "-c", "dbg").ok().stdout();
            assertTrue(processes.contains("httpd -f -p 80 -h /tmp"), processes);
        }
    }

    /** A running pod resized in place by its tenant: the real kubelet applies the new cpu, the tenant sees it applied. */
    @Test
    void aRunningPodIsResizedInPlaceByARealKubelet() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-resize", "{}")) {
            tenant.pods().inNamespace("default").resource(new PodBuilder(webServer("resized")).editSpec().editFirstContainer()
                    .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("100m"))
                    .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("200m")).endResources().endContainer().endSpec()
                    .build()).create();
            await("the web server runs", () -> "Running".equals(tenant.pods().inNamespace("default").withName("web").get()
                    .getStatus().getPhase()));
            String hostUid = host.pods().inNamespace(HostNames.namespace("k3s-resize", "default")).withName("web").get()
                    .getMetadata().getUid();
            tenant.pods().inNamespace("default").withName("web").subresource("resize").patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                    "{\"spec\":{\"containers\":[{\"name\":\"c\",\"resources\":{\"requests\":{\"cpu\":\"150m\"},"
                            + "\"limits\":{\"cpu\":\"300m\"}}}]}}");
            await("the kubelet applied the new cpu and the tenant sees it", () -> {
                var statuses = tenant.pods().inNamespace("default").withName("web").get().getStatus().getContainerStatuses();
                return statuses != null && !statuses.isEmpty() && statuses.get(0).getResources() != null
                        && "150m".equals(String.valueOf(statuses.get(0).getResources().getRequests().get("cpu")));
            });
            assertEquals(hostUid, host.pods().inNamespace(HostNames.namespace("k3s-resize", "default")).withName("web").get()
                    .getMetadata().getUid(), "resized in place, not replaced");
        }
    }

    /**
     * {@code kubectl top pod} in a workspace: the usage K3s's metrics-server measured of the host pod, under the tenant's
     * namespace and labels. metrics-server scrapes each kubelet every 15 s and needs two samples of a new pod, so it shows
     * up to a minute or two after it started.
     */
    @Test
    void aTenantReadsItsPodsUsageFromTheHostsMetricsServer() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-top", "{}")) {
            tenant.pods().inNamespace("default").resource(sleeper("busy")).create();
            await("busy runs", () -> "Running".equals(tenant.pods().inNamespace("default").withName("busy").get().getStatus().getPhase()));
            SyncerIT.await("busy's usage through the tenant's metrics.k8s.io", Duration.ofMinutes(4), () -> {
                var usage = tenant.top().pods().metrics("default", "busy").getContainers().get(0).getUsage();
                return usage.containsKey("cpu") && usage.containsKey("memory");
            });
            var metrics = tenant.top().pods().metrics("default", "busy");
            assertEquals("default", metrics.getMetadata().getNamespace());
            assertEquals(Map.of("app", "busy"), metrics.getMetadata().getLabels());
            assertEquals("c", metrics.getContainers().get(0).getName());
            assertTrue(metrics.getContainers().get(0).getUsage().get("memory").getNumericalAmount().signum() > 0, metrics::toString);
            var hostMetrics = host.top().pods().metrics(HostNames.namespace("k3s-top", "default"), "busy");
            assertEquals(hostMetrics.getContainers().stream().map(c -> c.getName()).toList(),
                    metrics.getContainers().stream().map(c -> c.getName()).toList());
            assertEquals(List.of("default/busy"), tenant.top().pods().metrics().getItems().stream()
                    .map(m -> m.getMetadata().getNamespace() + "/" + m.getMetadata().getName()).toList(), "the workspace's pods only");
        }
    }

    /**
     * A tenant budget of {@code maxUnavailable: 1} protects its pods on a real host: the host copy's integer minAvailable
     * is one K3s's own disruption controller can compute for pods without owners, and its eviction API refuses the
     * eviction that would go past it.
     */
    @Test
    void aTenantBudgetHoldsOffARealHostsEvictions() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-budget", "{}");
             KubernetesClient hostOnce = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(hostConfig)
                     .withRequestRetryBackoffLimit(0).build()).build()) {
            tenant.apps().deployments().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                    .withNewMetadata().withName("web").endMetadata().withNewSpec().withReplicas(2).withNewSelector()
                    .addToMatchLabels("app", "web").endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web")
                    .endMetadata().withSpec(sleeper("web").getSpec()).endTemplate().endSpec().build()).create();
            tenant.policy().v1().podDisruptionBudget().inNamespace("default").resource(
                    new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder().withNewMetadata().withName("web")
                            .endMetadata().withNewSpec().withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                            .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
            String hostNs = HostNames.namespace("k3s-budget", "default");
            await("K3s's disruption controller counts two healthy pods and allows one disruption", () -> {
                var budget = host.policy().v1().podDisruptionBudget().inNamespace(hostNs).withName("web").get();
                return budget != null && budget.getSpec().getMinAvailable() != null && budget.getSpec().getMinAvailable().getIntVal() == 1
                        && budget.getStatus() != null && Integer.valueOf(2).equals(budget.getStatus().getCurrentHealthy())
                        && Integer.valueOf(1).equals(budget.getStatus().getDisruptionsAllowed());
            });
            List<String> pods = host.pods().inNamespace(hostNs).withLabel("app", "web").list().getItems().stream()
                    .map(p -> p.getMetadata().getName()).sorted().toList();
            assertTrue(hostOnce.pods().inNamespace(hostNs).withName(pods.get(0)).evict(eviction(pods.get(0), hostNs)),
                    "one disruption allowed");
            assertTrue(!hostOnce.pods().inNamespace(hostNs).withName(pods.get(1)).evict(eviction(pods.get(1), hostNs)),
                    "the second would break the budget");
            await("the evicted pod failed in the tenant", () -> "DeletedOnHost".equals(tenant.pods().inNamespace("default")
                    .withName(pods.get(0)).get().getStatus().getReason()));
        }
    }

    static io.fabric8.kubernetes.api.model.policy.v1.Eviction eviction(String pod, String namespace) {
        return new io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder().withNewMetadata().withName(pod)
                .withNamespace(namespace).endMetadata().build();
    }

    /** pods/proxy and services/proxy of a real pod (kubectl get --raw), through Kubicle, the syncer and K3s's own proxy. */
    @Test
    void tenantsReachAPodAndAServiceThroughTheirProxy() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-proxy", "{}")) {
            tenant.pods().inNamespace("default").resource(webServer("hello-through-proxy")).create();
            tenant.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addToSelector("app", "web").addNewPort().withPort(8080).withNewTargetPort(80).endPort().endSpec()
                    .build()).create();
            await("the web server runs", () -> "Running".equals(tenant.pods().inNamespace("default").withName("web").get()
                    .getStatus().getPhase()));
            String hostNs = HostNames.namespace("k3s-proxy", "default");
            await("the host service has an endpoint", () -> {
                var endpoints = host.endpoints().inNamespace(hostNs).withName("web").get();
                return endpoints != null && endpoints.getSubsets() != null && !endpoints.getSubsets().isEmpty();
            });
            Path kubeconfig = dir.resolve("k3s-proxy.kubeconfig");
            Files.writeString(kubeconfig, Files.readString(kubicle.kubeconfig()).replace("/clusters/root", "/clusters/k3s-proxy"));
            Kubectl kubectl = new Kubectl(kubeconfig, dir.resolve("kubectl-cache"));
            assertEquals("hello-through-proxy\n", kubectl.run("get", "--raw", "/api/v1/namespaces/default/pods/web:80/proxy/index.html")
                    .ok().stdout());
            assertEquals("hello-through-proxy\n", kubectl.run("get", "--raw",
                    "/api/v1/namespaces/default/services/web:8080/proxy/index.html").ok().stdout());
        }
    }

    /** A busybox web server answering {@code reply}, labelled {@code app=web}. */
    static Pod webServer(String reply) {
        return new PodBuilder().withNewMetadata().withName("web").addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("busybox:1.36")
                .withCommand("sh", "-c", "echo " + reply + " > /tmp/index.html && exec httpd -f -p 80 -h /tmp")
                .endContainer().withTerminationGracePeriodSeconds(0L).endSpec().build();
    }

    /** Runs {@code script} in a pod "client" of {@code namespace} to its end, asserts it succeeded and returns its log. */
    static String runClient(KubernetesClient tenant, String workspace, String namespace, String script) throws InterruptedException {
        tenant.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName("client").endMetadata()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("c").withImage("busybox:1.36")
                .withCommand("sh", "-c", script).endContainer().endSpec().build()).create();
        await("the client finished", () -> {
            String phase = tenant.pods().inNamespace(namespace).withName("client").get().getStatus().getPhase();
            return "Succeeded".equals(phase) || "Failed".equals(phase);
        });
        String log = host.pods().inNamespace(HostNames.namespace(workspace, namespace)).withName("client").getLog();
        assertEquals("Succeeded", tenant.pods().inNamespace(namespace).withName("client").get().getStatus().getPhase(), log);
        // the tenant reads the same log through Kubicle and the syncer's log endpoint (kubectl logs)
        assertEquals(log, tenant.pods().inNamespace(namespace).withName("client").getLog());
        return log;
    }

    /** Names carrying a tenant namespace go through the workspace's own DNS server (CoreDNS on the host, tenant DNS). */
    @Test
    void aClientReachesAServiceOfAnotherTenantNamespaceByNamesCarryingThatNamespace() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-dns", "{}")) {
            tenant.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("backend")
                    .endMetadata().build()).create();
            await("default ServiceAccount in backend", () -> tenant.serviceAccounts().inNamespace("backend").withName("default").get() != null);
            tenant.services().inNamespace("backend").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
            tenant.pods().inNamespace("backend").resource(webServer("hello-from-backend")).create();
            // the short form and the full name, each through the search list or the rules; the loop waits out image pulls
            String log = runClient(tenant, "k3s-dns", "default", "cat /etc/resolv.conf; for i in $(seq 1 60); do"
                    + " if a=$(wget -qO- -T 2 http://web.backend) && b=$(wget -qO- -T 2 http://web.backend.svc.cluster.local); then"
                    + " echo \"short: $a\"; echo \"full: $b\"; nslookup web.backend.svc.cluster.local; exit 0; fi; sleep 2; done; exit 1");
            assertTrue(log.contains("short: hello-from-backend"), log);
            assertTrue(log.contains("full: hello-from-backend"), log);
            String dnsIp = host.services().inNamespace(HostNames.dnsNamespace("k3s-dns")).withName("kubicle-dns").get().getSpec().getClusterIP();
            assertTrue(log.contains("nameserver " + dnsIp), "the client asked the workspace's DNS server: " + log);
        }
    }

    @Test
    void podNamingANodeRefusedAndWorkspaceDeletionCleansTheHost() throws Exception {
        try (KubernetesClient tenant = workspace("k3s-gone", "{\"podSecurity\":\"baseline\"}")) {
            tenant.pods().inNamespace("default").resource(new PodBuilder(sleeper("sneaky")).editSpec().withNodeName("k3s-node").endSpec().build())
                    .create();
            tenant.pods().inNamespace("default").resource(sleeper("ok")).create();
            tenant.pods().inNamespace("default").resource(new PodBuilder(sleeper("critical")).editSpec()
                    .withPriorityClassName("system-node-critical").endSpec().build()).create();
            await("refused", () -> "SyncRefused".equals(tenant.pods().inNamespace("default").withName("sneaky").get().getStatus().getReason()));
            String hostNs = HostNames.namespace("k3s-gone", "default");
            await("ok pod on host", () -> host.pods().inNamespace(hostNs).withName("ok").get() != null);
            assertNull(host.pods().inNamespace(hostNs).withName("sneaky").get());
            // K3s has the class too, and would rank the pod above every other tenant's: the host copy names none
            await("critical pod on host", () -> host.pods().inNamespace(hostNs).withName("critical").get() != null);
            Pod critical = host.pods().inNamespace(hostNs).withName("critical").get();
            assertNull(critical.getSpec().getPriorityClassName());
            assertEquals(0, critical.getSpec().getPriority());
        }
        root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("k3s-gone").delete();
        await("host namespaces gone", () -> host.namespaces().withLabel(SyncLabels.WORKSPACE, "k3s-gone").list().getItems().isEmpty());
        assertTrue(host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, "k3s-gone").list().getItems().isEmpty());
        assertNull(host.namespaces().withName(HostNames.dnsNamespace("k3s-gone")).get(), "the DNS server went too");
    }
}
