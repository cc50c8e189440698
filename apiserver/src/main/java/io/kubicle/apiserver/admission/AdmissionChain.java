package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.apiserver.api.ResourceType;
import io.kubicle.apiserver.api.WriteAdmission;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The admission step before every create and update is stored: pod security, the GPU budget, then the namespace's
 * ResourceQuotas, then the workspace quota. Also builds the quota controller that keeps usage true
 * and the store wrapper that tells it what changed.
 */
public final class AdmissionChain implements WriteAdmission {
    private final WorkspacePolicies policies;
    private final PodSecurityAdmission podSecurity;
    private final ResourceQuotaAdmission resourceQuotas;
    private final WorkspaceQuotaAdmission workspaceQuota;
    private final QuotaController controller;

    /**
     * {@code store} is the undecorated store (the chain's own status writes must not trigger it);
     * {@code types} every resource a workspace may hold; {@code rootId} and {@code workspaceIds}
     * resolve workspaces; {@code listers} tell which namespaces hold no ResourceQuota.
     */
    public AdmissionChain(Vertx vertx, Store store, WorkspacePolicies policies, Supplier<Collection<ResourceType>> types,
                          Supplier<Future<Long>> rootId, Function<String, Future<Long>> workspaceIds,
                          io.kubicle.apiserver.api.NamespaceListers listers) {
        this.policies = policies;
        UsageCounter counter = new UsageCounter(store, types);
        this.controller = new QuotaController(vertx, store, counter, rootId, workspaceIds);
        this.podSecurity = new PodSecurityAdmission(store);
        this.resourceQuotas = new ResourceQuotaAdmission(store, controller, counter, listers);
        this.workspaceQuota = new WorkspaceQuotaAdmission(store, controller, counter);
    }

    public QuotaController controller() {
        return controller;
    }

    /** {@code store} wrapped so deletes, finished pods and quota or Workspace changes reach the controller. */
    public Store tracking(Store store, Function<Long, Future<String>> workspaceNames) {
        return new QuotaTrackingStore(store, controller, policies, workspaceNames);
    }

    @Override
    public Future<Ticket> admit(ApiCall call, ObjectNode object, ObjectNode old, boolean dryRun) {
        String reserved = ReservedSecretNames.warning(call.type().group(), call.type().kind(), object, old);
        if (reserved != null) {
            call.warn(reserved);
        }
        return policies.of(call.workspaceId(), call.workspace()).compose(policy ->
                podSecurity.admit(call, object, old, policy)
                        .compose(v -> GpuBudgetAdmission.admit(call, object, old, policy))
                        .compose(v -> resourceQuotas.admit(call, object, old, dryRun))
                        .compose(charged -> workspaceQuota.admit(call, object, old, policy, dryRun)
                                .recover(e -> {
                                    charged.forEach(k -> controller.released(k, false));
                                    return Future.failedFuture(e);
                                })
                                .map(workspace -> ticket(charged, workspace, uses(call, object, old) ? null : call, policy.hasQuota()))));
    }

    /**
     * {@code shrinking}: an update that uses less (a Service that gave up its node ports), whose quotas are counted again
     * once it is stored, since admission charges only what grows; null otherwise.
     */
    private Ticket ticket(List<ObjectKey> charged, ObjectKey workspace, ApiCall shrinking, boolean workspaceQuota) {
        List<ObjectKey> all = new ArrayList<>(charged);
        if (workspace != null) {
            all.add(workspace);
        }
        if (all.isEmpty() && shrinking == null) {
            return Ticket.NONE;
        }
        return written -> {
            all.forEach(k -> controller.released(k, written));
            if (written && shrinking != null) {
                controller.namespaceChanged(shrinking.workspaceId(), shrinking.info().namespace());
                if (workspaceQuota) {
                    controller.workspaceKey(shrinking.workspace()).onSuccess(controller::schedule);
                }
            }
        };
    }

    /** Whether the write uses at least what {@code old} used under every quota name (always so for a create). */
    private static boolean uses(ApiCall call, ObjectNode object, ObjectNode old) {
        if (old == null) {
            return true;
        }
        String group = call.type().group();
        String resource = call.type().resource();
        Map<String, BigDecimal> next = QuotaUsage.of(group, resource, object);
        return QuotaUsage.of(group, resource, old).entrySet().stream()
                .allMatch(e -> next.getOrDefault(e.getKey(), BigDecimal.ZERO).compareTo(e.getValue()) >= 0);
    }
}
