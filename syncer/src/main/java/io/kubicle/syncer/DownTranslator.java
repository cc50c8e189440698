package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a tenant object into the object the host gets: same name, the mapped host namespace, our
 * labels, the tenant uid as an annotation, and nothing the tenant's server set (uid, resourceVersion,
 * managedFields, owners, finalizers, status). Host-allocated fields (service IPs, node ports, volume
 * bindings) are left for the host to fill.
 */
public final class DownTranslator {
    private final String workspace;
    private final String tenantNamespace;
    private final String hostNamespace;
    private final TenantApi tenantApi;

    /** Without in-cluster access: ServiceAccount token volumes are dropped (their tokens would be the host's). */
    public DownTranslator(String workspace, String tenantNamespace) {
        this(workspace, tenantNamespace, null);
    }

    /** With {@code tenantApi} (may be null), pods that mount a ServiceAccount token reach their workspace instead. */
    public DownTranslator(String workspace, String tenantNamespace, TenantApi tenantApi) {
        this.workspace = workspace;
        this.tenantNamespace = tenantNamespace;
        this.hostNamespace = HostNames.namespace(workspace, tenantNamespace);
        this.tenantApi = tenantApi;
    }

    public String hostNamespace() {
        return hostNamespace;
    }

    /** Labels every host object and the host namespace carry. */
    public Map<String, String> ownLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SyncLabels.WORKSPACE, HostNames.labelValue(workspace));
        labels.put(SyncLabels.NAMESPACE, HostNames.labelValue(tenantNamespace));
        labels.put(SyncLabels.MANAGED_BY, SyncLabels.MANAGER);
        return labels;
    }

    /** The host pod with the tenant's own DNS settings. */
    public Pod pod(Pod tenant, WorkspacePolicy policy) {
        return pod(tenant, policy, PodDns.TENANTS);
    }

    /** What {@link #pod} reads of a tenant pod besides its name and uid: a pod whose status alone changed has an equal one. */
    static Object podInput(Pod tenant) {
        ObjectMeta meta = tenant.getMetadata();
        return java.util.Arrays.asList(tenant.getSpec(), meta.getLabels(), meta.getAnnotations());
    }

    /** The host pod with DNS settings from {@code dns} (the workspace's DNS server, or what the host pod already has). */
    public Pod pod(Pod tenant, WorkspacePolicy policy, PodDns dns) {
        return pod(tenant, policy, dns, null);
    }

    /**
     * The same while the host pod {@code onHost} has not taken the tenant's resize yet (null: no resize pending): its
     * container resources stay the host's, since a resize reaches the host through its resize subresource
     * ({@link HostResize}), never the main write.
     */
    public Pod pod(Pod tenant, WorkspacePolicy policy, PodDns dns, PodSpec onHost) {
        // Only the spec is copied: finish() writes new metadata and the host gets no status, and a running pod's
        // status and managedFields are as large as its spec.
        Pod host = new Pod();
        host.setApiVersion(tenant.getApiVersion());
        host.setKind(tenant.getKind());
        host.setSpec(hostSpec(tenant));
        PodSpec spec = host.getSpec();
        // a pod is created without them and its main resource never changes them: they go through the host pod's
        // ephemeralcontainers subresource once it is there (HostEphemeralContainers)
        spec.setEphemeralContainers(null);
        spec.setNodeName(null);
        // Scheduling priority on the host is the platform's: the pool's class, else the host's default. A tenant
        // class could be one the host has (system-node-critical preempts every other tenant's pods), and the host's
        // Priority admission refuses a priority or preemption policy other than the one it derives from the class.
        spec.setPriorityClassName(null);
        spec.setPriority(null);
        spec.setPreemptionPolicy(null);
        // A token mounted from the host namespace would be a host credential.
        spec.setAutomountServiceAccountToken(false);
        applyPool(spec, policy);
        dns.applyTo(spec);
        if (onHost != null) {
            HostResize.keepHostResources(spec, onHost);
        }
        return finish(host, tenant);
    }

    /** The tenant pod's ephemeral containers ({@code kubectl debug}) as its host pod gets them, with the same API access. */
    public List<EphemeralContainer> ephemeralContainers(Pod tenant) {
        List<EphemeralContainer> containers = hostSpec(tenant).getEphemeralContainers();
        return containers == null ? List.of() : containers;
    }

    /** A copy of the tenant's spec whose containers reach their workspace, or no API at all. */
    private PodSpec hostSpec(Pod tenant) {
        PodSpec spec = tenant.getSpec() == null ? new PodSpec() : copy(tenant.getSpec(), PodSpec.class);
        if (tenantApi != null && InClusterAccess.wanted(tenant)) {
            InClusterAccess.rewrite(spec, tenant.getMetadata().getName(), tenantApi);
        } else {
            dropTokenVolumes(spec);
        }
        if (tenantApi != null) {
            // without the tenant API such a pod is held before it gets here (PodRefusal.projectedTokens)
            ProjectedTokens.rewrite(spec, InClusterAccess.secretName(tenant.getMetadata().getName()));
        }
        return spec;
    }

    private static void dropTokenVolumes(PodSpec spec) {
        if (spec.getVolumes() != null) {
            spec.getVolumes().removeIf(InClusterAccess::isTokenVolume);
        }
        List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        for (Container c : containers) {
            if (c.getVolumeMounts() != null) {
                c.getVolumeMounts().removeIf(m -> m.getName().startsWith(InClusterAccess.TOKEN_VOLUME_PREFIX));
            }
        }
        for (EphemeralContainer c : spec.getEphemeralContainers() == null ? List.<EphemeralContainer>of() : spec.getEphemeralContainers()) {
            if (c.getVolumeMounts() != null) {
                c.getVolumeMounts().removeIf(m -> m.getName().startsWith(InClusterAccess.TOKEN_VOLUME_PREFIX));
            }
        }
    }

    /** The pool wins over the tenant: its selector keys override, its tolerations are added, its class is the host pod's. */
    static void applyPool(PodSpec spec, WorkspacePolicy policy) {
        if (!policy.poolNodeSelector().isEmpty()) {
            Map<String, String> selector = new LinkedHashMap<>(spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector());
            selector.putAll(policy.poolNodeSelector());
            spec.setNodeSelector(selector);
        }
        if (!policy.poolTolerations().isEmpty()) {
            List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
            for (Toleration t : policy.poolTolerations()) {
                if (!tolerations.contains(t)) {
                    tolerations.add(t);
                }
            }
            spec.setTolerations(tolerations);
        }
        if (policy.poolPriorityClassName() != null) {
            spec.setPriorityClassName(policy.poolPriorityClassName());
        }
    }

    public Service service(Service tenant) {
        Service host = copy(tenant, Service.class);
        host.setStatus(null);
        var spec = host.getSpec();
        if (!"None".equals(spec.getClusterIP())) {
            spec.setClusterIP(null);
            spec.setClusterIPs(null);
        }
        spec.setHealthCheckNodePort(null);
        if (spec.getPorts() != null) {
            for (ServicePort port : spec.getPorts()) {
                port.setNodePort(null);
            }
        }
        return finish(host, tenant);
    }

    public ConfigMap configMap(ConfigMap tenant) {
        return finish(copy(tenant, ConfigMap.class), tenant);
    }

    public Secret secret(Secret tenant) {
        return finish(copy(tenant, Secret.class), tenant);
    }

    /**
     * The host copy of a tenant ServiceAccount, without the tenant's annotations: host integrations read a
     * ServiceAccount's annotations to hand its pods a cloud identity (EKS's {@code eks.amazonaws.com/role-arn}, GKE's
     * {@code iam.gke.io/gcp-service-account}, Azure's {@code azure.workload.identity/client-id}), and those identities are
     * the host's to give.
     */
    public ServiceAccount serviceAccount(ServiceAccount tenant) {
        ServiceAccount host = copy(tenant, ServiceAccount.class);
        host.setSecrets(null);
        host.setAutomountServiceAccountToken(false);
        ServiceAccount unannotated = new ServiceAccount();
        unannotated.setMetadata(new ObjectMetaBuilder(tenant.getMetadata()).withAnnotations(null).build());
        return finish(host, unannotated);
    }

    public PersistentVolumeClaim claim(PersistentVolumeClaim tenant) {
        PersistentVolumeClaim host = copy(tenant, PersistentVolumeClaim.class);
        host.setStatus(null);
        host.getSpec().setVolumeName(null);
        return finish(host, tenant);
    }

    /**
     * The host copy of a tenant PodDisruptionBudget, with an integer {@code minAvailable} ({@link HostBudgets}); null while
     * that number is not known yet. Host pods keep the tenant's labels, so the selector is copied as it is.
     */
    public PodDisruptionBudget podDisruptionBudget(PodDisruptionBudget tenant) {
        Integer minAvailable = HostBudgets.minAvailable(tenant);
        if (minAvailable == null) {
            return null;
        }
        PodDisruptionBudget host = new PodDisruptionBudget();
        host.setApiVersion("policy/v1");
        host.setKind("PodDisruptionBudget");
        PodDisruptionBudgetSpec from = tenant.getSpec() == null ? new PodDisruptionBudgetSpec() : tenant.getSpec();
        PodDisruptionBudgetSpec spec = new PodDisruptionBudgetSpec();
        spec.setSelector(from.getSelector() == null ? null : copy(from.getSelector(), LabelSelector.class));
        spec.setUnhealthyPodEvictionPolicy(from.getUnhealthyPodEvictionPolicy());
        spec.setMinAvailable(new IntOrString(minAvailable));
        host.setSpec(spec);
        return finish(host, tenant);
    }

    /** The host copy of the workspace quota for this namespace (see {@link HostQuota}), or null when there is none. */
    public io.fabric8.kubernetes.api.model.ResourceQuota workspaceQuota(Map<String, String> workspaceHard) {
        Map<String, io.fabric8.kubernetes.api.model.Quantity> hard = HostQuota.hard(workspaceHard);
        if (hard.isEmpty()) {
            return null;
        }
        var quota = new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder().withNewSpec().withHard(hard).endSpec().build();
        return finish(quota, new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName(HostQuota.NAME)
                .endMetadata().build());
    }

    private <T extends HasMetadata> T finish(T host, HasMetadata tenant) {
        ObjectMeta from = tenant.getMetadata();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(from.getName());
        meta.setNamespace(hostNamespace);
        Map<String, String> labels = new LinkedHashMap<>(from.getLabels() == null ? Map.of() : from.getLabels());
        labels.putAll(ownLabels());
        meta.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>(from.getAnnotations() == null ? Map.of() : from.getAnnotations());
        annotations.remove("kubectl.kubernetes.io/last-applied-configuration");
        annotations.remove(SyncLabels.SYNC_DIGEST);
        annotations.put(SyncLabels.TENANT_UID, from.getUid() == null ? "" : from.getUid());
        meta.setAnnotations(annotations);
        host.setMetadata(meta);
        // The digest covers everything above, so any change of what we would write shows up as a new digest.
        annotations.put(SyncLabels.SYNC_DIGEST, HostNames.sha256Hex(SyncerJson.asJson(host)).substring(0, 16));
        return host;
    }

    private static <T> T copy(Object tenant, Class<T> type) {
        return SyncerJson.convert(tenant, type);
    }
}
