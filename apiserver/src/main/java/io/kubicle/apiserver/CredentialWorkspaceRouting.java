package io.kubicle.apiserver;

import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.apiserver.tenancy.ServiceAccountTokens;
import io.kubicle.apiserver.tenancy.WorkspaceCredentials;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.OptionalLong;

/**
 * The in-cluster address of a workspace. A workload's client uses in-cluster config: the server is
 * {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT} with no path, and the credential is the
 * ServiceAccount token the syncer mounted. Such a request (no {@code /clusters/<ws>} prefix, a bearer token whose
 * {@code kubicle.io/workspace} claim names a workspace) is rerouted to {@code /clusters/<that workspace>/...}, the way
 * vCluster serves its virtual cluster at the plain address. Nothing is trusted here: the claim only picks the
 * workspace, and the authenticator then checks the token there in full (signature, epoch, expiry, hash record,
 * ServiceAccount uid). A token can only name its own workspace, so it never reaches another one. A client
 * certificate issued for a workspace (its issuer is that workspace's CA) is routed the same way, for clients that drop
 * the kubeconfig's server path ({@code kubectl proxy} without {@code --append-server-path}); again the authenticator
 * then checks it in full. Requests without prefix and without such a credential (the operator's) are routed as before.
 */
final class CredentialWorkspaceRouting implements Handler<RoutingContext> {
    private final WorkspaceDirectory directory;

    CredentialWorkspaceRouting(WorkspaceDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        OptionalLong workspace = HttpApi.workspaceOf(path) != null ? OptionalLong.empty() : claimedWorkspace(ctx);
        if (workspace.isEmpty()) {
            ctx.next();
            return;
        }
        ctx.request().pause(); // the body stays unread until the rerouted request reaches the BodyHandler
        directory.nameForToken(workspace.getAsLong()).onComplete(name -> {
            String query = ctx.request().query();
            ctx.reroute("/clusters/" + name + path + (query == null ? "" : "?" + query));
        }, unknown -> ctx.next()); // no such workspace: the token authenticates nobody, as before
    }

    private static OptionalLong claimedWorkspace(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Authenticator.clientCertificate(ctx.request()).flatMap(WorkspaceCredentials::audience)
                    .map(audience -> OptionalLong.of(audience.workspaceId())).orElse(OptionalLong.empty());
        }
        return ServiceAccountTokens.claimedWorkspace(header.substring(7).strip());
    }
}
