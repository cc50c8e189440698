package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host objects of a workspace's DNS server, in its own host namespace ({@link HostNames#dnsNamespace}): a ConfigMap
 * with the Corefile, a one-replica CoreDNS Deployment whose pod template carries the Corefile's hash (so a new Corefile
 * rolls it at once; kubelet refreshes a mounted ConfigMap only within about a minute), and a ClusterIP Service for
 * 53/UDP and 53/TCP. Each carries our labels and a digest of itself, so an unchanged object is not written again.
 */
final class TenantDnsObjects {
    static final String NAME = "kubicle-dns";
    static final String APP_LABEL = "app.kubernetes.io/name";
    static final String COREFILE_HASH = "kubicle.io/corefile-hash";
    private static final String COREFILE_KEY = "Corefile";

    private TenantDnsObjects() {
    }

    static Map<String, String> labels(String workspace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SyncLabels.WORKSPACE, HostNames.labelValue(workspace));
        labels.put(SyncLabels.MANAGED_BY, SyncLabels.MANAGER);
        labels.put(APP_LABEL, NAME);
        return labels;
    }

    static Namespace namespace(String workspace) {
        return new NamespaceBuilder().withNewMetadata().withName(HostNames.dnsNamespace(workspace)).withLabels(labels(workspace))
                .addToAnnotations(HostCluster.WORKSPACE_ANNOTATION, workspace).endMetadata().build();
    }

    static ConfigMap configMap(String workspace, String corefile) {
        return digested(new ConfigMapBuilder().withMetadata(meta(workspace)).addToData(COREFILE_KEY, corefile).build());
    }

    static Service service(String workspace) {
        return digested(new ServiceBuilder().withMetadata(meta(workspace)).withNewSpec().withType("ClusterIP")
                .addToSelector(APP_LABEL, NAME)
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).withTargetPort(new IntOrString(Corefile.PORT)).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).withTargetPort(new IntOrString(Corefile.PORT)).endPort()
                .endSpec().build());
    }

    /** The server's Deployment; {@code replicas} is 0 while the workspace has no pods on the host. */
    static Deployment deployment(String workspace, String image, String corefileHash, int replicas) {
        // the pod carries no workspace label: "host pods of a workspace" stay its tenant pods (the namespace names the workspace)
        return digested(new DeploymentBuilder().withMetadata(meta(workspace)).withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels(APP_LABEL, NAME).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxUnavailable(new IntOrString(0))
                .withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels(APP_LABEL, NAME).addToAnnotations(COREFILE_HASH, corefileHash).endMetadata()
                .withNewSpec().withDnsPolicy("ClusterFirst").withAutomountServiceAccountToken(false).withEnableServiceLinks(false)
                .addNewContainer().withName("coredns").withImage(image).withArgs("-conf", "/etc/coredns/" + COREFILE_KEY)
                .addNewPort().withName("dns").withContainerPort(Corefile.PORT).withProtocol("UDP").endPort()
                .addNewPort().withName("dns-tcp").withContainerPort(Corefile.PORT).withProtocol("TCP").endPort()
                .addNewPort().withName("ready").withContainerPort(Corefile.READY_PORT).withProtocol("TCP").endPort()
                .withNewResources().addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("32Mi"))
                .addToLimits("memory", new Quantity("128Mi")).endResources()
                .withNewReadinessProbe().withNewHttpGet().withPath("/ready").withPort(new IntOrString(Corefile.READY_PORT)).endHttpGet()
                .withPeriodSeconds(2).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath("/health").withPort(new IntOrString(Corefile.HEALTH_PORT)).endHttpGet()
                .withInitialDelaySeconds(10).withPeriodSeconds(10).withFailureThreshold(5).endLivenessProbe()
                // restricted pod security holds (the port is above 1024); NET_BIND_SERVICE stays in the bounding set because
                // CoreDNS images give their binary that file capability, which exec refuses without it
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true).withRunAsNonRoot(true)
                .withRunAsUser(65532L).withRunAsGroup(65532L).withNewCapabilities().addToAdd("NET_BIND_SERVICE").addToDrop("ALL")
                .endCapabilities().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewVolumeMount().withName("config").withMountPath("/etc/coredns").withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName(NAME).endConfigMap().endVolume()
                .endSpec().endTemplate().endSpec().build());
    }

    /** The Corefile hash a Deployment's pod template carries, or null. */
    static String corefileHash(Deployment deployment) {
        var annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(COREFILE_HASH);
    }

    static String corefile(ConfigMap configMap) {
        return configMap.getData() == null ? null : configMap.getData().get(COREFILE_KEY);
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta meta(String workspace) {
        return new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(NAME).withNamespace(HostNames.dnsNamespace(workspace))
                .withLabels(labels(workspace)).build();
    }

    private static <T extends HasMetadata> T digested(T object) {
        // the digest covers everything above, as DownTranslator's does for tenant objects
        object.getMetadata().setAnnotations(new LinkedHashMap<>(Map.of(SyncLabels.SYNC_DIGEST,
                HostNames.sha256Hex(SyncerJson.asJson(object)).substring(0, 16))));
        return object;
    }
}
