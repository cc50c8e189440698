package io.kubicle.apiserver.tenancy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.WorkspaceResource;
import io.kubicle.apiserver.api.WorkspaceSpec;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes workspaces whose time is up (spec.ttl after creation, or spec.expiresAt) with everything in
 * them. Every server process runs one; deleting is idempotent, so two reapers racing for the same
 * workspace are harmless. Reads the Workspace objects in root, so an edited ttl counts at once.
 */
public final class WorkspaceReaper {
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceReaper.class);
    private static final int PAGE = 500;

    private final Store store;
    private final WorkspaceResource workspaces;
    private final long rootId;
    private final Clock clock;
    private final PeriodicSweep sweeps;

    public WorkspaceReaper(Vertx vertx, Store store, WorkspaceResource workspaces, long rootId, Clock clock) {
        this.sweeps = new PeriodicSweep(vertx);
        this.store = store;
        this.workspaces = workspaces;
        this.rootId = rootId;
        this.clock = clock;
    }

    public void start(long intervalMillis) {
        sweeps.start(intervalMillis, this::sweep, LOG, "workspace expiry sweep");
    }

    public void stop() {
        sweeps.stop();
    }

    /** One pass: finds expired workspaces and deletes them; yields their names. */
    public Future<List<String>> sweep() {
        ResourceScope scope = new ResourceScope(rootId, "tenancy.kubicle.io", "workspaces", "");
        return sweepPage(ListRequest.all(scope).withLimit(PAGE), new ArrayList<>());
    }

    private Future<List<String>> sweepPage(ListRequest request, List<String> reaped) {
        return store.list(request).compose(page -> reapExpired(page).compose(names -> {
            reaped.addAll(names);
            return page.continueToken() == null ? Future.succeededFuture(reaped)
                    : sweepPage(request.withContinue(page.continueToken()), reaped);
        }));
    }

    private Future<List<String>> reapExpired(ListResult page) {
        Instant now = clock.instant();
        List<Future<String>> deletions = new ArrayList<>();
        for (StoredObject stored : page.items()) {
            ObjectNode object = Json.parseStored(stored.body());
            Instant expiry = expiry(object);
            if (expiry != null && !expiry.isAfter(now)) {
                String name = stored.key().name();
                ObjectKey key = stored.key();
                deletions.add(workspaces.delete(name, key, false).map(gone -> {
                    LOG.info("workspace {} expired at {} and was deleted", name, expiry);
                    return name;
                }).recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(null) : Future.failedFuture(e)));
            }
        }
        return Future.all(deletions).map(all -> {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (all.resultAt(i) != null) {
                    names.add(all.resultAt(i));
                }
            }
            return names;
        });
    }

    static Instant expiry(ObjectNode workspace) {
        List<FieldError> ignored = new ArrayList<>();
        WorkspaceSpec spec = WorkspaceSpec.parse(workspace.path("spec"), ignored);
        try {
            Instant created = Instant.parse(Json.text(Json.metadata(workspace), "creationTimestamp"));
            return spec.expiry(created);
        } catch (DateTimeParseException e) {
            return spec.expiresAt();
        }
    }
}
