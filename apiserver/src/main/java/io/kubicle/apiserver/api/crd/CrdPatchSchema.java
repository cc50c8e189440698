package io.kubicle.apiserver.api.crd;

import io.kubicle.apiserver.api.crd.schema.CrdSchema;
import io.kubicle.apiserver.api.patch.PatchSchema;
import java.util.List;

/**
 * Server-side apply merge rules of a custom resource, read from its structural schema: list-type map lists
 * merge by their list-map keys, set lists as sets, everything else is atomic; metadata follows ObjectMeta.
 */
final class CrdPatchSchema implements PatchSchema {
    private static final PatchSchema META = PatchSchema.forCustomResource();
    private final CrdSchema schema;

    CrdPatchSchema(CrdSchema schema) {
        this.schema = schema;
    }

    @Override
    public ListMerge listMerge(List<String> path) {
        if (!path.isEmpty() && path.get(0).equals("metadata")) {
            return META.listMerge(path);
        }
        CrdSchema.ListType list = schema.listType(path);
        if (list == null) {
            return null;
        }
        if ("map".equals(list.type()) && !list.mapKeys().isEmpty()) {
            List<String> keys = list.mapKeys();
            return ListMerge.byKey(keys.get(0), keys.subList(1, keys.size()).toArray(new String[0]));
        }
        return "set".equals(list.type()) ? ListMerge.set() : null;
    }

    @Override
    public boolean atomicObject(List<String> path) {
        if (!path.isEmpty() && path.get(0).equals("metadata")) {
            return META.atomicObject(path);
        }
        return schema.atomicObject(path);
    }
}
