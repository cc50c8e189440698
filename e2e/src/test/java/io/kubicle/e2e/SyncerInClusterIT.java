package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubicle.syncer.HostNames;
import io.kubicle.syncer.Syncer;
import io.kubicle.syncer.TenantApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workloads in host pods talk to their own workspace, as {@link SyncerIT} runs them: Kubicle plus a second Kubicle
 * server as HOST STAND-IN (no Docker engine here; {@code SyncerK3sIT} uses a real K3s). The syncer runs with
 * {@code --tenant-api-server} set to Kubicle's address. The test reads what a host pod would get (its env and its
 * token Secret) and uses it exactly as an in-cluster client does: HTTPS to that address with no path, the token, the
 * CA from the Secret. The syncer runs without tenant DNS here ({@code --tenant-dns=false}), which this suite checks too.
 */
@Timeout(300)
class SyncerInClusterIT {
    @TempDir
    static Path dir;
    static HostStandInPair pair;
    static KubernetesClient root;
    static KubernetesClient host;
    static Syncer syncer;

    @BeforeAll
    static void start() throws Exception {
        pair = HostStandInPair.start(dir);
        root = pair.root();
        host = pair.host();
        String ca = new String(Base64.getDecoder().decode(pair.operator().getCaCertData()), StandardCharsets.UTF_8);
        // tenant DNS off (SyncerIT runs with it): host pods keep the tenant's DNS settings, as before the option existed
        syncer = pair.startSyncer(HostStandInPair.options().withTenantApi(TenantApi.parse(pair.kubicle().url(), ca)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** A workspace whose ServiceAccount {@code worker} may view {@code default}, and a pod running as it. */
    static KubernetesClient workspaceWithWorkerPod(String name, String pod) {
        KubernetesClient tenant = SyncerIT.workspace(root, pair.operator(), name, "{}");
        tenant.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder().withNewMetadata().withName("worker")
                .endMetadata().build()).create();
        tenant.rbac().roleBindings().inNamespace("default").resource(new RoleBindingBuilder().withNewMetadata().withName("worker-view")
                .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("view")
                .endRoleRef().addNewSubject().withKind("ServiceAccount").withName("worker").withNamespace("default").endSubject()
                .build()).create();
        tenant.pods().inNamespace("default").resource(new PodBuilder(SyncerIT.pod(pod)).editSpec().withServiceAccountName("worker")
                .endSpec().build()).create();
        return tenant;
    }

    /** The client a workload in {@code hostPod} would build from in-cluster config. */
    static KubernetesClient inCluster(Pod hostPod, Secret token) {
        Map<String, String> env = hostPod.getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        String url = "https://" + env.get("KUBERNETES_SERVICE_HOST") + ":" + env.get("KUBERNETES_SERVICE_PORT");
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url)
                .withCaCertData(token.getData().get("ca.crt")).withOauthToken(decoded(token, "token"))
                .withNamespace(decoded(token, "namespace")).withOnlyHttpWatches(true).build()).build();
    }

    static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    static Secret awaitTokenSecret(String hostNs, String pod) throws InterruptedException {
        SyncerIT.await("token Secret of " + pod, () -> host.secrets().inNamespace(hostNs).withName("kubicle-token-" + pod).get() != null
                && host.pods().inNamespace(hostNs).withName(pod).get() != null);
        return host.secrets().inNamespace(hostNs).withName("kubicle-token-" + pod).get();
    }

