package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the tenant when the host refuses one of its objects (a 403 such as the host quota wall, a 422), as kube tells
 * of a failure it keeps retrying: a Warning Event with reason {@code SyncError} and the host's message on the tenant
 * object, one Event per object whose {@code count} and {@code lastTimestamp} grow while the refusal repeats (written
 * at most once a minute while the message stays the same), and, for a pod the host does not have, the condition
 * {@code PodScheduled=False} with reason {@code SyncError}, which goes once the pod is on the host. What belongs to a
 * whole namespace (its copy of the workspace quota) is told on the tenant Namespace, with the Event in that namespace.
 */
final class HostRefusals {
    static final String REASON = "SyncError";
    private static final Duration REPEAT_EVERY = Duration.ofMinutes(1);
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

    private record Written(String message, Instant at) {
    }

    private final Clock clock;
    /** The last Event written per tenant object uid, so repeats within a minute cost no write. */
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    HostRefusals(Clock clock) {
        this.clock = clock;
    }

    /**
     * Whether the host refused a write for a reason a retry would meet again (403: RBAC, a quota, an admission policy;
     * 422: a field it does not take), so the tenant is told and the rest goes on, rather than an outage to retry.
     */
    static boolean isRefusal(io.fabric8.kubernetes.client.KubernetesClientException e) {
        return e.getCode() == 403 || e.getCode() == 422;
    }

    /** The host's own words for a refusal: its Status message, or the client's when it sent none. */
    static String message(io.fabric8.kubernetes.client.KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    /** The host refused {@code hostObject}, the copy of {@code tenantObject}; {@code hostHasPod}: an update, not a create. */
    void refused(KubernetesClient tenant, HasMetadata tenantObject, String message, boolean hostHasPod) {
        String uid = tenantObject.getMetadata().getUid();
        Instant now = clock.instant();
        Written last = written.get(uid);
        if (last == null || !last.message().equals(message) || !now.isBefore(last.at().plus(REPEAT_EVERY))) {
            Event previous = tenant.v1().events().inNamespace(eventNamespace(tenantObject))
                    .withName(eventName(tenantObject)).get();
            tenant.resource(event(tenantObject, message, previous, now)).fieldManager(HostCluster.FIELD_MANAGER).forceConflicts()
                    .serverSideApply();
            written.put(uid, new Written(message, now));
        }
        if (tenantObject instanceof Pod pod && !hostHasPod) {
            List<PodCondition> conditions = withSyncError(pod, message, now);
            if (conditions != null) {
                patchConditions(tenant, pod, conditions);
            }
        }
    }

    /** The object is on the host now: its SyncError condition (if any) goes, and a next refusal is news again. */
    void synced(KubernetesClient tenant, HasMetadata tenantObject) {
        if (written.remove(tenantObject.getMetadata().getUid()) == null && !(tenantObject instanceof Pod)) {
            return;
        }
        if (tenantObject instanceof Pod pod) {
            List<PodCondition> conditions = withoutSyncError(pod);
            if (conditions != null) {
                patchConditions(tenant, pod, conditions);
            }
        }
    }

    private static void patchConditions(KubernetesClient tenant, Pod pod, List<PodCondition> conditions) {
        try {
            tenant.pods().inNamespace(pod.getMetadata().getNamespace()).resource(PatchTargets.pod(pod)).subresource("status")
                    .patch(MERGE, SyncerJson.asJson(Map.of("status", Map.of("conditions", conditions))));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e; // gone meanwhile: nothing to tell
            }
        }
    }

    /** One Event per refused object: named after it, so a repeat updates it (kube's recorder counts repeats alike). */
    static String eventName(HasMetadata tenantObject) {
        String suffix = tenantObject instanceof Pod ? ".sync-error" : "." + tenantObject.getKind().toLowerCase() + ".sync-error";
        String name = tenantObject.getMetadata().getName();
        return name.length() + suffix.length() <= 253 ? name + suffix
                : name.substring(0, 253 - suffix.length() - 9) + "-" + HostNames.sha256Hex(name).substring(0, 8) + suffix;
    }

    /** Where the Event goes: the object's namespace, or for a Namespace itself (not namespaced) that namespace. */
    private static String eventNamespace(HasMetadata tenantObject) {
        return tenantObject instanceof Namespace ? tenantObject.getMetadata().getName() : tenantObject.getMetadata().getNamespace();
    }

    /** The Event after {@code previous} (null: the first): the same message counts up, another one starts again at 1. */
    static Event event(HasMetadata tenantObject, String message, Event previous, Instant now) {
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        boolean repeat = previous != null && message.equals(previous.getMessage()) && previous.getInvolvedObject() != null
                && Objects.equals(previous.getInvolvedObject().getUid(), tenantObject.getMetadata().getUid());
        Event event = new Event();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(eventName(tenantObject));
        meta.setNamespace(eventNamespace(tenantObject));
        event.setMetadata(meta);
        ObjectReference ref = new ObjectReference();
        ref.setApiVersion(tenantObject.getApiVersion() == null ? "v1" : tenantObject.getApiVersion()); // policy/v1 for a budget
        ref.setKind(tenantObject.getKind());
        ref.setNamespace(tenantObject.getMetadata().getNamespace());
        ref.setName(tenantObject.getMetadata().getName());
        ref.setUid(tenantObject.getMetadata().getUid());
        event.setInvolvedObject(ref);
        event.setType("Warning");
        event.setReason(REASON);
        event.setMessage(message);
        event.setCount(repeat && previous.getCount() != null ? previous.getCount() + 1 : 1);
        event.setFirstTimestamp(repeat && previous.getFirstTimestamp() != null ? previous.getFirstTimestamp() : stamp);
        event.setLastTimestamp(stamp);
        event.setSource(new EventSource(SyncLabels.MANAGER, null));
        event.setReportingComponent(SyncLabels.MANAGER);
        event.setReportingInstance("");
        return event;
    }

    /** The pod's conditions with PodScheduled=False/SyncError, or null when it already says so. */
    static List<PodCondition> withSyncError(Pod pod, String message, Instant now) {
        List<PodCondition> conditions = conditions(pod);
        PodCondition current = conditions.stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
        if (current != null && "False".equals(current.getStatus()) && REASON.equals(current.getReason())
                && message.equals(current.getMessage())) {
            return null;
        }
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        PodCondition scheduled = new PodCondition();
        scheduled.setType("PodScheduled");
        scheduled.setStatus("False");
        scheduled.setReason(REASON);
        scheduled.setMessage(message);
        scheduled.setLastTransitionTime(now.truncatedTo(ChronoUnit.SECONDS).toString());
        conditions.add(scheduled);
        return conditions;
    }

    /** The pod's conditions without a SyncError one, or null when it has none. */
    static List<PodCondition> withoutSyncError(Pod pod) {
        List<PodCondition> conditions = conditions(pod);
        return conditions.removeIf(c -> REASON.equals(c.getReason())) ? conditions : null;
    }

    private static List<PodCondition> conditions(Pod pod) {
        return new ArrayList<>(pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of()
                : pod.getStatus().getConditions());
    }
}
