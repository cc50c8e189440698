package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.api.ApiCall;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;

/**
 * Enforces the namespace's effective level on Pods (the stricter of the workspace's
 * {@code spec.podSecurity} and the namespace's {@code pod-security.kubernetes.io/enforce} label) and
 * warns about workload templates that would be refused, as kube's PodSecurity admission does.
 */
final class PodSecurityAdmission {
    static final String ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

    private final Store store;

    PodSecurityAdmission(Store store) {
        this.store = store;
    }

    Future<Void> admit(ApiCall call, ObjectNode object, ObjectNode old, WorkspacePolicy policy) {
        boolean pod = call.type().group().isEmpty() && call.type().kind().equals("Pod");
        if (!call.info().subresource().isEmpty() || !call.type().namespaced()
                || pod && !PodSecurity.significantUpdate(object, old)) {
            return Future.succeededFuture();
        }
        if (!pod && PodSecurity.warnTemplate(PodSecurityLevel.RESTRICTED, call.type().group(), call.type().kind(),
                object) == null) {
            return Future.succeededFuture(); // complies with every level, or is no workload: nothing to look up
        }
        return level(call, policy).compose(level -> {
            if (pod) {
                ApiError refusal = PodSecurity.checkPod(level, object);
                return refusal == null ? Future.succeededFuture() : Future.failedFuture(refusal);
            }
            String warning = PodSecurity.warnTemplate(level, call.type().group(), call.type().kind(), object);
            if (warning != null) {
                call.ctx().response().headers().add("Warning", "299 - \"" + warning.replace("\\", "\\\\")
                        .replace("\"", "\\\"") + "\"");
            }
            return Future.succeededFuture();
        });
    }

    private Future<PodSecurityLevel> level(ApiCall call, WorkspacePolicy policy) {
        ObjectKey namespace = new ObjectKey(call.workspaceId(), "", "namespaces", "", call.info().namespace());
        return store.get(namespace)
                .map(ns -> policy.podSecurity().stricter(PodSecurityLevel.parse(ns.labels().get(ENFORCE_LABEL))))
                .recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(policy.podSecurity())
                        : Future.failedFuture(e));
    }
}
