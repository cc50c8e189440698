package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's ephemeral containers ({@code kubectl debug}) onto the host pod. A pod's spec is fixed on the host as
 * everywhere, so they go through the host pod's {@code ephemeralcontainers} subresource, as kubectl sends them: a
 * strategic merge patch by container name, which adds the ones the host pod lacks and changes nothing else (so sending
 * it again after a restart is harmless). Their status comes up with the rest of the pod's; {@code kubectl attach} and
 * {@code logs} reach them as any container. A refusal (the host's pod security, say) is told on the tenant pod.
 */
final class HostEphemeralContainers {
    private static final Logger LOG = LoggerFactory.getLogger(HostEphemeralContainers.class);
    private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);

    private final HostCluster host;
    private final HostRefusals refusals;

    HostEphemeralContainers(HostCluster host, HostRefusals refusals) {
        this.host = host;
        this.refusals = refusals;
    }

    /** The writes that bring the host copies of {@code tenantPods} the ephemeral containers they lack. */
    List<Runnable> writes(TenantWorkspace tenant, DownTranslator translator, Map<String, Pod> hostPods,
                          Map<String, Pod> tenantPods) {
        List<Runnable> writes = new ArrayList<>();
        for (Pod tenantPod : tenantPods.values()) {
            Pod hostPod = hostPods.get(tenantPod.getMetadata().getName());
            if (!HostCopies.standsFor(hostPod, tenantPod)) {
                continue; // not on the host yet: the pod goes down first, its ephemeral containers with a later pass
            }
            List<EphemeralContainer> missing = missing(tenantPod, hostPod, translator);
            if (!missing.isEmpty()) {
                writes.add(() -> add(tenant, translator.hostNamespace(), tenantPod, missing));
            }
        }
        return writes;
    }

    /** The tenant pod's ephemeral containers, as the host gets them, that the host pod does not have. */
    static List<EphemeralContainer> missing(Pod tenantPod, Pod hostPod, DownTranslator translator) {
        List<EphemeralContainer> wanted = tenantPod.getSpec().getEphemeralContainers();
        if (wanted == null || wanted.isEmpty()) {
            return List.of();
        }
        Set<String> present = new HashSet<>();
        List<EphemeralContainer> onHost = hostPod.getSpec() == null ? null : hostPod.getSpec().getEphemeralContainers();
        if (onHost != null) {
            onHost.forEach(c -> present.add(c.getName()));
        }
        if (wanted.stream().allMatch(c -> present.contains(c.getName()))) {
            return List.of(); // the common case costs no translation
        }
        return translator.ephemeralContainers(tenantPod).stream().filter(c -> !present.contains(c.getName())).toList();
    }

    /** The patch kubectl debug sends: the new containers, merged into the list by name. */
    static String patch(List<EphemeralContainer> containers) {
        return SyncerJson.asJson(Map.of("spec", Map.of("ephemeralContainers", containers)));
    }

    private void add(TenantWorkspace tenant, String hostNs, Pod tenantPod, List<EphemeralContainer> containers) {
        String name = tenantPod.getMetadata().getName();
        try {
            host.client.pods().inNamespace(hostNs).withName(name).ephemeralContainers().patch(STRATEGIC, patch(containers));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return; // the host pod went meanwhile: the next pass sees to the pod first
            }
            if (!HostRefusals.isRefusal(e)) {
                throw e;
            }
            List<String> names = containers.stream().map(EphemeralContainer::getName).toList();
            LOG.warn("host refused ephemeral containers {} of pod {}/{}: {}", names, hostNs, name, e.getMessage());
            refusals.refused(tenant.client, tenantPod, "the host refused ephemeral container" + (names.size() == 1 ? " " : "s ")
                    + String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList()) + ": " + HostRefusals.message(e), true);
        }
    }
}
