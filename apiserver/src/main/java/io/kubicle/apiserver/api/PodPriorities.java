package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Priority admission of kube-apiserver for new Pods: {@code spec.priorityClassName} must name a PriorityClass of the
 * workspace, and the pod takes its value and preemption policy; a pod naming none takes the class marked
 * {@code globalDefault} (the lowest such value, and its name), else priority 0 and {@code PreemptLowerPriority}. A
 * priority or policy the pod states itself must be the one derived. Kube creates its two system classes as objects at
 * start; a workspace resolves them by name without holding them, so a new workspace stays as small as it is. A class
 * may be marked {@code globalDefault} only while no other one is.
 */
final class PodPriorities {
    static final String GROUP = "scheduling.k8s.io";
    static final String RESOURCE = "priorityclasses";
    private static final String PREEMPT_LOWER = "PreemptLowerPriority";
    private static final Map<String, Long> SYSTEM = Map.of("system-node-critical", 2_000_001_000L, "system-cluster-critical", 2_000_000_000L);

    private final Store store;
    private final NamespaceListers listers;

    PodPriorities(Store store, NamespaceListers listers) {
        this.store = store;
        this.listers = listers;
    }

    /** A class as a pod takes it: {@code name} empty when no class applies. */
    private record Resolved(String name, long value, String preemptionPolicy) {
        static final Resolved NONE = new Resolved("", 0, PREEMPT_LOWER);

        static Resolved of(JsonNode pc) {
            return new Resolved(pc.path("metadata").path("name").asText(""), pc.path("value").asLong(),
                    pc.path("preemptionPolicy").asText(PREEMPT_LOWER));
        }
    }

    Future<Void> admit(ApiCall call, ObjectNode pod) {
        ObjectNode spec = pod.withObject("/spec");
        String named = Json.text(spec, "priorityClassName");
        Future<Resolved> resolved = named.isEmpty() ? defaultClass(call.workspaceId()) : named(call, pod, named);
        return resolved.compose(pc -> {
            String podName = Json.text(Json.metadata(pod), "name");
            if (spec.hasNonNull("priority") && spec.path("priority").asLong() != pc.value()) {
                return Future.failedFuture(Statuses.forbidden("", "pods", podName, "the integer value of priority ("
                        + spec.path("priority").asLong() + ") must not be provided in pod spec; priority admission controller"
                        + " computed " + pc.value() + " from the given PriorityClass name"));
            }
            String policy = Json.text(spec, "preemptionPolicy");
            if (!policy.isEmpty() && !policy.equals(pc.preemptionPolicy())) {
                return Future.failedFuture(Statuses.forbidden("", "pods", podName, "the string value of PreemptionPolicy ("
                        + policy + ") must not be provided in pod spec; priority admission controller computed "
                        + pc.preemptionPolicy() + " from the given PriorityClass name"));
            }
            if (!pc.name().isEmpty()) {
                spec.put("priorityClassName", pc.name());
            }
            spec.put("priority", pc.value());
            spec.put("preemptionPolicy", pc.preemptionPolicy());
            return Future.succeededFuture();
        });
    }

    private Future<Resolved> named(ApiCall call, ObjectNode pod, String name) {
        return store.get(new ObjectKey(call.workspaceId(), GROUP, RESOURCE, "", name))
                .map(stored -> Resolved.of(Json.parseStored(stored.body())))
                .recover(e -> {
                    if (!(e instanceof StorageException.NotFound)) {
                        return Future.failedFuture(e);
                    }
                    Long system = SYSTEM.get(name);
                    return system != null ? Future.succeededFuture(new Resolved(name, system, PREEMPT_LOWER))
                            : Future.failedFuture(Statuses.forbidden("", "pods", Json.text(Json.metadata(pod), "name"),
                            "no PriorityClass with name " + name + " was found"));
                });
    }

    static boolean handlesClass(ResourceType type) {
        return type.group().equals(GROUP) && type.resource().equals(RESOURCE);
    }

    /** A PriorityClass may be marked globalDefault only while no other class is, as kube's Priority admission checks. */
    Future<Void> admitClass(ApiCall call, ObjectNode priorityClass) {
        if (!priorityClass.path("globalDefault").asBoolean(false)) {
            return Future.succeededFuture();
        }
        String name = priorityClass.path("metadata").path("name").asText("");
        return markedDefault(call.workspaceId()).compose(marked -> {
            for (JsonNode other : marked) {
                String otherName = other.path("metadata").path("name").asText("");
                if (!otherName.equals(name)) {
                    return Future.failedFuture(Statuses.forbidden(GROUP, RESOURCE, name, "PriorityClass " + otherName
                            + " is already marked as default. Only one default can exist"));
                }
            }
            return Future.succeededFuture();
        });
    }

    /** The workspace's classes marked globalDefault (one, or several after a race between replicas). */
    private Future<List<JsonNode>> markedDefault(long workspaceId) {
        return store.list(ListRequest.all(new ResourceScope(workspaceId, GROUP, RESOURCE, ""))).map(list -> {
            List<JsonNode> marked = new ArrayList<>();
            for (StoredObject stored : list.items()) {
                JsonNode pc = Json.parseStored(stored.body());
                if (pc.path("globalDefault").asBoolean(false)) {
                    marked.add(pc);
                }
            }
            return marked;
        });
    }

    /** The class marked globalDefault with the lowest value (two may be marked after a race), or none. */
    private Future<Resolved> defaultClass(long workspaceId) {
        if (listers.knownWithoutDefaultPriorityClass(workspaceId)) {
            return Future.succeededFuture(Resolved.NONE); // the usual workspace: nothing to read
        }
        return markedDefault(workspaceId).map(marked -> marked.stream()
                .min(java.util.Comparator.comparingLong(pc -> pc.path("value").asLong()))
                .map(Resolved::of).orElse(Resolved.NONE));
    }
}
