package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.Syncer;
import io.kubicle.syncer.SyncLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syncer between two real Kubicle processes. The second one is a HOST STAND-IN: a Kubicle server
 * playing the host cluster because no Docker engine (and so no K3s) exists here; {@code SyncerK3sIT}
 * runs the same loop against a real K3s where Docker exists. The stand-in runs no kubelet, scheduler or
 * service IP allocator, so this test plays them: it writes host pod status (status subresource) and,
 * where the stand-in leaves it empty, a host Service's cluster IP. The syncer runs in-process.
 */
@Timeout(300)
class SyncerIT {
    @TempDir
    static Path dir;
    static KubicleProcess kubicle;
    static KubicleProcess hostStandIn;
    static Config operator;
    static KubernetesClient root;
    static KubernetesClient host;
    static Syncer syncer;

    @BeforeAll
    static void start() throws Exception {
        kubicle = KubicleProcess.start(dir.resolve("kubicle"));
        hostStandIn = KubicleProcess.start(dir.resolve("host-stand-in"));
        operator = Config.fromKubeconfig(Files.readString(kubicle.kubeconfig()));
        root = new KubernetesClientBuilder().withConfig(operator).build();
        host = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig()))).build();
        // the pool's class, which the host operator creates (the host refuses a pod naming a class it lacks)
        host.resource(new io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder().withNewMetadata().withName("batch")
                .endMetadata().withValue(1000).build()).create();
        syncer = startSyncer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (syncer != null) {
            syncer.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {root, host, kubicle, hostStandIn}) {
            if (c != null) {
                c.close();
            }
        }
    }

    static Syncer startSyncer() throws Exception {
        Syncer s = new Syncer(operator, Config.fromKubeconfig(Files.readString(hostStandIn.kubeconfig())),
                new Syncer.Options(Set.of(), io.kubicle.syncer.Shard.ALL, Duration.ofSeconds(5), 4));
        s.start();
        return s;
    }

    static KubernetesClient workspace(String name, String specJson) {
        return workspace(root, operator, name, specJson);
    }

    /** Creates a Workspace through {@code root} and returns an operator client at its endpoint. */
    static KubernetesClient workspace(KubernetesClient root, Config operator, String name, String specJson) {
        GenericKubernetesResource ws = Serialization.unmarshal("{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\","
                + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + specJson + "}", GenericKubernetesResource.class);
        root.resource(ws).create();
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(operator)
                .withMasterUrl(baseUrl(operator) + "/clusters/" + name).build()).build();
    }

    private static String baseUrl(Config operator) {
        String url = operator.getMasterUrl();
        return url.substring(0, url.indexOf("/clusters/"));
    }

    static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(60), condition);
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not there yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for: " + what);
    }

    @Test
    void gpuPodRunsInTheMappedHostNamespaceWithPoolPolicyAndStatusComesBack() throws Exception {
        KubernetesClient tenant = workspace("team-a", """
                {"podSecurity":"baseline","gpuPool":{"nodeSelector":{"gpu":"a100"},
                 "tolerations":[{"key":"nvidia.com/gpu","operator":"Exists","effect":"NoSchedule"}],"priorityClassName":"batch"}}""");
        String hostNs = HostNames.namespace("team-a", "default");
        tenant.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .addToData("mode", "train").build()).create();
        Pod gpu = new PodBuilder(pod("train")).editSpec().editFirstContainer().withNewResources()
                .addToLimits("nvidia.com/gpu", new Quantity("2")).endResources()
                .addNewEnvFrom().withNewConfigMapRef().withName("cfg").endConfigMapRef().endEnvFrom().endContainer().endSpec().build();
        Pod created = tenant.pods().inNamespace("default").resource(gpu).create();

        await("host pod", () -> host.pods().inNamespace(hostNs).withName("train").get() != null);
        Pod onHost = host.pods().inNamespace(hostNs).withName("train").get();
        assertEquals(Map.of("gpu", "a100"), onHost.getSpec().getNodeSelector());
        assertEquals("batch", onHost.getSpec().getPriorityClassName());
        assertEquals(1000, onHost.getSpec().getPriority());
        assertEquals("nvidia.com/gpu", onHost.getSpec().getTolerations().get(0).getKey());
        assertEquals(new Quantity("2"), onHost.getSpec().getContainers().get(0).getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(created.getMetadata().getUid(), onHost.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
        assertEquals("team-a", host.namespaces().withName(hostNs).get().getMetadata().getLabels().get(SyncLabels.WORKSPACE));
        await("referenced ConfigMap on the host", () -> "train".equals(host.configMaps().inNamespace(hostNs).withName("cfg").get()
                .getData().get("mode")));
        await("default ServiceAccount on the host", () -> host.serviceAccounts().inNamespace(hostNs).withName("default").get() != null);
        await("mapping in Workspace status", () -> hostNs.equals(mapping("team-a").get("default")));
        // the pod's token volume names the tenant's kube-root-ca.crt, but reaches the host as its token Secret: the host
        // namespace keeps its own kube-root-ca.crt (the host's CA, as a real host's root-ca-cert-publisher keeps it)
        assertTrue(created.getSpec().getVolumes().stream().anyMatch(v -> v.getName().startsWith("kube-api-access-")));
        assertEquals(host.configMaps().inNamespace("default").withName("kube-root-ca.crt").get().getData(),
                host.configMaps().inNamespace(hostNs).withName("kube-root-ca.crt").get().getData());
        assertNotEquals(tenant.configMaps().inNamespace("default").withName("kube-root-ca.crt").get().getData(),
                host.configMaps().inNamespace(hostNs).withName("kube-root-ca.crt").get().getData());
        assertFalse(syncerStatus("team-a").containsKey("hostQuotaRefusals"), "no refusal, no entry: " + syncerStatus("team-a"));

        // the test plays the kubelet on the host stand-in
        host.pods().inNamespace(hostNs).withName("train").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), """
                {"status":{"phase":"Running","podIP":"10.42.0.9","podIPs":[{"ip":"10.42.0.9"}],"hostIP":"192.168.5.4",
                 "conditions":[{"type":"Ready","status":"True"}],
                 "containerStatuses":[{"name":"c","ready":true,"restartCount":0,"image":"busybox","imageID":"","state":{"running":{}}}]}}""");
        await("status back on the tenant pod", () -> "Running".equals(tenant.pods().inNamespace("default").withName("train").get()
                .getStatus().getPhase()));
        Pod back = tenant.pods().inNamespace("default").withName("train").get();
        assertEquals("10.42.0.9", back.getStatus().getPodIP());
        assertEquals("192.168.5.4", back.getStatus().getHostIP());
        assertTrue(back.getStatus().getContainerStatuses().get(0).getReady());

        // the test plays the host's scheduler too: it binds the host pod, and the syncer binds the tenant pod (pods/binding)
        host.bindings().inNamespace(hostNs).resource(new io.fabric8.kubernetes.api.model.BindingBuilder().withNewMetadata()
                .withName("train").endMetadata().withNewTarget().withKind("Node").withName("gpu-node-1").endTarget().build()).create();
        await("node name bound on the tenant pod", () -> "gpu-node-1".equals(tenant.pods().inNamespace("default").withName("train").get()
                .getSpec().getNodeName()));

        // tenant delete → host delete (and the ConfigMap nobody references any more goes too)
        tenant.pods().inNamespace("default").withName("train").delete();
        await("host pod deleted", () -> host.pods().inNamespace(hostNs).withName("train").get() == null);
        await("unreferenced ConfigMap deleted", () -> host.configMaps().inNamespace(hostNs).withName("cfg").get() == null);
        tenant.close();
    }

    @Test
    void aServiceTakesTheHostsClusterIpAndLoadBalancer() throws Exception {
        KubernetesClient tenant = workspace("team-svc", "{}");
        String hostNs = HostNames.namespace("team-svc", "default");
        tenant.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        String own = tenant.services().inNamespace("default").withName("web").get().getSpec().getClusterIP();
        await("host service", () -> host.services().inNamespace(hostNs).withName("web").get() != null);
        var onHost = host.services().inNamespace(hostNs).withName("web");
        String allocated = onHost.get().getSpec().getClusterIP();
        if (allocated == null || allocated.isEmpty() || allocated.equals(own)) {
            // play a host allocator whose address differs from the tenant's own (the stand-in's admin is its operator)
            onHost.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"clusterIP\":\"10.96.7.7\",\"clusterIPs\":[\"10.96.7.7\"]}}");
        }
        String ip = onHost.get().getSpec().getClusterIP();
        onHost.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"203.0.113.9\"}]}}}");
        await("the host's cluster IP on the tenant service (only the operator may change it)",
                () -> ip.equals(tenant.services().inNamespace("default").withName("web").get().getSpec().getClusterIP()));
        await("host load balancer on the tenant service", () -> tenant.services().inNamespace("default").withName("web").get()
                .getStatus().getLoadBalancer().getIngress().get(0).getIp().equals("203.0.113.9"));
        // a tenant admin (here the operator impersonating one, which drops the operator's standing) may not change it
        try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(new ConfigBuilder(tenant.getConfiguration())
                .withImpersonateUsername("alice").withImpersonateGroups("system:masters").build()).build()) {
            io.fabric8.kubernetes.client.KubernetesClientException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    io.fabric8.kubernetes.client.KubernetesClientException.class, () -> admin.services().inNamespace("default")
                            .withName("web").patch(PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"spec\":{\"clusterIP\":\"10.96.9.9\",\"clusterIPs\":[\"10.96.9.9\"]}}"));
            assertEquals(422, refused.getCode(), refused.getMessage());
            assertTrue(refused.getMessage().contains("may not change once set"), refused.getMessage());
        }
        tenant.close();
    }

    @Test
    void aQuotaTheHostRefusesIsReportedUntilTheHostTakesIt() throws Exception {
        KubernetesClient tenant = workspace("team-quota-wall", "{}");
        String hostNs = hostNamespaceWithService(tenant, "team-quota-wall");
        // the host's admin allows one ResourceQuota in the namespace, and this one counts itself
        host.resourceQuotas().inNamespace(hostNs).resource(new ResourceQuotaBuilder().withNewMetadata().withName("one-quota")
                .endMetadata().withNewSpec().addToHard("resourcequotas", new Quantity("1")).endSpec().build()).create();
        var workspace = root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-quota-wall");
        workspace.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"quota\":{\"hard\":{\"cpu\":\"4\"}}}}");

        await("the refusal in the Workspace status", () -> quotaRefusals(workspace.get()).getOrDefault("default", "")
                .contains("exceeded quota: one-quota"));
        await("a SyncError Event on the tenant namespace",
                () -> tenant.v1().events().inNamespace("default").withName("default.namespace.sync-error").get() != null);
        Event event = tenant.v1().events().inNamespace("default").withName("default.namespace.sync-error").get();
        assertEquals("Warning", event.getType());
        assertEquals("SyncError", event.getReason());
        assertEquals("Namespace", event.getInvolvedObject().getKind());
        assertEquals("default", event.getInvolvedObject().getName());
        assertEquals(tenant.namespaces().withName("default").get().getMetadata().getUid(), event.getInvolvedObject().getUid());
        assertTrue(event.getMessage().startsWith("the host refused ResourceQuota \"kubicle-workspace-quota\", this namespace's"
                + " share of the workspace quota: ") && event.getMessage().contains("exceeded quota: one-quota"), event.getMessage());
        assertTrue(host.services().inNamespace(hostNs).withName("web").get() != null, "the rest of the namespace still syncs");

        host.resourceQuotas().inNamespace(hostNs).withName("one-quota").delete();
        await("the host takes the quota", () -> host.resourceQuotas().inNamespace(hostNs).withName("kubicle-workspace-quota").get() != null);
        await("the refusal is cleared", () -> !quotaRefusals(workspace.get()).containsKey("default"));
        tenant.close();
    }

    @Test
    void aDnsServerTheHostRefusesIsReportedOnThePodsThatNeedItUntilTheHostTakesIt() throws Exception {
        KubernetesClient tenant = workspace("team-dns-wall", "{}");
        String dnsNs = HostNames.dnsNamespace("team-dns-wall");
        // the host's admin allows no Deployment where the workspace's DNS server would run
        host.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(dnsNs)
                .endMetadata().build()).create();
        host.resourceQuotas().inNamespace(dnsNs).resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-deployments")
                .endMetadata().withNewSpec().addToHard("count/deployments.apps", new Quantity("0")).endSpec().build()).create();
        tenant.pods().inNamespace("default").resource(pod("client")).create();
        await("a SyncError condition on the pod", () -> {
            Pod p = tenant.pods().inNamespace("default").withName("client").get();
            return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                    .anyMatch(c -> "SyncError".equals(c.getReason()) && c.getMessage() != null
                            && c.getMessage().startsWith("the host refused this workspace's DNS server")
                            && c.getMessage().contains("exceeded quota: no-deployments"));
        });
        String hostDefault = HostNames.namespace("team-dns-wall", "default");
        assertNull(host.pods().inNamespace(hostDefault).withName("client").get(), "no pod without its DNS server");

        host.resourceQuotas().inNamespace(dnsNs).withName("no-deployments").delete();
        await("the pod on the host, naming the DNS server", () -> host.pods().inNamespace(hostDefault).withName("client").get() != null);
        assertEquals(java.util.List.of(host.services().inNamespace(dnsNs).withName("kubicle-dns").get().getSpec().getClusterIP()),
                host.pods().inNamespace(hostDefault).withName("client").get().getSpec().getDnsConfig().getNameservers());
        await("the SyncError condition is gone", () -> {
            Pod p = tenant.pods().inNamespace("default").withName("client").get();
            return p.getStatus() == null || p.getStatus().getConditions() == null
                    || p.getStatus().getConditions().stream().noneMatch(c -> "SyncError".equals(c.getReason()));
        });
        tenant.close();
        host.namespaces().withName(dnsNs).delete(); // made by the host's admin here, so not in the workspace's ledger
    }

    /** Creates the Service "web" in the workspace's default namespace and waits until its host namespace holds it. */
    private static String hostNamespaceWithService(KubernetesClient tenant, String workspace) throws InterruptedException {
        String hostNs = HostNames.namespace(workspace, "default");
        tenant.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        await("host namespace", () -> host.services().inNamespace(hostNs).withName("web").get() != null);
        return hostNs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> quotaRefusals(GenericKubernetesResource workspace) {
        Object status = workspace.getAdditionalProperties().get("status");
        Object syncer = status instanceof Map<?, ?> m ? m.get("syncer") : null;
        Object refusals = syncer instanceof Map<?, ?> m ? m.get("hostQuotaRefusals") : null;
        return refusals instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    @Test
    void podsNamingHostOnlyThingsAreRefusedAndNeverReachTheHost() throws Exception {
        KubernetesClient tenant = workspace("team-refuse", "{\"podSecurity\":\"baseline\"}");
        // host namespaces: the workspace's pod-security admission already answers 403 at create
        io.fabric8.kubernetes.client.KubernetesClientException forbidden = org.junit.jupiter.api.Assertions.assertThrows(
                io.fabric8.kubernetes.client.KubernetesClientException.class, () -> tenant.pods().inNamespace("default")
                        .resource(new PodBuilder(pod("sneaky")).editSpec().withHostNetwork(true).endSpec().build()).create());
        assertEquals(403, forbidden.getCode());
        // a node name passes admission; the syncer refuses it (event + status) and the host never sees it
        tenant.pods().inNamespace("default").resource(new PodBuilder(pod("pinned")).editSpec().withNodeName("gpu-node-7").endSpec().build())
                .create();
        await("refusal on the tenant pod", () -> "SyncRefused".equals(tenant.pods().inNamespace("default").withName("pinned").get()
                .getStatus().getReason()));
        Pod refused = tenant.pods().inNamespace("default").withName("pinned").get();
        assertEquals("Failed", refused.getStatus().getPhase());
        assertTrue(refused.getStatus().getMessage().contains("spec.nodeName"), refused.getStatus().getMessage());
        await("refusal event", () -> tenant.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> "SyncRefused".equals(e.getReason()) && "pinned".equals(e.getInvolvedObject().getName())));
        assertNull(host.pods().inNamespace(HostNames.namespace("team-refuse", "default")).withName("pinned").get());
        // a token the pod projects itself would be filled with a host token by the host's kubelet; this syncer has no
        // tenant API to issue the workspace's instead, so the pod waits, saying why
        tenant.pods().inNamespace("default").resource(new PodBuilder(pod("agent")).editSpec().addNewVolume().withName("vault-token")
                .withNewProjected().addNewSource().withNewServiceAccountToken().withAudience("vault").withPath("token")
                .endServiceAccountToken().endSource().endProjected().endVolume().endSpec().build()).create();
        await("the token-projecting pod held with a reason", () -> tenant.pods().inNamespace("default").withName("agent").get()
                .getStatus().getConditions().stream().anyMatch(c -> "SyncError".equals(c.getReason())
                        && c.getMessage().startsWith("volume \"vault-token\" projects a ServiceAccount token, which the host would fill")));
        assertNull(host.pods().inNamespace(HostNames.namespace("team-refuse", "default")).withName("agent").get());
        // a priority class every host has: in its workspace the pod ranks as named, on the host it gets no class (the
        // workspace has no pool class), or it would preempt other tenants' pods
        Pod critical = tenant.pods().inNamespace("default").resource(new PodBuilder(pod("critical")).editSpec()
                .withPriorityClassName("system-node-critical").endSpec().build()).create();
        assertEquals(2_000_001_000, critical.getSpec().getPriority());
        String hostNs = HostNames.namespace("team-refuse", "default");
        await("host pod", () -> host.pods().inNamespace(hostNs).withName("critical").get() != null);
        Pod onHost = host.pods().inNamespace(hostNs).withName("critical").get();
        assertNull(onHost.getSpec().getPriorityClassName());
        assertEquals(0, onHost.getSpec().getPriority(), "the host's own default");
        tenant.close();
    }

    @Test
    void aPodTheHostRefusesIsNotScheduledWithTheHostsMessageUntilTheHostTakesIt() throws Exception {
        KubernetesClient tenant = workspace("team-wall", "{}");
        // a Service first, so the host namespace exists; then the host's admin puts a quota there that admits no pod
        String hostNs = hostNamespaceWithService(tenant, "team-wall");
        host.resourceQuotas().inNamespace(hostNs).resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewMetadata()
                .withName("host-wall").endMetadata().withNewSpec().addToHard("pods", new Quantity("0")).endSpec().build()).create();

        tenant.pods().inNamespace("default").resource(pod("blocked")).create();
        await("PodScheduled=False with the host's message", () -> tenant.pods().inNamespace("default").withName("blocked").get()
                .getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "SyncError".equals(c.getReason()) && c.getMessage().contains("exceeded quota: host-wall")));
        await("a Warning Event with the host's message", () -> tenant.v1().events().inNamespace("default").withName("blocked.sync-error")
                .get().getMessage().contains("exceeded quota: host-wall"));
        io.fabric8.kubernetes.api.model.Event event = tenant.v1().events().inNamespace("default").withName("blocked.sync-error").get();
        assertEquals("Warning", event.getType());
        assertEquals("SyncError", event.getReason());
        assertEquals(tenant.pods().inNamespace("default").withName("blocked").get().getMetadata().getUid(), event.getInvolvedObject().getUid());
        Thread.sleep(12_000); // two resyncs more: the same refusal is not a new Event per pass
        long syncErrors = tenant.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "SyncError".equals(e.getReason())).count();
        assertEquals(1, syncErrors);
        assertEquals(1, tenant.v1().events().inNamespace("default").withName("blocked.sync-error").get().getCount(),
                "repeats within a minute are not written");

        host.resourceQuotas().inNamespace(hostNs).withName("host-wall").delete();
        await("the host takes the pod", () -> host.pods().inNamespace(hostNs).withName("blocked").get() != null);
        await("the SyncError condition goes", () -> tenant.pods().inNamespace("default").withName("blocked").get().getStatus()
                .getConditions().stream().noneMatch(c -> "SyncError".equals(c.getReason())));
        tenant.close();
    }

    /**
     * The workspace's DNS server on the host. The stand-in runs no pods (no kubelet), so no name is looked up here: this
     * proves what the syncer writes (the server's objects, its Corefile, the host pods' DNS settings); SyncerK3sIT looks
     * names up through it on a real host.
     */
    @Test
    void aWorkspaceWithPodsGetsItsOwnDnsServerThatNamesItsNamespaces() throws Exception {
        KubernetesClient tenant = workspace("team-dns", "{}");
        tenant.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("other")
                .endMetadata().build()).create();
        tenant.services().inNamespace("other").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        String dnsNs = HostNames.dnsNamespace("team-dns");
        String hostDefault = HostNames.namespace("team-dns", "default");
        String hostOther = HostNames.namespace("team-dns", "other");
        await("the Service of other on the host", () -> host.services().inNamespace(hostOther).withName("web").get() != null);
        assertNull(host.namespaces().withName(dnsNs).get(), "no pod, no DNS server");

        tenant.pods().inNamespace("default").resource(pod("client")).create();
        tenant.pods().inNamespace("default").resource(new PodBuilder(pod("own-dns")).editSpec().withDnsPolicy("Default").endSpec().build())
                .create();
        await("host pods", () -> host.pods().inNamespace(hostDefault).withName("client").get() != null
                && host.pods().inNamespace(hostDefault).withName("own-dns").get() != null);
        Service dnsService = host.services().inNamespace(dnsNs).withName("kubicle-dns").get();
        String ip = dnsService.getSpec().getClusterIP();
        assertTrue(ip != null && !ip.isEmpty() && !ip.equals("None"), "the DNS Service has a cluster IP: " + ip);
        assertEquals(Set.of(53), dnsService.getSpec().getPorts().stream().map(p -> p.getPort()).collect(java.util.stream.Collectors.toSet()));
        Pod client = host.pods().inNamespace(hostDefault).withName("client").get();
        assertEquals("None", client.getSpec().getDnsPolicy());
        assertEquals(java.util.List.of(ip), client.getSpec().getDnsConfig().getNameservers());
        assertEquals(java.util.List.of(hostDefault + ".svc.cluster.local", "svc.cluster.local", "cluster.local"),
                client.getSpec().getDnsConfig().getSearches());
        assertEquals("5", client.getSpec().getDnsConfig().getOptions().get(0).getValue());
        assertEquals("Default", host.pods().inNamespace(hostDefault).withName("own-dns").get().getSpec().getDnsPolicy(),
                "a pod that chose its DNS keeps it");

        var namespace = host.namespaces().withName(dnsNs).get();
        assertEquals("team-dns", namespace.getMetadata().getLabels().get(SyncLabels.WORKSPACE));
        assertEquals("", host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger("team-dns")).get()
                .getData().get(dnsNs), "the ledger has the DNS namespace, so the workspace's deletion removes it");
        await("a rule for the namespace with a Service", () -> corefile("team-dns").contains(rule("other", hostOther)));
        String firstHash = io.kubicle.syncer.Corefile.hash(corefile("team-dns"));
        await("the Deployment carries the Corefile's hash", () -> firstHash.equals(dnsTemplateHash("team-dns")));
        var deployment = host.apps().deployments().inNamespace(dnsNs).withName("kubicle-dns").get();
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals(io.kubicle.syncer.TenantDns.Options.defaults().image(),
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());

        // a namespace of pods alone has no names to rewrite: no rule, no roll
        tenant.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("third")
                .endMetadata().build()).create();
        tenant.pods().inNamespace("third").resource(pod("worker")).create();
        String hostThird = HostNames.namespace("team-dns", "third");
        await("the pod of third on the host", () -> host.pods().inNamespace(hostThird).withName("worker").get() != null);
        assertFalse(corefile("team-dns").contains(".third.svc."), corefile("team-dns"));
        assertEquals(firstHash, dnsTemplateHash("team-dns"));

        // its first Service adds its rule, and the new hash in the pod template rolls the server at once
        tenant.services().inNamespace("third").resource(new ServiceBuilder().withNewMetadata().withName("db").endMetadata()
                .withNewSpec().addToSelector("app", "db").addNewPort().withPort(5432).endPort().endSpec().build()).create();
        await("a rule for the third namespace", () -> corefile("team-dns").contains(rule("third", hostThird)));
        await("the template annotation follows", () -> !firstHash.equals(dnsTemplateHash("team-dns"))
                && io.kubicle.syncer.Corefile.hash(corefile("team-dns")).equals(dnsTemplateHash("team-dns")));
        assertEquals(ip, host.services().inNamespace(dnsNs).withName("kubicle-dns").get().getSpec().getClusterIP(), "same address");

        // without pods the server is scaled to zero; a new pod brings it back, at the same address
        tenant.pods().inNamespace("default").withName("client").delete();
        tenant.pods().inNamespace("default").withName("own-dns").delete();
        tenant.pods().inNamespace("third").withName("worker").delete();
        await("scaled to zero", () -> host.apps().deployments().inNamespace(dnsNs).withName("kubicle-dns").get().getSpec().getReplicas() == 0);
        tenant.pods().inNamespace("third").resource(pod("again")).create();
        await("scaled up for the new pod", () -> host.apps().deployments().inNamespace(dnsNs).withName("kubicle-dns").get().getSpec()
                .getReplicas() == 1);
        // the server is scaled up before the pod is written, in the same pass
        await("the new pod on the host", () -> host.pods().inNamespace(hostThird).withName("again").get() != null);
        assertEquals(java.util.List.of(ip), host.pods().inNamespace(hostThird).withName("again").get().getSpec().getDnsConfig().getNameservers());

        // the DNS Service deleted on the host comes back at the address its pods use (theirs cannot change)
        host.services().inNamespace(dnsNs).withName("kubicle-dns").delete();
        await("the DNS Service made again", () -> host.services().inNamespace(dnsNs).withName("kubicle-dns").get() != null
                && host.services().inNamespace(dnsNs).withName("kubicle-dns").get().getMetadata().getDeletionTimestamp() == null);
        assertEquals(ip, host.services().inNamespace(dnsNs).withName("kubicle-dns").get().getSpec().getClusterIP());

        tenant.close();
        root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-dns").delete();
        await("the DNS namespace goes with the workspace", () -> host.namespaces().withName(dnsNs).get() == null);
    }

    static String rule(String tenantNs, String hostNs) {
        return "rewrite name suffix ." + tenantNs + ".svc.cluster.local. ." + hostNs + ".svc.cluster.local. answer auto";
    }

    static String corefile(String workspace) {
        return host.configMaps().inNamespace(HostNames.dnsNamespace(workspace)).withName("kubicle-dns").get().getData().get("Corefile");
    }

    static String dnsTemplateHash(String workspace) {
        return host.apps().deployments().inNamespace(HostNames.dnsNamespace(workspace)).withName("kubicle-dns").get().getSpec()
                .getTemplate().getMetadata().getAnnotations().get("kubicle.io/corefile-hash");
    }

    @Test
    void deletingAWorkspaceRemovesEverythingItHadOnTheHost() throws Exception {
        KubernetesClient tenant = workspace("team-gone", "{}");
        tenant.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName("second")
                .endMetadata().build()).create();
        await("default ServiceAccount in second", () -> tenant.serviceAccounts().inNamespace("second").withName("default").get() != null);
        tenant.pods().inNamespace("default").resource(pod("a")).create();
        tenant.pods().inNamespace("second").resource(pod("b")).create();
        String one = HostNames.namespace("team-gone", "default");
        String two = HostNames.namespace("team-gone", "second");
        await("both host pods", () -> host.pods().inNamespace(one).withName("a").get() != null
                && host.pods().inNamespace(two).withName("b").get() != null);
        assertTrue(host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger("team-gone")).get()
                .getData().keySet().containsAll(Set.of(one, two)));
        tenant.close();
        root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-gone").delete();
        assertTrue(host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger("team-gone")).get()
                .getData().containsKey(HostNames.dnsNamespace("team-gone")), "its DNS server's namespace is in the ledger too");
        assertTrue(host.apps().deployments().inNamespace(HostNames.dnsNamespace("team-gone")).withName("kubicle-dns").get() != null);
        await("host namespaces gone", () -> host.namespaces().withLabel(SyncLabels.WORKSPACE, "team-gone").list().getItems().isEmpty());
        assertTrue(host.pods().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, "team-gone").list().getItems().isEmpty());
        assertNull(host.namespaces().withName(HostNames.dnsNamespace("team-gone")).get());
        assertTrue(host.apps().deployments().inAnyNamespace().withLabel(SyncLabels.WORKSPACE, "team-gone").list().getItems().isEmpty());
        assertNull(host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger("team-gone")).get());
    }

    /** What a CI lab does with its names: a workspace deleted and made again at once under the same name. */
    @Test
    void aWorkspaceMadeAgainUnderItsNameAtOnceSyncsAsTheNewOne() throws Exception {
        String hostNs = HostNames.namespace("team-again", "default");
        KubernetesClient before = workspace("team-again", "{}");
        before.pods().inNamespace("default").resource(pod("old")).create();
        await("the first workspace's host pod", () -> host.pods().inNamespace(hostNs).withName("old").get() != null);
        before.close();
        root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-again").delete();
        KubernetesClient again = workspace("team-again", "{}");
        await("default ServiceAccount of the new workspace", () -> again.serviceAccounts().inNamespace("default").withName("default")
                .get() != null);
        String uid = again.pods().inNamespace("default").resource(pod("new")).create().getMetadata().getUid();
        await("the new workspace's pod on the host, and nothing of the first", () -> {
            Pod onHost = host.pods().inNamespace(hostNs).withName("new").get();
            return onHost != null && uid.equals(onHost.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID))
                    && host.pods().inNamespace(hostNs).withName("old").get() == null;
        });
        host.pods().inNamespace(hostNs).withName("new").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"status\":{\"phase\":\"Running\"}}");
        await("its status back in the new workspace", () -> "Running".equals(again.pods().inNamespace("default").withName("new").get()
                .getStatus().getPhase()));
        again.close();
    }

    @Test
    void syncerStoppedMidBurstConvergesToExactlyTheTenantPods() throws Exception {
        KubernetesClient tenant = workspace("team-burst", "{}");
        String hostNs = HostNames.namespace("team-burst", "default");
        for (int i = 0; i < 50; i++) {
            tenant.pods().inNamespace("default").resource(pod("p-" + i)).create();
            if (i == 20) {
                syncer.close(); // mid-burst: whatever was in flight is abandoned
            }
        }
        // a pod deleted while no syncer runs must not survive on the host either
        tenant.pods().inNamespace("default").withName("p-3").delete();
        tenant.pods().inNamespace("default").resource(pod("p-3")).create();
        syncer = startSyncer();
        await("50 host pods", () -> host.pods().inNamespace(hostNs).list().getItems().size() == 50);
        Thread.sleep(3000);
        var hostPods = host.pods().inNamespace(hostNs).list().getItems();
        assertEquals(50, hostPods.size());
        String newUid = tenant.pods().inNamespace("default").withName("p-3").get().getMetadata().getUid();
        await("p-3 is the new tenant pod", () -> newUid.equals(host.pods().inNamespace(hostNs).withName("p-3").get()
                .getMetadata().getAnnotations().get(SyncLabels.TENANT_UID)));
        tenant.close();
    }

    @Test
    void aWorkspaceDeletedWhileNoSyncerRunsIsSweptAtStart() throws Exception {
        KubernetesClient tenant = workspace("team-swept", "{}");
        String hostNs = HostNames.namespace("team-swept", "default");
        tenant.pods().inNamespace("default").resource(pod("x")).create();
        await("host pod", () -> host.pods().inNamespace(hostNs).withName("x").get() != null);
        tenant.close();
        syncer.close();
        root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName("team-swept").delete();
        syncer = startSyncer();
        await("swept host namespace", () -> host.namespaces().withName(hostNs).get() == null);
        await("swept DNS namespace", () -> host.namespaces().withName(HostNames.dnsNamespace("team-swept")).get() == null);
        assertNull(host.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger("team-swept")).get());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapping(String workspace) {
        return (Map<String, Object>) syncerStatus(workspace).get("namespaces");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> syncerStatus(String workspace) {
        GenericKubernetesResource ws = root.genericKubernetesResources("tenancy.kubicle.io/v1alpha1", "Workspace").withName(workspace).get();
        Map<String, Object> status = (Map<String, Object>) ws.getAdditionalProperties().get("status");
        return (Map<String, Object>) status.get("syncer");
    }
}
