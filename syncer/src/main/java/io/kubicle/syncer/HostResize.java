package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-place resize of a synced pod ({@code kubectl patch --subresource resize} in the tenant). A host pod's container
 * resources change only through its own {@code resize} subresource, so the syncer sends the tenant's new cpu and memory
 * there, and until the host has taken it the pod's main write carries the host's current resources (it never changes
 * them). Only the cpu and memory the tenant states are compared and sent: what the host added (a LimitRange's
 * defaults) stays as it is. The host's resize conditions and the containers' applied resources come up with the pod's
 * status.
 */
final class HostResize {
    private static final Logger LOG = LoggerFactory.getLogger(HostResize.class);
    private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);
    private static final List<String> RESIZABLE = List.of("cpu", "memory");

    private final HostCluster host;
    private final HostRefusals refusals;

    HostResize(HostCluster host, HostRefusals refusals) {
        this.host = host;
        this.refusals = refusals;
    }

    /** {@code spec}'s containers take the resources and resize policies of the host pod's containers of the same name. */
    static void keepHostResources(PodSpec spec, PodSpec onHost) {
        keep(spec.getContainers(), onHost.getContainers());
        keep(spec.getInitContainers(), onHost.getInitContainers());
    }

    private static void keep(List<Container> containers, List<Container> onHost) {
        if (containers == null || onHost == null) {
            return;
        }
        for (Container c : containers) {
            for (Container h : onHost) {
                if (Objects.equals(c.getName(), h.getName())) {
                    c.setResources(h.getResources() == null ? null : SyncerJson.convert(h.getResources(), ResourceRequirements.class));
                    c.setResizePolicy(h.getResizePolicy());
                }
            }
        }
    }

    /** The writes that bring the host copies of {@code tenantPods} (those that {@link #differs}) to their tenant pods' cpu and memory. */
    List<Runnable> writes(TenantWorkspace tenant, String hostNs, Map<String, Pod> hostPods, Map<String, Pod> tenantPods) {
        List<Runnable> writes = new ArrayList<>();
        for (Pod tenantPod : tenantPods.values()) {
            Pod hostPod = hostPods.get(tenantPod.getMetadata().getName());
            if (!HostCopies.standsFor(hostPod, tenantPod)) {
                continue; // a new pod goes down with the tenant's resources as they are
            }
            String patch = patch(tenantPod.getSpec(), hostPod.getSpec());
            if (patch != null) {
                writes.add(() -> resize(tenant, hostNs, tenantPod, patch));
            }
        }
        return writes;
    }

    /** Whether the host pod's cpu and memory differ from what the tenant pod states: a resize it has not taken yet. */
    static boolean differs(PodSpec tenant, PodSpec onHost) {
        for (String list : List.of("containers", "initContainers")) {
            if (!changed(containers(tenant, list), containers(onHost, list)).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** The strategic merge patch that gives the host pod the tenant's cpu and memory, or null when they agree. */
    static String patch(PodSpec tenant, PodSpec onHost) {
        Map<String, Object> spec = new LinkedHashMap<>();
        for (String list : List.of("containers", "initContainers")) {
            List<Map<String, Object>> changed = changed(containers(tenant, list), containers(onHost, list));
            if (!changed.isEmpty()) {
                spec.put(list, changed);
            }
        }
        return spec.isEmpty() ? null : SyncerJson.asJson(Map.of("spec", spec));
    }

    private static List<Container> containers(PodSpec spec, String list) {
        List<Container> containers = spec == null ? null : list.equals("containers") ? spec.getContainers() : spec.getInitContainers();
        return containers == null ? List.of() : containers;
    }

    private static List<Map<String, Object>> changed(List<Container> tenant, List<Container> onHost) {
        List<Map<String, Object>> changed = new ArrayList<>();
        for (Container c : tenant) {
            Container h = onHost.stream().filter(o -> Objects.equals(o.getName(), c.getName())).findFirst().orElse(null);
            if (h == null) {
                continue;
            }
            Map<String, Object> resources = new LinkedHashMap<>();
            boolean differs = false;
            for (String kind : List.of("requests", "limits")) {
                Map<String, Quantity> wanted = amounts(c.getResources(), kind);
                Map<String, Quantity> present = amounts(h.getResources(), kind);
                Map<String, String> sent = new LinkedHashMap<>();
                for (String name : RESIZABLE) {
                    Quantity q = wanted.get(name);
                    if (q != null) {
                        sent.put(name, q.toString());
                        differs |= present.get(name) == null
                                || q.getNumericalAmount().compareTo(present.get(name).getNumericalAmount()) != 0;
                    }
                }
                if (!sent.isEmpty()) {
                    resources.put(kind, sent);
                }
            }
            if (differs) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", c.getName());
                entry.put("resources", resources);
                changed.add(entry);
            }
        }
        return changed;
    }

    private static Map<String, Quantity> amounts(ResourceRequirements resources, String kind) {
        Map<String, Quantity> amounts = resources == null ? null
                : kind.equals("requests") ? resources.getRequests() : resources.getLimits();
        return amounts == null ? Map.of() : amounts;
    }

    private void resize(TenantWorkspace tenant, String hostNs, Pod tenantPod, String patch) {
        String name = tenantPod.getMetadata().getName();
        try {
            host.client.pods().inNamespace(hostNs).withName(name).subresource("resize").patch(STRATEGIC, patch);
        } catch (KubernetesClientException e) {
            if (!HostRefusals.isRefusal(e) && e.getCode() != 404) {
                throw e;
            }
            // 404: a host without in-place resize (before Kubernetes 1.33) has no such subresource
            LOG.warn("host refused the resize of pod {}/{}: {}", hostNs, name, e.getMessage());
            refusals.refused(tenant.client, tenantPod, "the host refused to resize the pod in place: " + HostRefusals.message(e),
                    true);
        }
    }
}