    @Test
    void aHostPodReachesItsOwnWorkspaceWithItsServiceAccountsRights() throws Exception {
        KubernetesClient tenant = workspaceWithWorkerPod("inc-a", "job");
        tenant.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("only-in-a").endMetadata()
                .build()).create();
        String hostNs = HostNames.namespace("inc-a", "default");
        Secret token = awaitTokenSecret(hostNs, "job");
        Pod hostPod = host.pods().inNamespace(hostNs).withName("job").get();
        var volume = hostPod.getSpec().getVolumes().stream().filter(v -> v.getName().startsWith("kube-api-access-")).findFirst().orElseThrow();
        assertEquals("kubicle-token-job", volume.getSecret().getSecretName(), "the tenant's volume name, the syncer's Secret");
        assertEquals("/var/run/secrets/kubernetes.io/serviceaccount", hostPod.getSpec().getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals(volume.getName())).findFirst().orElseThrow().getMountPath());
        assertEquals(Boolean.FALSE, hostPod.getSpec().getAutomountServiceAccountToken());
        assertEquals("ClusterFirst", hostPod.getSpec().getDnsPolicy(), "tenant DNS is off in this suite");
        assertNull(hostPod.getSpec().getDnsConfig());
        assertNull(host.namespaces().withName(HostNames.dnsNamespace("inc-a")).get(), "no DNS server without tenant DNS");
        assertEquals("default", decoded(token, "namespace"));
        assertNull(tenant.v1().events().inNamespace("default").withName("job.sync-error").get(),
                "the host got the ServiceAccount before the pod, so it never refused it");

        try (KubernetesClient workload = inCluster(hostPod, token)) {
            List<Pod> pods = workload.pods().list().getItems();
            assertEquals(List.of("job"), pods.stream().map(p -> p.getMetadata().getName()).toList(), "the tenant's pods, not the host's");
            assertNotNull(workload.configMaps().withName("only-in-a").get());
            KubernetesClientException forbidden = assertThrows(KubernetesClientException.class, () -> workload.secrets().list());
            assertEquals(403, forbidden.getCode());
            assertTrue(forbidden.getMessage().contains("system:serviceaccount:default:worker"), forbidden.getMessage());
        }

        // a second workspace's token sees that workspace only
        KubernetesClient other = workspaceWithWorkerPod("inc-b", "other");
        String otherNs = HostNames.namespace("inc-b", "default");
        Secret otherToken = awaitTokenSecret(otherNs, "other");
        try (KubernetesClient workload = inCluster(host.pods().inNamespace(otherNs).withName("other").get(), otherToken)) {
            assertEquals(List.of("other"), workload.pods().list().getItems().stream().map(p -> p.getMetadata().getName()).toList());
            assertNull(workload.configMaps().withName("only-in-a").get());
        }

        // the pod does not change when its token Secret does (the digest covers names only): it is never written again
        String podVersion = hostPod.getMetadata().getResourceVersion();
        host.secrets().inNamespace(hostNs).withName("kubicle-token-job").delete();
        Secret reissued = awaitTokenSecret(hostNs, "job");
        assertTrue(!decoded(reissued, "token").equals(decoded(token, "token")), "a new token replaces a lost Secret");
        assertEquals(podVersion, host.pods().inNamespace(hostNs).withName("job").get().getMetadata().getResourceVersion());

        tenant.pods().inNamespace("default").withName("job").delete();
        SyncerIT.await("token Secret deleted with its pod", () -> host.secrets().inNamespace(hostNs).withName("kubicle-token-job").get() == null
                && host.pods().inNamespace(hostNs).withName("job").get() == null);
        // the token was bound to the pod: it dies with it, as kube's do (after the apiserver's 10 s authentication cache)
        try (KubernetesClient workload = inCluster(hostPod, reissued)) {
            SyncerIT.await("the deleted pod's token refused", () -> {
                try {
                    workload.pods().list();
                    return false;
                } catch (KubernetesClientException e) {
                    return e.getCode() == 401;
                }
            });
        }
        tenant.close();
        other.close();
    }

    @Test
    void aTokenAPodProjectsForItsOwnAudienceIsTheWorkspacesNeverAHostToken() throws Exception {
        KubernetesClient tenant = workspaceWithWorkerPod("inc-vault", "plain");
        tenant.pods().inNamespace("default").resource(new PodBuilder(SyncerIT.pod("agent")).editSpec().withServiceAccountName("worker")
                .withAutomountServiceAccountToken(false).addNewVolume().withName("vault-token").withNewProjected().addNewSource()
                .withNewServiceAccountToken().withAudience("vault").withExpirationSeconds(600L).withPath("token").endServiceAccountToken()
                .endSource().endProjected().endVolume().editFirstContainer().addNewVolumeMount().withName("vault-token")
                .withMountPath("/var/run/secrets/vault").endVolumeMount().endContainer().endSpec().build()).create();
        String hostNs = HostNames.namespace("inc-vault", "default");
        Secret secret = awaitTokenSecret(hostNs, "agent");
        Pod hostPod = host.pods().inNamespace(hostNs).withName("agent").get();
        var source = hostPod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("vault-token")).findFirst().orElseThrow()
                .getProjected().getSources().get(0);
        assertNull(source.getServiceAccountToken(), "the host's kubelet would fill it with a host token");
        assertEquals("kubicle-token-agent", source.getSecret().getName());
        assertEquals("token-vault-token-0", source.getSecret().getItems().get(0).getKey());
        assertEquals(Set.of("token-vault-token-0"), secret.getData().keySet(), "no API token: the pod mounts none");

        // Vault (or any party the audience names) checks it with a TokenReview in the workspace, as it would in a cluster
        String token = decoded(secret, "token-vault-token-0");
        var review = tenant.resource(new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                .withToken(token).withAudiences("vault").endSpec().build()).create();
        assertTrue(review.getStatus().getAuthenticated(), "" + review.getStatus());
        assertEquals("system:serviceaccount:default:worker", review.getStatus().getUser().getUsername());
        assertEquals(List.of("vault"), review.getStatus().getAudiences());
        tenant.close();
    }

    @Test
    void aTenantSecretNamedLikeAPodsTokenSecretNeverReplacesItAndAPodUsingItIsHeldWithAReason() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(root, pair.operator(), "inc-clash", "{}");
        String hostNs = HostNames.namespace("inc-clash", "default");
        // with real kubectl: Kubicle accepts the Secret (kube would) and warns about its name
        Kubectl rootKubectl = new Kubectl(pair.kubicle().kubeconfig(), dir.resolve("cache"));
        Path kubeconfig = dir.resolve("inc-clash.kubeconfig");
        Files.writeString(kubeconfig, rootKubectl.run("get", "--raw",
                "/apis/tenancy.kubicle.io/v1alpha1/workspaces/inc-clash/kubeconfig").ok().stdout());
        Kubectl.Result created = new Kubectl(kubeconfig, dir.resolve("cache-inc-clash"))
                .run("create", "secret", "generic", "kubicle-token-web", "--from-literal=token=the-tenants-own").ok();
        assertTrue(created.stderr().contains("Warning: secret names starting with \"kubicle-token-\" are reserved by the syncer"
                + " for pods' API tokens: a pod that refers to this secret does not run on the host"), created.stderr());
        Pod web = tenant.pods().inNamespace("default").resource(SyncerIT.pod("web")).create();
        Pod reader = tenant.pods().inNamespace("default").resource(new PodBuilder(SyncerIT.pod("reader")).editSpec()
                .addNewVolume().withName("creds").withNewSecret().withSecretName("kubicle-token-web").endSecret().endVolume()
                .endSpec().build()).create();

        String reason = "secret \"kubicle-token-web\" cannot be used on the host: secret names starting with \"kubicle-token-\""
                + " are reserved by the syncer for pods' API tokens; rename the secret and recreate the pod with the new name";
        SyncerIT.await("the reader held with a reason", () -> {
            Pod now = tenant.pods().inNamespace("default").withName("reader").get();
            return now.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus()) && "SyncError".equals(c.getReason()) && reason.equals(c.getMessage()));
        });
        Event event = tenant.v1().events().inNamespace("default").withName("reader.sync-error").get();
        assertEquals(reason, event.getMessage());
        assertEquals("Warning", event.getType());
        assertEquals(reader.getMetadata().getUid(), event.getInvolvedObject().getUid());
        assertEquals("Pending", tenant.pods().inNamespace("default").withName("reader").get().getStatus().getPhase(),
                "held, not failed: a workload controller would replace a failed pod over and over");
        assertNull(host.pods().inNamespace(hostNs).withName("reader").get());

        Secret token = awaitTokenSecret(hostNs, "web");
        assertEquals(web.getMetadata().getUid(), token.getMetadata().getAnnotations().get("kubicle.io/tenant-uid"),
                "the host Secret is the web pod's token Secret");
        assertTrue(decoded(token, "token").startsWith("eyJ"), "a token the syncer asked for, not the tenant's Secret");
        // a resync period (5 s) and a change to the tenant's Secret later, the token Secret was not written again
        tenant.secrets().inNamespace("default").withName("kubicle-token-web")
                .edit(s -> new SecretBuilder(s).addToStringData("more", "x").build());
        Thread.sleep(6_000);
        Secret later = host.secrets().inNamespace(hostNs).withName("kubicle-token-web").get();
        assertEquals(token.getMetadata().getResourceVersion(), later.getMetadata().getResourceVersion());
        assertEquals(Set.of("token", "ca.crt", "namespace"), later.getData().keySet());
        tenant.close();
    }

    @Test
    void whenTheHostRefusesAPodsTokenSecretThePodSaysWhyItHasNoApiAccess() throws Exception {
        KubernetesClient tenant = SyncerIT.workspace(root, pair.operator(), "inc-walled", "{}");
        String hostNs = HostNames.namespace("inc-walled", "default");
        // a Service first, so the host namespace exists; then the host's admin allows no Secret in it
        tenant.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build()).create();
        SyncerIT.await("host namespace", () -> host.services().inNamespace(hostNs).withName("web").get() != null);
        host.resourceQuotas().inNamespace(hostNs).resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-secrets")
                .endMetadata().withNewSpec().addToHard("secrets", new Quantity("0")).endSpec().build()).create();

        Pod web = tenant.pods().inNamespace("default").resource(SyncerIT.pod("web")).create();
        SyncerIT.await("a SyncError Event on the pod about its token Secret", () -> {
            Event event = tenant.v1().events().inNamespace("default").withName("web.sync-error").get();
            return event.getMessage().startsWith("the host refused Secret \"kubicle-token-web\", which holds this pod's API token")
                    && event.getMessage().contains("exceeded quota: no-secrets");
        });
        Event event = tenant.v1().events().inNamespace("default").withName("web.sync-error").get();
        assertEquals("Warning", event.getType());
        assertEquals("SyncError", event.getReason());
        assertEquals(web.getMetadata().getUid(), event.getInvolvedObject().getUid());

        host.resourceQuotas().inNamespace(hostNs).withName("no-secrets").delete();
        awaitTokenSecret(hostNs, "web");
        tenant.close();
    }
}
