package io.kubicle.apiserver.api;

import io.kubicle.apiserver.api.crd.CustomResourceStrategy;
import io.kubicle.apiserver.api.openapi.CrdOpenApi;
import io.kubicle.apiserver.api.openapi.OpenApiV3;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each workspace's OpenAPI documents with its custom resources, rebuilt only when its catalog changed.
 * Workspaces without CRDs share the built-in documents.
 */
final class CustomOpenApis {
    private record Entry(ResourceCatalog catalog, OpenApiV3 openApi) {
    }

    private static final int MAX_WORKSPACES = 256;

    /** Bounded, least recently used out first: a document with large CRDs can take megabytes. */
    private final Map<Long, Entry> byWorkspace = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
                    return size() > MAX_WORKSPACES;
                }
            });

    OpenApiV3 openApi(long workspaceId, WorkspaceCatalog served, OpenApiV3 builtin) {
        if (served.customStrategies().isEmpty()) {
            byWorkspace.remove(workspaceId);
            return builtin;
        }
        Entry e = byWorkspace.get(workspaceId);
        if (e != null && e.catalog() == served.catalog()) {
            return e.openApi();
        }
        List<CrdOpenApi.Resource> resources = new ArrayList<>();
        for (ResourceType t : served.catalog().all()) {
            if (served.customStrategies().get(WorkspaceCatalog.key(t)) instanceof CustomResourceStrategy s) {
                resources.add(new CrdOpenApi.Resource(t.group(), t.version(), t.kind(), t.resource(), t.namespaced(),
                        s.openApiSchema()));
            }
        }
        OpenApiV3 built = CrdOpenApi.addTo(builtin, resources);
        byWorkspace.put(workspaceId, new Entry(served.catalog(), built));
        return built;
    }
}
