package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.kinds.Quantities;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one object consumes, under every quota resource name that can name it, as kube's quota
 * evaluators compute it: object counts ({@code count/<resource>.<group>} and the legacy names), pod
 * requests and limits (shorthands and extended resources included; terminal pods use nothing),
 * service load balancers and node ports, claim storage.
 */
public final class QuotaUsage {
    private static final Set<String> LEGACY_COUNTED = Set.of("pods", "services", "replicationcontrollers",
            "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims");
    private static final Set<String> STANDARD_COMPUTE = Set.of("cpu", "memory", "ephemeral-storage");

    private QuotaUsage() {
    }

    /** Usage of {@code object} (a {@code group}/{@code resource} object); an absent object uses nothing. */
    public static Map<String, BigDecimal> of(String group, String resource, JsonNode object) {
        Map<String, BigDecimal> usage = new HashMap<>();
        if (object == null || object.isMissingNode() || object.isNull()) {
            return usage;
        }
        boolean core = group == null || group.isEmpty();
        // count/pods tracks every stored pod; "pods" and compute only those that have not finished
        usage.put(countName(group, resource), BigDecimal.ONE);
        if (core && resource.equals("pods") && terminal(object)) {
            return usage;
        }
        if (core && LEGACY_COUNTED.contains(resource)) {
            usage.put(resource, BigDecimal.ONE);
        }
        if (!core) {
            return usage;
        }
        switch (resource) {
            case "pods" -> podCompute(object.path("spec"), usage);
            case "services" -> services(object.path("spec"), usage);
            case "persistentvolumeclaims" -> claims(object.path("spec"), usage);
            default -> {
            }
        }
        return usage;
    }

    /** {@code count/pods} for the core group, {@code count/deployments.apps} otherwise. */
    public static String countName(String group, String resource) {
        return group == null || group.isEmpty() ? "count/" + resource : "count/" + resource + "." + group;
    }

