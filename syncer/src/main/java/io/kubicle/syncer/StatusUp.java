package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a namespace pass brings up from the host: pod status and node, Service addresses, Events. */
final class StatusUp {
    private static final Logger LOG = LoggerFactory.getLogger(StatusUp.class);
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private final HostCluster host;
    /** Host Events already copied up (uid → resourceVersion), so a resync does not write them again. */
    private final Map<String, String> copiedEvents = new ConcurrentHashMap<>();

    StatusUp(HostCluster host) {
        this.host = host;
    }

    /** The status writes (and bindings) of tenant pods whose host copy says more than they do, to run with the pass's writes. */
    List<Runnable> podWrites(TenantWorkspace tenant, String namespace, Map<String, Pod> hostPods, Map<String, Pod> tenantPods) {
        List<Runnable> writes = new ArrayList<>();
        for (Pod tenantPod : tenantPods.values()) {
            Pod hostPod = hostPods.get(tenantPod.getMetadata().getName());
            if (!HostCopies.standsFor(hostPod, tenantPod)) {
                continue;
            }
            PodStatus status = UpTranslator.podStatus(hostPod, tenantPod);
            Binding binding = UpTranslator.binding(hostPod, tenantPod);
            if (status != null || binding != null) {
                writes.add(() -> {
                    if (status != null) {
                        UnreadWrites.patchStatus(tenant.client, tenantPod, SyncerJson.asJson(Map.of("status", status)));
                    }
                    if (binding != null) {
                        bind(tenant, binding);
                    }
                });
            }
        }
        return writes;
    }

    private static void bind(TenantWorkspace tenant, Binding binding) {
        try {
            tenant.client.bindings().inNamespace(binding.getMetadata().getNamespace()).resource(binding).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // already bound (our cache lagged behind an earlier pass) or recreated under the same name: nothing to do
            LOG.debug("tenant pod {}/{} not bound: {}", binding.getMetadata().getNamespace(), binding.getMetadata().getName(),
                    e.getMessage());
        }
    }

    /** Host cluster IPs and load-balancer ingress onto the tenant's Services. */
    void services(TenantWorkspace tenant, String namespace, List<Service> tenantServices, String hostNs) {
        for (Service tenantService : tenantServices) {
            Service hostService = Informers.get(host.services, hostNs, tenantService.getMetadata().getName());
            if (!HostCopies.standsFor(hostService, tenantService)) {
                continue;
            }
            var service = tenant.client.services().inNamespace(namespace).resource(PatchTargets.service(tenantService));
            Map<String, Object> spec = UpTranslator.serviceSpecPatch(hostService, tenantService);
            if (spec != null) {
                try {
                    service.patch(MERGE, SyncerJson.asJson(spec));
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 422) {
                        throw e;
                    }
                    // a tenant server that keeps spec.clusterIP immutable (as kube-apiserver does) keeps its own address
                    LOG.warn("tenant refused host cluster IP for service {}/{}: {}", namespace, tenantService.getMetadata().getName(),
                            e.getMessage());
                }
            }
            Map<String, Object> status = UpTranslator.serviceStatusPatch(hostService, tenantService);
            if (status != null) {
                service.subresource("status").patch(MERGE, SyncerJson.asJson(status));
            }
        }
    }

    /** Host Events about synced pods and Services, copied once per version. */
    void events(TenantWorkspace tenant, String namespace, String hostNs, Map<String, Pod> pods, List<Service> services) {
        Map<String, Service> servicesByName = NamespaceReconciler.byName(services);
        for (Event hostEvent : Informers.inNamespace(host.events, hostNs)) {
            var ref = hostEvent.getInvolvedObject();
            if (ref == null || Objects.equals(copiedEvents.get(hostEvent.getMetadata().getUid()), hostEvent.getMetadata().getResourceVersion())) {
                continue;
            }
            HasMetadata about = "Pod".equals(ref.getKind()) ? pods.get(ref.getName())
                    : "Service".equals(ref.getKind()) ? servicesByName.get(ref.getName()) : null;
            if (about == null) {
                continue;
            }
            Event copy = UpTranslator.event(hostEvent, about);
            tenant.client.resource(copy).fieldManager(HostCluster.FIELD_MANAGER).forceConflicts().serverSideApply();
            copiedEvents.put(hostEvent.getMetadata().getUid(), hostEvent.getMetadata().getResourceVersion());
        }
    }
}
