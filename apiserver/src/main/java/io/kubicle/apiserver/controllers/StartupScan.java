package io.kubicle.apiserver.controllers;

import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Workspace;
import io.kubicle.storage.Workspaces;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * At start-up, one pass for every namespace holding a workload or a PodDisruptionBudget: what changed
 * while no process was running (or in a process that died between a commit and its pass) is
 * reconciled. Workspaces are read one after another, so the scan never floods the pool.
 */
final class StartupScan {
    private static final List<String[]> OWNERS = List.of(new String[] {"apps", "deployments"},
            new String[] {"apps", "replicasets"}, new String[] {"batch", "jobs"}, new String[] {"apps", "statefulsets"},
            new String[] {"batch", "cronjobs"}, new String[] {"policy", "poddisruptionbudgets"});

    private StartupScan() {
    }

    static Future<Integer> run(Workspaces workspaces, Store store, ControllerManager manager) {
        return workspaces.listWorkspaces().compose(all -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (Workspace workspace : all) {
                chain = chain.compose(n -> namespaces(store, workspace.id()).map(found -> {
                    found.forEach(ns -> manager.changed(workspace.id(), ns));
                    return n + found.size();
                }));
            }
            return chain;
        });
    }

    private static Future<Set<String>> namespaces(Store store, long workspaceId) {
        List<Future<List<StoredObject>>> lists = new ArrayList<>();
        for (String[] owner : OWNERS) {
            lists.add(store.list(ListRequest.all(new ResourceScope(workspaceId, owner[0], owner[1], "")))
                    .map(r -> r.items()));
        }
        return Future.all(lists).map(v -> {
            Set<String> found = new LinkedHashSet<>();
            lists.forEach(f -> f.result().forEach(o -> found.add(o.key().namespace())));
            return found;
        }).otherwise(new LinkedHashSet<>());
    }
}
