package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one host namespace match one tenant namespace, from the two caches: what the tenant has is
 * applied (skipped when the host copy carries the same digest), what the host has beyond that is
 * deleted, then status, addresses and Events flow back. Running it again changes nothing.
 */
final class NamespaceReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceReconciler.class);
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    /** New pods one pass sends down; the rest wait for the pass right after (about eight round trips of eight writes). */
    static final int NEW_PODS_PER_PASS = 64;

    private final HostCluster host;
    private final WorkspaceStatusWriter statusWriter;
    /** Token Secrets for in-cluster access; null when the syncer has no tenant API address (tokens are dropped). */
    private final PodTokens tokens;
    /** The workspaces' DNS servers; null when tenant DNS is off (host pods keep the tenant's DNS settings). */
    private final TenantDns dns;
    private final PassWrites passWrites;
    private final Translations translations = new Translations();
    private final HostRefusals refusals = new HostRefusals(java.time.Clock.systemUTC());
    private final StatusUp statusUp;
    private final HostEphemeralContainers ephemeral;
    private final HostResize resizes;
    private final HostCopies copies;
    private final HostSweep sweep;

    NamespaceReconciler(HostCluster host, WorkspaceStatusWriter statusWriter, PodTokens tokens, TenantDns dns, PassWrites passWrites) {
        this.host = host;
        this.passWrites = passWrites;
        this.statusUp = new StatusUp(host);
        this.ephemeral = new HostEphemeralContainers(host, refusals);
        this.resizes = new HostResize(host, refusals);
        this.copies = new HostCopies(host);
        this.sweep = new HostSweep(host, passWrites);
        this.statusWriter = statusWriter;
        this.tokens = tokens;
        this.dns = dns;
    }

    /**
     * One pass; true when it left new pods for another pass (at most {@link #NEW_PODS_PER_PASS} go down in one), so a
     * burst into one namespace brings up the status of its running pods between batches instead of after all of them.
     */
    boolean reconcile(TenantWorkspace tenant, String namespace) {
        Translations.Pass pass = translations.pass(tenant.name, namespace);
        try {
            return reconcile(tenant, namespace, pass);
        } finally {
            pass.end();
        }
    }

    /** Drops what is kept for a workspace that is gone. */
    void forgetWorkspace(String workspace) {
        translations.forgetWorkspace(workspace);
    }

    private boolean reconcile(TenantWorkspace tenant, String namespace, Translations.Pass pass) {
        DownTranslator translator = new DownTranslator(tenant.name, namespace, tokens == null ? null : tokens.api());
        WorkspacePolicy policy = tenant.policy();
        String hostNs = translator.hostNamespace();
        Map<String, Pod> hostPods = byName(Informers.inNamespace(host.pods, hostNs));
        List<HasMetadata> desired = new ArrayList<>();
        // pods are applied after what they reference: a host refuses a pod whose ServiceAccount it does not have yet
        List<HasMetadata> pods = new ArrayList<>();
        PodReferences refs = PodReferences.none();
        Map<String, Pod> syncedTenantPods = new HashMap<>();
        Map<String, Pod> recreate = new HashMap<>();
        DnsOfPass dnsOfPass = new DnsOfPass(dns, tenant, namespace);
        int newPods = 0;
        boolean more = false;
        // the tenant's pods by name → uid (and the token Secrets of those left for the next pass): a host copy of one of them
        // is never swept away when this pass leaves it out, as its host cache may lag behind the last pass's writes
        Map<String, String> live = new HashMap<>();
        List<Runnable> lost = new ArrayList<>();
        Map<String, Pod> resizingPods = new HashMap<>();
        // a pod missing from a host cache that is not filled yet is not gone
        boolean hostPodsKnown = host.pods.hasSynced();
        for (Pod pod : tenant.pods(namespace)) {
            live.put(pod.getMetadata().getName(), pod.getMetadata().getUid());
            Pod hostPod = hostPods.get(pod.getMetadata().getName());
            boolean synced = HostCopies.standsFor(hostPod, pod);
            if (!synced) {
                String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                    continue; // finished (or refused) before: never run it again
                }
                if (hostPodsKnown && LostPods.lost(pod, hostPod)) {
                    lost.add(() -> LostPods.fail(tenant, pod)); // the host removed its copy: it fails, it is not made again
                    continue;
                }
                List<String> problems = PodRefusal.problems(pod, policy);
                if (!problems.isEmpty()) {
                    refuse(tenant, pod, problems);
                    continue;
                }
                String reserved = PodRefusal.reservedSecrets(pod);
                if (reserved == null && tokens == null) {
                    reserved = PodRefusal.projectedTokens(pod);
                }
                if (reserved != null) {
                    refusals.refused(tenant.client, pod, reserved, false);
                    continue;
                }
                if (PodRefusal.waitsForServiceAccount(pod, tenant.serviceAccountNames(namespace))) {
                    continue; // the next pass (its ServiceAccount's add event, or the resync) brings it
                }
                if (hostPod != null) {
                    recreate.put(pod.getMetadata().getName(), hostPod); // same name, new tenant pod
                } else if (++newPods > NEW_PODS_PER_PASS) {
                    refs.addAll(PodReferences.of(pod.getSpec())); // what it references stays on the host meanwhile
                    if (tokens != null) {
                        live.put(InClusterAccess.secretName(pod.getMetadata().getName()), pod.getMetadata().getUid());
                    }
                    more = true;
                    continue;
                }
            }
            String dnsRefused = synced ? null : dnsOfPass.refusalForNewPod();
            if (dnsRefused != null) {
                // the rest of the namespace still syncs; the tenant is told on the pod, and the next pass tries again
                LOG.warn("pod {}/{} of workspace {} waits: {}", namespace, pod.getMetadata().getName(), tenant.name, dnsRefused);
                refusals.refused(tenant.client, pod, dnsRefused, false);
                continue;
            }
            Secret token = tokenSecret(tenant, translator, pod);
            if (token != null) {
                pods.add(token); // before its pod, so the host kubelet finds it when the pod arrives
            }
            // a pod on the host keeps its DNS settings (they cannot change); a new one gets the workspace's DNS server
            PodDns podDns = synced ? PodDns.asOnHost(hostPod.getSpec()) : dnsOfPass.forNewPod(hostNs);
            // a pod on the host keeps its copy across its status writes; one not there yet is translated again at each new
            // resourceVersion, so it meets the workspace's DNS server as it is now
            // while a resize has not reached the host, the pod's own write keeps the host's resources (only the resize
            // subresource changes them); the copy kept across passes is made again once the host has taken it
            PodSpec resizing = synced && HostResize.differs(pod.getSpec(), hostPod.getSpec()) ? hostPod.getSpec() : null;
            if (resizing != null) {
                resizingPods.put(pod.getMetadata().getName(), pod);
            }
            pods.add(pass.host(pod, policy, synced ? p -> java.util.Arrays.asList(DownTranslator.podInput(p), resizing == null)
                    : p -> null, p -> translator.pod(p, policy, podDns, resizing)));
            refs.addAll(PodReferences.of(pod.getSpec()));
            syncedTenantPods.put(pod.getMetadata().getName(), pod);
        }
        passWrites.run(lost);
        List<Service> tenantServices = tenant.services(namespace);
        tenantServices.forEach(s -> desired.add(pass.host(s, policy, translator::service)));
        for (String name : refs.configMaps()) {
            ConfigMap cm = tenant.configMap(namespace, name);
            if (cm != null) {
                desired.add(pass.host(cm, policy, translator::configMap));
            }
        }
        for (String name : refs.secrets()) {
            Secret secret = tenant.secret(namespace, name);
            // a reserved name never goes down, even for a pod synced before the name was reserved: the token Secret wins
            if (secret != null && !"kubernetes.io/service-account-token".equals(secret.getType())
                    && !InClusterAccess.reservedSecretName(name)) {
                desired.add(pass.host(secret, policy, translator::secret));
            }
        }
        for (String name : refs.serviceAccounts()) {
            ServiceAccount sa = tenant.serviceAccount(namespace, name);
            if (sa != null) {
                desired.add(pass.host(sa, policy, translator::serviceAccount));
            }
        }
        for (String name : refs.claims()) {
            PersistentVolumeClaim pvc = tenant.claim(namespace, name);
            if (pvc != null) {
                desired.add(pass.host(pvc, policy, translator::claim));
            }
        }

        Set<String> waitingBudgets = new HashSet<>();
        if (!desired.isEmpty() || !pods.isEmpty()) {
            // only where something runs: the quota alone never makes a host namespace
            var quota = translator.workspaceQuota(policy.quotaHard());
            if (quota != null) {
                desired.add(quota);
            }
            // nor do budgets, which protect only what goes down; one whose number is not known yet waits (HostBudgets)
            for (PodDisruptionBudget pdb : host.copiesBudgets() ? tenant.pdbs(namespace) : List.<PodDisruptionBudget>of()) {
                HasMetadata budget = pass.host(pdb, policy, translator::podDisruptionBudget);
                if (budget != null) {
                    desired.add(budget);
                } else {
                    waitingBudgets.add(pdb.getMetadata().getName());
                }
            }
        }
        List<HasMetadata> all = new ArrayList<>(desired);
        all.addAll(pods);
        boolean hostNamespaceKnown = host.namespaces.getIndexer().getByKey(hostNs) != null;
        if (all.isEmpty()) {
            sweep.deleteUndesired(hostNs, all, live, waitingBudgets);
            if (hostNamespaceKnown && !tenant.namespaceExists(namespace)) {
                host.deleteNamespace(tenant.name, hostNs);
                dnsOfPass.namespaceGone();
                if (tokens != null) {
                    tokens.forgetNamespace(hostNs);
                }
                statusWriter.forget(tenant.name, namespace);
            }
            return more;
        }
        host.ensureNamespace(tenant.name, namespace, translator);
        statusWriter.record(tenant.name, namespace, hostNs);
        dnsOfPass.namespaceMapped(!pods.isEmpty());
        for (Pod stale : recreate.values()) {
            host.client.resource(stale).withGracePeriod(0).delete();
        }
        AtomicBoolean quotaRefused = new AtomicBoolean();
        // what pods reference (and the quota wall) is on the host before any pod; a token Secret goes just before its pod
        List<Runnable> writes = new ArrayList<>();
        for (HasMetadata object : desired) {
            if (copies.stale(object, hostNs, recreate)) {
                writes.add(() -> write(tenant, namespace, hostNs, object, recreate, syncedTenantPods, quotaRefused));
            }
        }
        passWrites.run(writes);
        // status of pods the host runs goes up first, so it does not wait behind a burst of new pods going down
        writes = statusUp.podWrites(tenant, namespace, hostPods, syncedTenantPods);
        List<HasMetadata> group = new ArrayList<>();
        for (HasMetadata object : pods) {
            group.add(object);
            if (object instanceof Pod) {
                List<HasMetadata> stale = group.stream().filter(o -> copies.stale(o, hostNs, recreate) && !copies.goneMeanwhile(o, hostPods, hostNs))
                        .toList();
                if (!stale.isEmpty()) {
                    writes.add(() -> stale.forEach(o -> write(tenant, namespace, hostNs, o, recreate, syncedTenantPods, quotaRefused)));
                }
                group = new ArrayList<>();
            }
        }
        passWrites.run(writes);
        // what a running pod gains later goes through the host pod's own subresources: kubectl debug's containers, resizes
        List<Runnable> podChanges = ephemeral.writes(tenant, translator, hostPods, syncedTenantPods);
        podChanges.addAll(resizes.writes(tenant, hostNs, hostPods, resizingPods));
        passWrites.run(podChanges);
        if (!quotaRefused.get() && statusWriter.quotaAccepted(tenant.name, namespace)) {
            Namespace tenantNamespace = tenant.client.namespaces().withName(namespace).get();
            if (tenantNamespace != null) {
                refusals.synced(tenant.client, tenantNamespace);
            }
        }
        sweep.deleteUndesired(hostNs, all, live, waitingBudgets);
        statusUp.services(tenant, namespace, tenantServices, hostNs);
        statusUp.events(tenant, namespace, hostNs, syncedTenantPods, tenantServices);
        return more;
    }

    /** Applies one object on the host; a refusal is told to the tenant (the rest of the namespace still syncs). */
    private void write(TenantWorkspace tenant, String namespace, String hostNs, HasMetadata object, Map<String, Pod> recreate,
                       Map<String, Pod> syncedTenantPods, AtomicBoolean quotaRefused) {
        HasMetadata tenantObject = tenantObject(tenant, namespace, object, syncedTenantPods);
        boolean update = copies.cached(object, hostNs) != null && !recreate.containsKey(object.getMetadata().getName());
        try {
            host.applyUnread(object);
        } catch (KubernetesClientException e) {
            if (!HostRefusals.isRefusal(e)) {
                throw e;
            }
            // 422: e.g. a changed field the host does not let pods change; 403: e.g. the host quota wall refuses a
            // pod without a cpu request. Either way the rest of the namespace still syncs (a retry would fail
            // alike and hold everything up); the tenant is told (Event, pod condition) and the next pass retries.
            LOG.warn("host refused {} {}/{}: {}", object.getKind(), hostNs, object.getMetadata().getName(), e.getMessage());
            String message = HostRefusals.message(e);
            Pod tokenOwner = tenantObject == null ? tokenOwner(object, syncedTenantPods) : null;
            if (tenantObject != null) {
                refusals.refused(tenant.client, tenantObject, message, update);
            } else if (tokenOwner != null) {
                // told on the pod (an Event only: the pod itself may be on the host), so "no API access" has a reason
                refusals.refused(tenant.client, tokenOwner, "the host refused Secret \"" + object.getMetadata().getName()
                        + "\", which holds this pod's API token (in-cluster access): " + message, true);
            } else if (object instanceof ResourceQuota) {
                quotaRefused.set(true);
                quotaRefused(tenant, namespace, message);
            }
            return;
        }
        if (tenantObject != null) {
            refusals.synced(tenant.client, tenantObject);
        }
    }

    /** The host refused the namespace's copy of the workspace quota: the Workspace's status and the tenant Namespace say so. */
    private void quotaRefused(TenantWorkspace tenant, String namespace, String message) {
        statusWriter.quotaRefused(tenant.name, namespace, message);
        Namespace tenantNamespace = tenant.client.namespaces().withName(namespace).get();
        if (tenantNamespace != null) {
            refusals.refused(tenant.client, tenantNamespace, "the host refused ResourceQuota \"" + HostQuota.NAME
                    + "\", this namespace's share of the workspace quota: " + message, true);
        }
    }

    /** The tenant object a host copy stands for (matched by uid), or null for what is only the syncer's (quota, token Secrets). */
    private static HasMetadata tenantObject(TenantWorkspace tenant, String namespace, HasMetadata hostObject, Map<String, Pod> pods) {
        String name = hostObject.getMetadata().getName();
        HasMetadata found = switch (hostObject.getKind()) {
            case "Pod" -> pods.get(name);
            case "Service" -> tenant.services(namespace).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElse(null);
            case "ConfigMap" -> tenant.configMap(namespace, name);
            case "Secret" -> tenant.secret(namespace, name);
            case "ServiceAccount" -> tenant.serviceAccount(namespace, name);
            case "PersistentVolumeClaim" -> tenant.claim(namespace, name);
            case "PodDisruptionBudget" -> tenant.pdbs(namespace).stream().filter(b -> b.getMetadata().getName().equals(name))
                    .findFirst().orElse(null);
            default -> null;
        };
        return found != null && HostCopies.standsFor(hostObject, found) ? found : null;
    }

    /** The tenant pod whose token Secret {@code hostObject} is, or null when it is none. */
    private static Pod tokenOwner(HasMetadata hostObject, Map<String, Pod> pods) {
        if (!"Secret".equals(hostObject.getKind()) || !InClusterAccess.reservedSecretName(hostObject.getMetadata().getName())) {
            return null;
        }
        String uid = tenantUid(hostObject);
        return pods.values().stream().filter(p -> Objects.equals(p.getMetadata().getUid(), uid)).findFirst().orElse(null);
    }

    /** The pod's token Secret (in-cluster access, projected tokens), or null; a failed TokenRequest keeps what the host has (retried next pass). */
    private Secret tokenSecret(TenantWorkspace tenant, DownTranslator translator, Pod pod) {
        if (tokens == null || !PodTokens.needed(pod)) {
            return null;
        }
        Secret current = Informers.get(host.secrets, translator.hostNamespace(), InClusterAccess.secretName(pod.getMetadata().getName()));
        try {
            return tokens.secret(tenant.client, translator, pod, current);
        } catch (KubernetesClientException e) {
            LOG.warn("no token for pod {}/{} of workspace {} yet: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    tenant.name, e.getMessage());
            return current;
        }
    }

    private void refuse(TenantWorkspace tenant, Pod pod, List<String> problems) {
        PodStatus status = UpTranslator.refused(pod, problems);
        if (status == null) {
            return;
        }
        tenant.client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(PatchTargets.pod(pod))
                .subresource("status").patch(MERGE, SyncerJson.asJson(Map.of("status", status)));
        Event event = UpTranslator.refusalEvent(pod, status.getMessage());
        tenant.client.resource(event).fieldManager(HostCluster.FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    static String tenantUid(HasMetadata hostObject) {
        return hostObject.getMetadata().getAnnotations() == null ? null
                : hostObject.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID);
    }

    static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        Map<String, T> map = new HashMap<>();
        objects.forEach(o -> map.put(o.getMetadata().getName(), o));
        return map;
    }
}
