package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.Objects;

/**
 * The budget a tenant PodDisruptionBudget's host copy states, so a drain of a host node (the host's Eviction API
 * consults host budgets only) cannot take down more of a tenant app than the tenant allows.
 *
 * <p>The host copy always states an integer {@code minAvailable}. Host pods have no ownerReferences (their owners are
 * tenant ReplicaSets, StatefulSets, Jobs), and a host's disruption controller needs a pod's controller to turn
 * {@code maxUnavailable} or a percentage into a number of pods: it would fail with "found no controllers for pod" and
 * allow no eviction at all. An integer {@code minAvailable} needs no controllers. The number is the tenant's own when it
 * wrote an integer {@code minAvailable}; otherwise the one Kubicle's disruption controller worked out from the tenant's
 * controllers, {@code status.desiredHealthy}, once that status is for the current spec.
 */
final class HostBudgets {
    private HostBudgets() {
    }

    /**
     * The {@code minAvailable} of the host copy of {@code tenant}, or null while it is not known: the tenant's status is
     * missing or was computed for an earlier generation of its spec (the host copy then waits, or stays as it is).
     */
    static Integer minAvailable(PodDisruptionBudget tenant) {
        IntOrString min = tenant.getSpec() == null ? null : tenant.getSpec().getMinAvailable();
        if (min != null && min.getIntVal() != null) {
            return min.getIntVal();
        }
        PodDisruptionBudgetStatus status = tenant.getStatus();
        Long generation = tenant.getMetadata().getGeneration();
        if (status == null || status.getDesiredHealthy() == null || status.getObservedGeneration() == null
                || !Objects.equals(status.getObservedGeneration(), generation)) {
            return null;
        }
        return status.getDesiredHealthy();
    }

    /**
     * Whether a change of a tenant budget leaves its host copy as it was: the disruption controller rewrites the status
     * whenever one of its pods turns ready or unready (currentHealthy, disruptionsAllowed), which changes nothing here and
     * need not bring a pass over the namespace.
     */
    static boolean sameCopy(PodDisruptionBudget before, PodDisruptionBudget after) {
        return Objects.equals(minAvailable(before), minAvailable(after)) && Objects.equals(before.getSpec(), after.getSpec())
                && Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                && Objects.equals(before.getMetadata().getAnnotations(), after.getMetadata().getAnnotations())
                && Objects.equals(before.getMetadata().getUid(), after.getMetadata().getUid())
                && Objects.equals(before.getMetadata().getDeletionTimestamp(), after.getMetadata().getDeletionTimestamp());
    }
}
