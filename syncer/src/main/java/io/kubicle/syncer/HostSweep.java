package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deletes what a host namespace holds beyond what a pass wants there, kind by kind: every kind the syncer writes into a
 * tenant's host namespace is listed here, so a tenant object deleted takes its host copy with it.
 */
final class HostSweep {
    private final HostCluster host;
    private final PassWrites passWrites;

    HostSweep(HostCluster host, PassWrites passWrites) {
        this.host = host;
        this.passWrites = passWrites;
    }

    /**
     * Deletes what the host has in the namespace beyond {@code desired}, but never a copy of a pod in {@code live} (or its
     * token), nor a budget named in {@code waitingBudgets} (its tenant's new number is not known yet: the host keeps
     * protecting the pods with the last one).
     */
    void deleteUndesired(String hostNs, List<HasMetadata> desired, Map<String, String> live, Set<String> waitingBudgets) {
        Map<String, Set<String>> wanted = new HashMap<>();
        for (HasMetadata o : desired) {
            wanted.computeIfAbsent(o.getKind(), k -> new HashSet<>()).add(o.getMetadata().getName());
        }
        wanted.computeIfAbsent("PodDisruptionBudget", k -> new HashSet<>()).addAll(waitingBudgets);
        List<Runnable> deletes = new ArrayList<>();
        deleteOthers(host.pods, hostNs, wanted.getOrDefault("Pod", Set.of()), live, deletes);
        deleteOthers(host.services, hostNs, wanted.getOrDefault("Service", Set.of()), Map.of(), deletes);
        deleteOthers(host.configMaps, hostNs, wanted.getOrDefault("ConfigMap", Set.of()), Map.of(), deletes);
        deleteOthers(host.secrets, hostNs, wanted.getOrDefault("Secret", Set.of()), live, deletes);
        deleteOthers(host.serviceAccounts, hostNs, wanted.getOrDefault("ServiceAccount", Set.of()), Map.of(), deletes);
        deleteOthers(host.claims, hostNs, wanted.getOrDefault("PersistentVolumeClaim", Set.of()), Map.of(), deletes);
        deleteOthers(host.quotas, hostNs, wanted.getOrDefault("ResourceQuota", Set.of()), Map.of(), deletes);
        if (host.copiesBudgets()) {
            deleteOthers(host.pdbs, hostNs, wanted.get("PodDisruptionBudget"), Map.of(), deletes);
        }
        passWrites.run(deletes);
    }

    private <T extends HasMetadata> void deleteOthers(SharedIndexInformer<T> informer, String hostNs, Set<String> keep,
                                                      Map<String, String> live, List<Runnable> deletes) {
        for (T object : Informers.inNamespace(informer, hostNs)) {
            String name = object.getMetadata().getName();
            if (keep.contains(name) || object.getMetadata().getDeletionTimestamp() != null
                    || live.containsKey(name) && Objects.equals(live.get(name), NamespaceReconciler.tenantUid(object))) {
                continue;
            }
            deletes.add(() -> host.client.resource(object).delete());
        }
    }
}
