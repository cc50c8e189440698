package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant pod whose host copy the host itself removed: it ran there (the tenant pod is bound to a host node) and the
 * host pod is gone (evicted through the host's API, preempted, deleted by the host's admin, or collected with its
 * node). A pod never runs again on another node, so the syncer does not make it again: it fails, as kube's pod garbage
 * collector fails a pod whose node went away (phase Failed, not ready, a {@code DisruptionTarget} condition, the host's
 * own if it said why before the pod went), with a Warning Event; its controller (a ReplicaSet, a Job) makes a new one.
 */
final class LostPods {
    static final String REASON = "DeletedOnHost";
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private LostPods() {
    }

    /**
     * Whether {@code tenantPod}, not finished, ran on the host and {@code hostPod} (its copy there) is gone. It ran there
     * when it is bound (a node name, and PodScheduled as a binding sets it, which the syncer's is): a node name the
     * tenant wrote into a new pod has no such condition, and is refused instead ({@link PodRefusal}).
     */
    static boolean lost(Pod tenantPod, Pod hostPod) {
        String node = tenantPod.getSpec() == null ? null : tenantPod.getSpec().getNodeName();
        PodStatus status = tenantPod.getStatus();
        String phase = status == null ? null : status.getPhase();
        boolean scheduled = status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
        return hostPod == null && node != null && !node.isEmpty() && scheduled && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    /** The status a lost pod ends with. */
    static PodStatus failed(Pod tenantPod, Instant now) {
        PodStatus status = tenantPod.getStatus() == null ? new PodStatus() : SyncerJson.convert(tenantPod.getStatus(), PodStatus.class);
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<PodCondition> conditions = new ArrayList<>();
        boolean disrupted = false;
        for (PodCondition c : status.getConditions() == null ? List.<PodCondition>of() : status.getConditions()) {
            if ("Ready".equals(c.getType()) || "ContainersReady".equals(c.getType())) {
                conditions.add(condition(c.getType(), "False", "PodFailed", "the pod's copy on the host cluster is gone", time));
            } else {
                disrupted |= "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus());
                conditions.add(c);
            }
        }
        if (!disrupted) {
            conditions.add(condition("DisruptionTarget", "True", REASON, "the host cluster deleted the pod's copy", time));
        }
        status.setConditions(conditions);
        status.setPhase("Failed");
        status.setReason(REASON);
        status.setMessage("The pod's copy on the host cluster was deleted (evicted, preempted, or its node went away); a pod"
                + " does not run again elsewhere, so its controller replaces it");
        return status;
    }

    private static PodCondition condition(String type, String status, String reason, String message, String time) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(time).build();
    }

    /** Fails {@code tenantPod} in its workspace and tells why. */
    static void fail(TenantWorkspace tenant, Pod tenantPod) {
        PodStatus status = failed(tenantPod, Instant.now());
        tenant.client.pods().inNamespace(tenantPod.getMetadata().getNamespace()).resource(PatchTargets.pod(tenantPod))
                .subresource("status").patch(MERGE, SyncerJson.asJson(Map.of("status", status)));
        Event event = UpTranslator.refusalEvent(tenantPod, status.getMessage());
        event.getMetadata().setName(tenantPod.getMetadata().getName() + ".deleted-on-host");
        event.setReason(REASON);
        tenant.client.resource(event).fieldManager(HostCluster.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
}
