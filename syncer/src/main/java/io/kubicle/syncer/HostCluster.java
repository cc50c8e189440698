package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The host cluster: informers over every object any syncer created there (selected by our
 * managed-by label), Events in all namespaces (to copy up), and the ledger. Writes are server-side
 * apply by name, so repeating one is harmless.
 */
final class HostCluster implements AutoCloseable {
    static final String FIELD_MANAGER = SyncLabels.MANAGER;
    /** The full names (labels may be hashed when long) of the tenant side of a host namespace. */
    static final String WORKSPACE_ANNOTATION = "kubicle.io/workspace";
    static final String NAMESPACE_ANNOTATION = "kubicle.io/namespace";

    final KubernetesClient client;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    SharedIndexInformer<Namespace> namespaces;
    SharedIndexInformer<Pod> pods;
    SharedIndexInformer<Service> services;
    SharedIndexInformer<ConfigMap> configMaps;
    SharedIndexInformer<Secret> secrets;
    SharedIndexInformer<ServiceAccount> serviceAccounts;
    SharedIndexInformer<PersistentVolumeClaim> claims;
    SharedIndexInformer<io.fabric8.kubernetes.api.model.ResourceQuota> quotas;
    SharedIndexInformer<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget> pdbs;
    SharedIndexInformer<Event> events;
    SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodes;
    /** Only the workspaces' DNS servers ({@link TenantDns}): the syncer makes no other Deployments. */
    SharedIndexInformer<io.fabric8.kubernetes.api.model.apps.Deployment> deployments;

