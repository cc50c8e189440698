package io.kubicle.apiserver.api;

import io.kubicle.apiserver.api.kinds.KindStrategies;
import java.util.Map;

/**
 * What one workspace serves right now: its resource catalog (built-ins plus its CRDs) and the strategies of
 * its custom resources, which win over the built-in strategy table.
 */
public record WorkspaceCatalog(ResourceCatalog catalog, Map<String, KindStrategy> customStrategies) {

    public WorkspaceCatalog {
        customStrategies = Map.copyOf(customStrategies);
    }

    public static WorkspaceCatalog of(ResourceCatalog catalog) {
        return new WorkspaceCatalog(catalog, Map.of());
    }

    public KindStrategy strategyFor(ResourceType type) {
        if (Catalogs.CRD_GROUP.equals(type.group()) && Catalogs.CRD_RESOURCE.equals(type.resource())) {
            return new io.kubicle.apiserver.api.kinds.CustomResourceDefinitionStrategy(catalog);
        }
        KindStrategy custom = customStrategies.get(key(type));
        return custom != null ? custom : KindStrategies.forKind(type.group(), type.kind());
    }

    static String key(ResourceType type) {
        return type.group() + "/" + type.version() + "/" + type.resource();
    }
}
