package io.kubicle.apiserver.admission;

import io.vertx.core.Future;

/** Where admission learns a workspace's policy; cached, so re-point it rather than read per request. */
public interface WorkspacePolicies {
    Future<WorkspacePolicy> of(long workspaceId, String workspaceName);

    /** Drops what is cached for a workspace whose Workspace object just changed. */
    void forget(String workspaceName);
}
