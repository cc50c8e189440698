package io.kubicle.apiserver.api.patch;

import io.kubicle.apiserver.api.patch.PatchSchema.ListMerge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hand-written table behind {@link PatchSchema#forKind}: the {@code patchStrategy} /
 * {@code patchMergeKey} tags and {@code +listMapKey} markers of k8s.io/api core/v1, apps/v1, batch/v1
 * and policy/v1. Shared structs (ObjectMeta, PodSpec, Container) are matched wherever the kind embeds
 * them, so a Deployment's {@code spec.template.spec.containers} follows the same rules as a Pod's
 * {@code spec.containers}.
 */
final class KubeSchema implements PatchSchema {
    /** ObjectMeta, relative to each metadata. */
    private static final Map<String, ListMerge> OBJECT_META = Map.of(
            "finalizers", ListMerge.set(),
            "ownerReferences", ListMerge.byKey("uid"));

    /** PodSpec, relative to the pod spec. tolerations, readinessGates: atomic. */
    private static final Map<String, ListMerge> POD_SPEC = Map.of(
            "volumes", new ListMerge("merge,retainKeys", "name"),
            "containers", ListMerge.byKey("name"),
            "initContainers", ListMerge.byKey("name"),
            "ephemeralContainers", ListMerge.byKey("name"),
            "imagePullSecrets", ListMerge.byKey("name"),
            "hostAliases", ListMerge.byKey("ip"),
            "topologySpreadConstraints", ListMerge.byKey("topologyKey", "whenUnsatisfiable"),
            "resourceClaims", new ListMerge("merge,retainKeys", "name"),
            "schedulingGates", ListMerge.byKey("name"));

    /** Container and EphemeralContainerCommon. command, args, envFrom, resizePolicy: atomic. */
    private static final Map<String, ListMerge> CONTAINER = Map.of(
            "ports", ListMerge.byKey("containerPort", "protocol"),
            "env", ListMerge.byKey("name"),
            "volumeMounts", ListMerge.byKey("mountPath"),
            "volumeDevices", ListMerge.byKey("devicePath"));

    /** Objects owned as a whole by apply (+structType=atomic), matched by the last field name inside a PodSpec. */
    private static final Set<String> ATOMIC_IN_POD = Set.of("labelSelector", "namespaceSelector", "fieldRef",
            "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "imagePullSecrets");

    private final List<List<String>> podSpecs;
    private final List<List<String>> metas;
    private final Map<List<String>, ListMerge> lists;
    private final Set<List<String>> atomics;
    private final Set<List<String>> present;

    private KubeSchema(List<List<String>> podSpecs, List<List<String>> metas, Map<List<String>, ListMerge> lists,
            Set<List<String>> atomics, Set<List<String>> present) {
        this.podSpecs = podSpecs;
        this.metas = metas;
        this.lists = lists;
        this.atomics = atomics;
        this.present = present;
    }

    /** Kinds with rules of their own; every other kind gets only ObjectMeta's and status.conditions'. */
    private static final Set<String> SPECIAL = Set.of("/Pod", "/PodTemplate", "/ReplicationController", "apps/Deployment",
            "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet", "batch/Job", "batch/CronJob", "/Node", "/Service",
            "/ServiceAccount", "policy/PodDisruptionBudget");
    /** Built once per special kind (every write of an object asks), one shared for the rest. */
    private static final Map<String, KubeSchema> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    static KubeSchema forKind(String group, String kind) {
        String key = (group == null ? "" : group) + "/" + kind;
        return BUILT.computeIfAbsent(SPECIAL.contains(key) ? key : "/", k -> build(k.substring(0, k.indexOf('/')),
                k.substring(k.indexOf('/') + 1)));
    }

    private static KubeSchema build(String g, String kind) {
        List<String> podSpec = switch (g + "/" + kind) {
            case "/Pod" -> List.of("spec");
            case "/PodTemplate" -> List.of("template", "spec");
            case "/ReplicationController", "apps/Deployment", "apps/ReplicaSet", "apps/StatefulSet", "apps/DaemonSet",
                    "batch/Job" -> List.of("spec", "template", "spec");
            case "batch/CronJob" -> List.of("spec", "jobTemplate", "spec", "template", "spec");
            default -> null;
        };
        List<List<String>> podSpecs = podSpec == null ? List.of() : List.of(podSpec);
        List<List<String>> metas = new ArrayList<>(List.of(List.of("metadata")));
        Set<List<String>> present = new HashSet<>(List.of(List.of("metadata"), List.of("spec"), List.of("status")));
        if (podSpec != null) {
            List<String> template = podSpec.subList(0, podSpec.size() - 1);
            metas.add(append(template, "metadata"));
            present.add(podSpec);
            present.add(append(podSpec, "containers"));
            for (int i = 1; i < podSpec.size(); i++) {
                present.add(podSpec.subList(0, i));
            }
            present.add(append(template, "metadata"));
            if ("CronJob".equals(kind)) {
                metas.add(List.of("spec", "jobTemplate", "metadata"));
            }
        }
        Map<List<String>, ListMerge> lists = new java.util.HashMap<>();
        lists.put(List.of("status", "conditions"), ListMerge.byKey("type"));
        Set<List<String>> atomics = new HashSet<>();
        switch (g + "/" + kind) {
            case "/Pod" -> {
                lists.put(List.of("status", "podIPs"), ListMerge.byKey("ip"));
                lists.put(List.of("status", "hostIPs"), ListMerge.byKey("ip"));
                lists.put(List.of("status", "resourceClaimStatuses"), new ListMerge("merge,retainKeys", "name"));
            }
            case "/Node" -> {
                lists.put(List.of("spec", "podCIDRs"), ListMerge.set());
                lists.put(List.of("status", "addresses"), ListMerge.byKey("type"));
            }
            case "/Service" -> lists.put(List.of("spec", "ports"), ListMerge.byKey("port", "protocol"));
            case "/ServiceAccount" -> lists.put(List.of("secrets"), ListMerge.byKey("name"));
            case "apps/Deployment" -> {
                atomics.add(List.of("spec", "selector"));
                present.add(List.of("spec", "strategy"));
            }
            case "apps/StatefulSet", "apps/DaemonSet" -> {
                atomics.add(List.of("spec", "selector"));
                present.add(List.of("spec", "updateStrategy"));
            }
            case "apps/ReplicaSet", "batch/Job", "policy/PodDisruptionBudget" -> atomics.add(List.of("spec", "selector"));
            case "batch/CronJob" -> present.add(List.of("spec", "jobTemplate"));
            default -> {
                // only ObjectMeta and status.conditions
            }
        }
        return new KubeSchema(podSpecs, metas, lists, atomics, present);
    }

    @Override
    public ListMerge listMerge(List<String> path) {
        ListMerge exact = lists.get(path);
        if (exact != null) {
            return exact;
        }
        for (List<String> meta : metas) {
            List<String> rest = under(path, meta);
            if (rest != null && rest.size() == 1) {
                return OBJECT_META.get(rest.get(0));
            }
        }
        for (List<String> pod : podSpecs) {
            List<String> rest = under(path, pod);
            if (rest == null) {
                continue;
            }
            if (rest.size() == 1) {
                return POD_SPEC.get(rest.get(0));
            }
            if (rest.size() == 2 && List.of("containers", "initContainers", "ephemeralContainers").contains(rest.get(0))) {
                return CONTAINER.get(rest.get(1));
            }
        }
        return null;
    }

    @Override
    public boolean atomicObject(List<String> path) {
        if (atomics.contains(path)) {
            return true;
        }
        for (List<String> pod : podSpecs) {
            List<String> rest = under(path, pod);
            if (rest != null && !rest.isEmpty()) {
                String last = rest.get(rest.size() - 1);
                if (ATOMIC_IN_POD.contains(last) || rest.equals(List.of("affinity", "nodeAffinity",
                        "requiredDuringSchedulingIgnoredDuringExecution"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean alwaysPresent(List<String> path) {
        return present.contains(path);
    }

    /** The part of {@code path} below {@code prefix}, or null when {@code path} is not below it. */
    private static List<String> under(List<String> path, List<String> prefix) {
        if (path.size() <= prefix.size() || !path.subList(0, prefix.size()).equals(prefix)) {
            return null;
        }
        return path.subList(prefix.size(), path.size());
    }

    private static List<String> append(List<String> path, String field) {
        List<String> out = new ArrayList<>(path);
        out.add(field);
        return List.copyOf(out);
    }
}
