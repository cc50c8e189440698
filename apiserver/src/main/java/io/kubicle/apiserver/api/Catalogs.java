package io.kubicle.apiserver.api;

import java.util.List;

/**
 * The resource catalog each workspace sees: the built-in kinds everywhere, Kubicle's Workspace kind
 * only in the root workspace. (Per-workspace CRDs will extend this.)
 */
public final class Catalogs {
    private final ResourceCatalog root;
    private final ResourceCatalog tenant;

    public Catalogs() {
        this.root = ResourceCatalog.builtin();
        List<ResourceType> withoutTenancy = root.all().stream()
                .filter(t -> !t.group().equals("tenancy.kubicle.io")).toList();
        this.tenant = ResourceCatalog.of(withoutTenancy);
    }

    public ResourceCatalog forWorkspace(String workspace) {
        return WorkspaceResource.ROOT.equals(workspace) ? root : tenant;
    }

    /** Every kind any workspace may hold (used by controllers that sweep a namespace). */
    public ResourceCatalog all() {
        return root;
    }
}
