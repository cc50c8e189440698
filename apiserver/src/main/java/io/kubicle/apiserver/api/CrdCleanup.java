package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** What happens around CRD writes: a deleted CRD takes its custom resources with it, in every namespace. */
final class CrdCleanup {
    private final Store store;

    CrdCleanup(Store store) {
        this.store = store;
    }

    boolean handles(ResourceType type) {
        return Catalogs.CRD_GROUP.equals(type.group()) && Catalogs.CRD_RESOURCE.equals(type.resource());
    }

    Future<Void> deleteResources(long workspaceId, JsonNode crd) {
        String group = crd.path("spec").path("group").asText();
        String plural = crd.path("spec").path("names").path("plural").asText();
        if (group.isEmpty() || plural.isEmpty()) {
            return Future.succeededFuture();
        }
        ResourceScope scope = new ResourceScope(workspaceId, group, plural, "");
        return store.list(ListRequest.all(scope)).compose(list -> {
            List<Future<StoredObject>> deletes = new ArrayList<>();
            for (StoredObject o : list.items()) {
                deletes.add(store.delete(o.key(), Preconditions.NONE)
                        .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(o)
                                : Future.failedFuture(e)));
            }
            return Future.all(deletes).mapEmpty();
        });
    }
}
