package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.ResourceType;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Recounts usage from the stored objects: what the quota controller writes into status, and what
 * admission computes when a quota has no usage recorded yet. Lists only the resources the names need.
 */
final class UsageCounter {
    private record Resource(String group, String resource) {
    }

    private final Store store;
    private final Supplier<Collection<ResourceType>> types;

    UsageCounter(Store store, Supplier<Collection<ResourceType>> types) {
        this.store = store;
        this.types = types;
    }

    /**
     * Usage under {@code names} of the objects in {@code namespace} ("" = the whole workspace) that
     * {@code quotaSpec}'s scopes select (a missing node selects everything).
     */
    Future<Map<String, BigDecimal>> count(long workspaceId, String namespace, Set<String> names, JsonNode quotaSpec) {
        JsonNode spec = quotaSpec == null ? MissingNode.getInstance() : quotaSpec;
        Set<Resource> needed = resourcesFor(names, namespace.isEmpty());
        List<Future<Map<String, BigDecimal>>> parts = new ArrayList<>();
        for (Resource r : needed) {
            parts.add(store.list(ListRequest.all(new ResourceScope(workspaceId, r.group(), r.resource(), namespace)))
                    .map(list -> sum(r, list.items(), names, spec)));
        }
        return Future.all(parts).map(all -> {
            Map<String, BigDecimal> total = new TreeMap<>();
            names.forEach(n -> total.put(n, BigDecimal.ZERO));
            for (int i = 0; i < parts.size(); i++) {
                Map<String, BigDecimal> part = all.resultAt(i);
                part.forEach((n, v) -> total.merge(n, v, BigDecimal::add));
            }
            return total;
        });
    }

    private static Map<String, BigDecimal> sum(Resource r, List<StoredObject> items, Set<String> names, JsonNode spec) {
        Map<String, BigDecimal> total = new TreeMap<>();
        // counting objects needs no body; only parse what another limited name can draw from
        boolean bodiesMatter = names.stream().anyMatch(n -> !n.equals(WorkspacePolicy.OBJECTS) && resourceOf(n).equals(r));
        for (StoredObject o : items) {
            if (names.contains(WorkspacePolicy.OBJECTS)) {
                total.merge(WorkspacePolicy.OBJECTS, BigDecimal.ONE, BigDecimal::add);
            }
            if (!bodiesMatter) {
                continue;
            }
            JsonNode object = Json.parseStored(o.body());
            if (!QuotaScopes.matches(spec, r.group(), r.resource(), object)) {
                continue;
            }
            QuotaUsage.of(r.group(), r.resource(), object).forEach((n, v) -> {
                if (names.contains(n)) {
                    total.merge(n, v, BigDecimal::add);
                }
            });
        }
        return total;
    }

    /** The resources whose objects can contribute to {@code names}. */
    private Set<Resource> resourcesFor(Set<String> names, boolean wholeWorkspace) {
        Set<Resource> needed = new LinkedHashSet<>();
        if (names.contains(WorkspacePolicy.OBJECTS)) {
            for (ResourceType t : types.get()) {
                if (wholeWorkspace || t.namespaced()) {
                    needed.add(new Resource(t.group(), t.resource()));
                }
            }
            return needed;
        }
        for (String name : names) {
            needed.add(resourceOf(name));
        }
        return needed;
    }

    static Resource resourceOf(String name) {
        if (name.startsWith("count/")) {
            String rest = name.substring("count/".length());
            int dot = rest.indexOf('.');
            return dot < 0 ? new Resource("", rest) : new Resource(rest.substring(dot + 1), rest.substring(0, dot));
        }
        if (name.startsWith("services")) {
            return new Resource("", "services");
        }
        if (name.equals("requests.storage") || name.contains(".storageclass.storage.k8s.io/")
                || name.equals("persistentvolumeclaims")) {
            return new Resource("", "persistentvolumeclaims");
        }
        return switch (name) {
            case "configmaps", "secrets", "replicationcontrollers", "resourcequotas" -> new Resource("", name);
            default -> new Resource("", "pods");
        };
    }
}