    HostCluster(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Starts the informers; {@code hostNamespaceChanged} gets the host namespace of every change. Deployments are watched
     * only with {@code tenantDns} (the workspaces' DNS servers are the only ones the syncer makes), so a host credential
     * without access to them still serves a syncer that runs none.
     */
    void start(Consumer<String> hostNamespaceChanged, long resyncMillis, boolean tenantDns) {
        var handler = Informers.<HasMetadata>onChange(o -> hostNamespaceChanged.accept(o.getMetadata().getNamespace()));
        String k = SyncLabels.MANAGED_BY;
        String v = SyncLabels.MANAGER;
        namespaces = track(client.namespaces().withLabel(k, v).inform(Informers.onChange(n -> { }), resyncMillis));
        pods = track(client.pods().inAnyNamespace().withLabel(k, v).inform(Informers.onChange(handler::onAdd), resyncMillis));
        services = track(client.services().inAnyNamespace().withLabel(k, v).inform(Informers.onChange(handler::onAdd), resyncMillis));
        configMaps = track(client.configMaps().inAnyNamespace().withLabel(k, v).inform(Informers.onChange(handler::onAdd), resyncMillis));
        secrets = track(client.secrets().inAnyNamespace().withLabel(k, v).inform(Informers.onChange(handler::onAdd), resyncMillis));
        serviceAccounts = track(client.serviceAccounts().inAnyNamespace().withLabel(k, v)
                .inform(Informers.onChange(handler::onAdd), resyncMillis));
        claims = track(client.persistentVolumeClaims().inAnyNamespace().withLabel(k, v)
                .inform(Informers.onChange(handler::onAdd), resyncMillis));
        quotas = track(client.resourceQuotas().inAnyNamespace().withLabel(k, v)
                .inform(Informers.onChange(handler::onAdd), resyncMillis));
        if (budgetsAllowed()) {
            pdbs = track(client.policy().v1().podDisruptionBudget().inAnyNamespace().withLabel(k, v)
                    .inform(Informers.onChange(handler::onAdd), resyncMillis));
        }
        if (tenantDns) {
            deployments = track(client.apps().deployments().inAnyNamespace().withLabel(k, v).inform(Informers.onChange(d -> { }),
                    resyncMillis));
        }
        nodes = track(client.nodes().inform(Informers.onChange(n -> { }), resyncMillis));
        events = track(client.v1().events().inAnyNamespace().inform(Informers.onChange(handler::onAdd), resyncMillis));
    }

    /**
     * Whether the host credential may read PodDisruptionBudgets. One granted before the syncer copied them still runs
     * everything else: tenants' budgets then stay off the host, and the log says why.
     */
    private boolean budgetsAllowed() {
        try {
            client.policy().v1().podDisruptionBudget().inAnyNamespace().withLabel(SyncLabels.MANAGED_BY, SyncLabels.MANAGER)
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
            org.slf4j.LoggerFactory.getLogger(HostCluster.class).warn("the host credential cannot list poddisruptionbudgets"
                    + " (policy/v1): tenants' PodDisruptionBudgets are not copied to the host ({})", e.getCode());
            return false;
        }
    }

    /** Whether tenants' PodDisruptionBudgets go down (the host credential may manage them). */
    boolean copiesBudgets() {
        return pdbs != null;
    }

    private <T> SharedIndexInformer<T> track(SharedIndexInformer<T> informer) {
        informers.add(informer);
        return informer;
    }

    /** The (workspace, tenant namespace) a host namespace stands for, or null when it is not ours. */
    String[] tenantOf(String hostNamespace) {
        return tenantOf(namespaces.getIndexer().getByKey(hostNamespace));
    }

    private static String[] tenantOf(Namespace ns) {
        if (ns == null || ns.getMetadata().getAnnotations() == null) {
            return null;
        }
        String ws = ns.getMetadata().getAnnotations().get(WORKSPACE_ANNOTATION);
        String tenantNs = ns.getMetadata().getAnnotations().get(NAMESPACE_ANNOTATION);
        return ws == null || tenantNs == null ? null : new String[] {ws, tenantNs};
    }

    /** Whether any host pod of {@code workspace} is in the cache. */
    boolean hasPods(String workspace) {
        return cachedNamespacesOf(workspace).stream().anyMatch(ns -> !Informers.inNamespace(pods, ns).isEmpty());
    }

    /** The host pods of {@code workspace} in the cache. */
    List<Pod> podsOf(String workspace) {
        List<Pod> found = new ArrayList<>();
        cachedNamespacesOf(workspace).forEach(ns -> found.addAll(Informers.inNamespace(pods, ns)));
        return found;
    }

    /**
     * The workspace's host namespaces in the cache. Its pods are found through them: the host holds every workspace's
     * pods (thousands), and scanning them all for each new DNS server took a third of the syncer workers' profile
     * samples in a burst into 50 new workspaces.
     */
    private List<String> cachedNamespacesOf(String workspace) {
        List<String> found = new ArrayList<>();
        for (Namespace ns : namespaces.getIndexer().list()) {
            String[] tenant = tenantOf(ns);
            if (tenant != null && tenant[0].equals(workspace)) {
                found.add(ns.getMetadata().getName());
            }
        }
        return found;
    }

    /** Host namespaces recorded for {@code workspace}: in its ledger and by label (either alone suffices). */
    Map<String, String> namespacesOf(String workspace) {
        Map<String, String> found = new HashMap<>();
        ConfigMap ledger = client.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(workspace)).get();
        if (ledger != null && ledger.getData() != null) {
            found.putAll(ledger.getData());
        }
        for (Namespace ns : client.namespaces().withLabel(SyncLabels.WORKSPACE, HostNames.labelValue(workspace)).list().getItems()) {
            String tenantNs = ns.getMetadata().getAnnotations() == null ? null
                    : ns.getMetadata().getAnnotations().get(NAMESPACE_ANNOTATION);
            found.putIfAbsent(ns.getMetadata().getName(), tenantNs == null ? "" : tenantNs);
        }
        return found;
    }

    /** Workspaces that have a ledger on the host (ledger ConfigMaps carry the full name as an annotation). */
    List<String> ledgerWorkspaces() {
        List<String> names = new ArrayList<>();
        for (ConfigMap cm : client.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withLabel(SyncLabels.MANAGED_BY, SyncLabels.MANAGER)
                .list().getItems()) {
            String ws = cm.getMetadata().getAnnotations() == null ? null : cm.getMetadata().getAnnotations().get(WORKSPACE_ANNOTATION);
            if (ws != null) {
                names.add(ws);
            }
        }
        return names;
    }

    /**
     * Records the host namespace in the workspace's ledger first, then creates it: a crash between the
     * two leaves a ledger entry without a namespace (harmless), never a namespace nobody will delete.
     */
    void ensureNamespace(String workspace, String tenantNamespace, DownTranslator translator) {
        ensureNamespace(workspace, tenantNamespace, new NamespaceBuilder().withNewMetadata().withName(translator.hostNamespace())
                .withLabels(translator.ownLabels()).addToAnnotations(WORKSPACE_ANNOTATION, workspace)
                .addToAnnotations(NAMESPACE_ANNOTATION, tenantNamespace).endMetadata().build());
    }

    /**
     * The same for any host namespace of the workspace; {@code ledgerValue} is the tenant namespace it stands for, or ""
     * for one of the syncer's own (the workspace's DNS server).
     */
    void ensureNamespace(String workspace, String ledgerValue, Namespace ns) {
        String hostNs = ns.getMetadata().getName();
        if (live(namespaces.getIndexer().getByKey(hostNs))) {
            return;
        }
        record(workspace, hostNs, ledgerValue);
        apply(ns);
    }

    /**
     * Adds an entry to the workspace's ledger by a merge patch, which keeps the entries other workers add meanwhile. A
     * new host namespace costs that one request when the ledger is in the cache; the ledger (and its namespace) is made
     * first only when it is not, or when the patch finds it gone.
     */
    private void record(String workspace, String hostNs, String ledgerValue) {
        String ledgerName = HostNames.ledger(workspace);
        ConfigMap target = new ConfigMapBuilder().withNewMetadata().withName(ledgerName).withNamespace(SyncLabels.LEDGER_NAMESPACE)
                .endMetadata().build();
        String entry = SyncerJson.asJson(Map.of("data", Map.of(hostNs, ledgerValue)));
        if (live(Informers.get(configMaps, SyncLabels.LEDGER_NAMESPACE, ledgerName))) {
            try {
                client.configMaps().resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), entry);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        ensureLedgerNamespace();
        applyQuietly(new ConfigMapBuilder(target).editMetadata().addToLabels(SyncLabels.MANAGED_BY, SyncLabels.MANAGER)
                .addToLabels(SyncLabels.WORKSPACE, HostNames.labelValue(workspace))
                .addToAnnotations(WORKSPACE_ANNOTATION, workspace).endMetadata().build());
        client.configMaps().resource(target).patch(PatchContext.of(PatchType.JSON_MERGE), entry);
    }

    private static boolean live(HasMetadata object) {
        return object != null && object.getMetadata().getDeletionTimestamp() == null;
    }

    private void ensureLedgerNamespace() {
        if (!live(namespaces.getIndexer().getByKey(SyncLabels.LEDGER_NAMESPACE))
                && client.namespaces().withName(SyncLabels.LEDGER_NAMESPACE).get() == null) {
            applyQuietly(new NamespaceBuilder().withNewMetadata().withName(SyncLabels.LEDGER_NAMESPACE)
                    .addToLabels(SyncLabels.MANAGED_BY, SyncLabels.MANAGER).endMetadata().build());
        }
    }

    /** Deletes a host namespace (with everything in it) and then its ledger entry. */
    void deleteNamespace(String workspace, String hostNamespace) {
        client.namespaces().withName(hostNamespace).delete();
        ConfigMap ledger = client.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(workspace)).get();
        if (ledger != null && ledger.getData() != null && ledger.getData().containsKey(hostNamespace)) {
            Map<String, Object> data = new HashMap<>();
            data.put(hostNamespace, null);
            client.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(workspace))
                    .patch(PatchContext.of(PatchType.JSON_MERGE), SyncerJson.asJson(Map.of("data", data)));
        }
    }

    /** Removes every host namespace recorded for the workspace, then the ledger itself. */
    void teardown(String workspace) {
        for (String hostNs : namespacesOf(workspace).keySet()) {
            client.namespaces().withName(hostNs).delete();
        }
        client.configMaps().inNamespace(SyncLabels.LEDGER_NAMESPACE).withName(HostNames.ledger(workspace)).delete();
    }

    <T extends HasMetadata> T apply(T object) {
        return client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** {@link #apply} for a caller that does not need the host's copy back: the answer is checked, not read. */
    void applyUnread(HasMetadata object) {
        UnreadWrites.apply(client, object, FIELD_MANAGER);
    }

    private void applyQuietly(HasMetadata object) {
        try {
            apply(object);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }
}