    static boolean terminal(JsonNode pod) {
        String phase = pod.path("status").path("phase").asText("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /** True when no container sets any request or limit: the BestEffort QoS class. */
    static boolean bestEffort(JsonNode podSpec) {
        for (String field : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : podSpec.path(field)) {
                if (c.path("resources").path("requests").size() > 0 || c.path("resources").path("limits").size() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void podCompute(JsonNode spec, Map<String, BigDecimal> usage) {
        computeUsage(podResources(spec, "requests"), podResources(spec, "limits"), usage);
    }

    /**
     * kube's podComputeUsageHelper: cpu, memory and ephemeral-storage by request (bare and requests.)
     * and limit; hugepages by request; extended resources by request only. A bare extended name is
     * also kept (as its request) so a workspace quota may name it without the prefix.
     */
    static void computeUsage(Map<String, BigDecimal> requests, Map<String, BigDecimal> limits,
                             Map<String, BigDecimal> usage) {
        for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
            String name = e.getKey();
            if (STANDARD_COMPUTE.contains(name) || name.startsWith("hugepages-") || extended(name)) {
                usage.put("requests." + name, e.getValue());
                usage.put(name, e.getValue());
            }
        }
        for (Map.Entry<String, BigDecimal> e : limits.entrySet()) {
            if (STANDARD_COMPUTE.contains(e.getKey())) {
                usage.put("limits." + e.getKey(), e.getValue());
            }
        }
    }

    /** A resource name outside the kubernetes.io domain, like nvidia.com/gpu. */
    static boolean extended(String name) {
        int slash = name.indexOf('/');
        return slash > 0 && !name.startsWith("requests.") && !name.substring(0, slash).endsWith("kubernetes.io");
    }

    /**
     * kube's PodRequests/PodLimits: the larger of what runs at the end (containers plus restartable
     * sidecar init containers) and the peak while any init container runs, plus the pod overhead.
     */
    static Map<String, BigDecimal> podResources(JsonNode spec, String kind) {
        Map<String, BigDecimal> sidecars = new TreeMap<>();
        Map<String, BigDecimal> initPeak = new TreeMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            Map<String, BigDecimal> running = new TreeMap<>(sidecars);
            add(running, c.path("resources").path(kind));
            if (c.path("restartPolicy").asText("").equals("Always")) {
                add(sidecars, c.path("resources").path(kind));
            }
            running.forEach((name, v) -> initPeak.merge(name, v, BigDecimal::max));
        }
        Map<String, BigDecimal> result = new TreeMap<>(sidecars);
        for (JsonNode c : spec.path("containers")) {
            add(result, c.path("resources").path(kind));
        }
        initPeak.forEach((name, v) -> result.merge(name, v, BigDecimal::max));
        add(result, spec.path("overhead"));
        return result;
    }

    private static void add(Map<String, BigDecimal> into, JsonNode resources) {
        for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            BigDecimal v = Quantities.value(e.getValue().asText());
            if (v != null) {
                into.merge(e.getKey(), v, BigDecimal::add);
            }
        }
    }

    private static void services(JsonNode spec, Map<String, BigDecimal> usage) {
        String type = spec.path("type").asText("ClusterIP");
        int ports = spec.path("ports").size();
        if (type.equals("LoadBalancer")) {
            usage.put("services.loadbalancers", BigDecimal.ONE);
            boolean allocate = !spec.path("allocateLoadBalancerNodePorts").isBoolean()
                    || spec.path("allocateLoadBalancerNodePorts").asBoolean();
            if (allocate) {
                usage.put("services.nodeports", BigDecimal.valueOf(ports));
            }
        } else if (type.equals("NodePort")) {
            usage.put("services.nodeports", BigDecimal.valueOf(ports));
        }
    }

    private static void claims(JsonNode spec, Map<String, BigDecimal> usage) {
        BigDecimal storage = Quantities.value(spec.path("resources").path("requests").path("storage").asText(""));
        String storageClass = spec.path("storageClassName").asText("");
        if (!storageClass.isEmpty()) {
            usage.put(storageClass + ".storageclass.storage.k8s.io/persistentvolumeclaims", BigDecimal.ONE);
        }
        if (storage != null) {
            usage.put("requests.storage", storage);
            if (!storageClass.isEmpty()) {
                usage.put(storageClass + ".storageclass.storage.k8s.io/requests.storage", storage);
            }
        }
    }

    /** new minus old, per name; names whose amount did not change are left out. */
    public static Map<String, BigDecimal> delta(Map<String, BigDecimal> next, Map<String, BigDecimal> old) {
        Map<String, BigDecimal> delta = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : next.entrySet()) {
            BigDecimal d = e.getValue().subtract(old.getOrDefault(e.getKey(), BigDecimal.ZERO));
            if (d.signum() != 0) {
                delta.put(e.getKey(), d);
            }
        }
        for (Map.Entry<String, BigDecimal> e : old.entrySet()) {
            if (!next.containsKey(e.getKey()) && e.getValue().signum() != 0) {
                delta.put(e.getKey(), e.getValue().negate());
            }
        }
        return delta;
    }

    /** Quantity.String() of a computed amount. */
    public static String format(BigDecimal value) {
        return Quantities.canonical(value.stripTrailingZeros().toPlainString());
    }

    /**
     * Quantity.String() of an amount of resource {@code name}: bytes (memory, storage, hugepages) in
     * binary suffixes when they divide evenly, as the Mi/Gi quantities they were summed from print.
     */
    public static String format(String name, BigDecimal value) {
        boolean bytes = name.contains("memory") || name.contains("storage") || name.contains("hugepages-");
        BigDecimal kibi = BigDecimal.valueOf(1024);
        if (bytes && value.signum() > 0 && value.remainder(kibi).signum() == 0) {
            return Quantities.canonical(value.divide(kibi).toBigInteger() + "Ki");
        }
        return format(value);
    }
}
