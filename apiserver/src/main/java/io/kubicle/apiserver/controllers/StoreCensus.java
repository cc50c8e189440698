package io.kubicle.apiserver.controllers;

import io.kubicle.storage.LabelSelector;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The census of a namespace from the store: one row at most of each kind a pass lists, read in this process. A pass
 * that finds nothing costs six list requests through the API (each with its TLS, JSON and authorization); this costs
 * six indexed reads of a row each.
 */
final class StoreCensus implements ControllerManager.Census {
    private final Store store;

    StoreCensus(Store store) {
        this.store = store;
    }

    @Override
    public Future<Set<WorkloadKind>> present(long workspaceId, String namespace) {
        List<WorkloadKind> kinds = List.of(WorkloadKind.values());
        List<Future<Boolean>> found = new ArrayList<>();
        for (WorkloadKind kind : kinds) {
            ResourceScope scope = new ResourceScope(workspaceId, kind.resource.group(), kind.resource.resource(), namespace);
            found.add(store.list(new ListRequest(scope, LabelSelector.EVERYTHING, 1, null, 0)).map(list -> !list.items().isEmpty()));
        }
        return Future.all(found).map(all -> {
            Set<WorkloadKind> present = EnumSet.noneOf(WorkloadKind.class);
            for (int i = 0; i < kinds.size(); i++) {
                if (found.get(i).result()) {
                    present.add(kinds.get(i));
                }
            }
            return present;
        });
    }
}
