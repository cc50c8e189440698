package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Objects;

/** What the host's caches hold of the objects a pass would write: whether a write is due, or would do harm. */
final class HostCopies {
    private final HostCluster host;

    HostCopies(HostCluster host) {
        this.host = host;
    }

    /** The host's copy of {@code object} as the caches hold it now, or null. */
    HasMetadata cached(HasMetadata object, String hostNs) {
        String name = object.getMetadata().getName();
        return switch (object.getKind()) {
            case "Pod" -> Informers.get(host.pods, hostNs, name);
            case "Service" -> Informers.get(host.services, hostNs, name);
            case "ConfigMap" -> Informers.get(host.configMaps, hostNs, name);
            case "Secret" -> Informers.get(host.secrets, hostNs, name);
            case "ServiceAccount" -> Informers.get(host.serviceAccounts, hostNs, name);
            case "PersistentVolumeClaim" -> Informers.get(host.claims, hostNs, name);
            case "ResourceQuota" -> Informers.get(host.quotas, hostNs, name);
            case "PodDisruptionBudget" -> Informers.get(host.pdbs, hostNs, name);
            default -> null;
        };
    }

    /** True when the host's copy is missing, differs from {@code object}, or stands for an earlier tenant pod of that name. */
    boolean stale(HasMetadata object, String hostNs, Map<String, Pod> recreate) {
        HasMetadata current = cached(object, hostNs);
        return current == null || recreate.containsKey(object.getMetadata().getName()) && object instanceof Pod
                || !Objects.equals(digest(current), digest(object));
    }

    /** Whether {@code hostCopy} (may be null) is the host's copy of {@code tenantObject}, not of an earlier one of that name. */
    static boolean standsFor(HasMetadata hostCopy, HasMetadata tenantObject) {
        return hostCopy != null && Objects.equals(tenantObject.getMetadata().getUid(), NamespaceReconciler.tenantUid(hostCopy));
    }

    /**
     * Whether {@code object} is a pod whose host copy the pass began with (the same tenant pod) and the host has removed
     * since: an apply would make it again, so it is left to the next pass (which fails it in the tenant, {@link LostPods}).
     */
    boolean goneMeanwhile(HasMetadata object, Map<String, Pod> hostPodsAtStart, String hostNs) {
        Pod atStart = object instanceof Pod ? hostPodsAtStart.get(object.getMetadata().getName()) : null;
        // object is itself a host copy: the tenant uid it carries names its tenant pod
        return atStart != null && Objects.equals(NamespaceReconciler.tenantUid(atStart), NamespaceReconciler.tenantUid(object))
                && cached(object, hostNs) == null;
    }

    private static String digest(HasMetadata object) {
        return object.getMetadata().getAnnotations() == null ? null : object.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
    }
}
