package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.apiserver.api.ObjectLifecycle;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;

/**
 * Enforces the namespace's effective level on Pods (the stricter of the workspace's
 * {@code spec.podSecurity} and the namespace's {@code pod-security.kubernetes.io/enforce} label) and
 * warns about workload templates that would be refused, as kube's PodSecurity admission does. The
 * namespace's {@code pod-security.kubernetes.io/warn} label adds warnings at a stricter level.
 */
final class PodSecurityAdmission {
    static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
    static final String WARN_LABEL = "pod-security.kubernetes.io/warn";

    private final Store store;

    PodSecurityAdmission(Store store) {
        this.store = store;
    }

    Future<Void> admit(ApiCall call, ObjectNode object, ObjectNode old, WorkspacePolicy policy) {
        boolean pod = call.type().group().isEmpty() && call.type().kind().equals("Pod");
        // kube checks one subresource: new ephemeral containers (kubectl debug) meet the level as a new pod does
        String subresource = call.info().subresource();
        if (!subresource.isEmpty() && !(pod && subresource.equals(ObjectLifecycle.EPHEMERAL_CONTAINERS)) || !call.type().namespaced()
                || pod && !PodSecurity.significantUpdate(object, old)) {
            return Future.succeededFuture();
        }
        if (!pod && PodSecurity.warnTemplate(PodSecurityLevel.RESTRICTED, call.type().group(), call.type().kind(),
                object) == null) {
            return Future.succeededFuture(); // complies with every level, or is no workload: nothing to look up
        }
        return levels(call, policy).compose(levels -> {
            if (pod) {
                ApiError refusal = PodSecurity.checkPod(levels.enforce(), object);
                if (refusal != null) {
                    return Future.failedFuture(refusal);
                }
                if (levels.warn() != levels.enforce()) {
                    var violations = PodSecurity.evaluate(levels.warn(), object.get("metadata"), object.get("spec"));
                    if (!violations.isEmpty()) {
                        call.warn("would violate " + PodSecurity.describe(levels.warn(), violations));
                    }
                }
                return Future.succeededFuture();
            }
            String warning = PodSecurity.warnTemplate(levels.warn(), call.type().group(), call.type().kind(), object);
            if (warning != null) {
                call.warn(warning);
            }
            return Future.succeededFuture();
        });
    }

    /** The enforced level, and the level warned about (never looser than the enforced one). */
    private record Levels(PodSecurityLevel enforce, PodSecurityLevel warn) {
    }

    private Future<Levels> levels(ApiCall call, WorkspacePolicy policy) {
        ObjectKey namespace = new ObjectKey(call.workspaceId(), "", "namespaces", "", call.info().namespace());
        return store.get(namespace).map(ns -> {
            PodSecurityLevel enforce = policy.podSecurity().stricter(PodSecurityLevel.parse(ns.labels().get(ENFORCE_LABEL)));
            return new Levels(enforce, enforce.stricter(PodSecurityLevel.parse(ns.labels().get(WARN_LABEL))));
        }).recover(e -> e instanceof StorageException.NotFound
                ? Future.succeededFuture(new Levels(policy.podSecurity(), policy.podSecurity())) : Future.failedFuture(e));
    }
}
