package io.kubicle.apiserver.controllers;

import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kinds a controller pass lists besides pods (workloads, and the budgets whose status counts their pods). The {@link ControllerManager} remembers which of them a namespace
 * holds none of, so a pass lists only the others (a namespace of Deployments needs no list of Jobs, StatefulSets and
 * CronJobs each time one of its pods changes).
 */
enum WorkloadKind {
    DEPLOYMENTS(Resource.DEPLOYMENTS, null),
    REPLICASETS(Resource.REPLICASETS, "ReplicaSet"),
    JOBS(Resource.JOBS, "Job"),
    STATEFULSETS(Resource.STATEFULSETS, "StatefulSet"),
    CRONJOBS(Resource.CRONJOBS, null),
    /** Not a workload, but its status follows the readiness of any pod it selects, owned or not. */
    PODDISRUPTIONBUDGETS(Resource.PODDISRUPTIONBUDGETS, null);

    static final Set<WorkloadKind> ALL = Set.copyOf(EnumSet.allOf(WorkloadKind.class));

    final Resource resource;
    /** {@code "kind":"<owner>"} as stored in the ownerReferences of the pods it owns, or null when it owns none. */
    private final byte[] ownerKind;

    WorkloadKind(Resource resource, String ownerKind) {
        this.resource = resource;
        this.ownerKind = ownerKind == null ? null : ("\"kind\":\"" + ownerKind + "\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** The kind of a stored object, or null when no pass lists it. */
    static WorkloadKind of(ObjectKey key) {
        for (WorkloadKind kind : values()) {
            if (kind.resource.group().equals(key.group()) && kind.resource.resource().equals(key.resource())) {
                return kind;
            }
        }
        return null;
    }

    /**
     * The kinds that may own this pod, by a scan of its bytes (a parse per pod write cost the server): a mention of a
     * kind anywhere only costs that kind one list. A pod with the Job label may be a Job's whose Job is gone.
     */
    static Set<WorkloadKind> ownersOf(StoredObject pod, boolean jobLabel) {
        EnumSet<WorkloadKind> kinds = EnumSet.noneOf(WorkloadKind.class);
        for (WorkloadKind kind : values()) {
            if (kind.ownerKind != null && pod.bodyContains(kind.ownerKind)) {
                kinds.add(kind);
            }
        }
        if (jobLabel) {
            kinds.add(JOBS);
        }
        return kinds;
    }
}
