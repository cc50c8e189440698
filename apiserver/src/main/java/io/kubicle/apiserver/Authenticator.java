package io.kubicle.apiserver;

import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.apiserver.tenancy.ServiceAccountTokens;
import io.kubicle.apiserver.tenancy.WorkspaceCredentials;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Finds out who sent a request to a workspace: a client certificate of that workspace's own CA, or the
 * operator identity (the server CA), checked on every request because TLS accepts any certificate (see
 * {@link ClientCertificateTrust}). A credential of workspace A presented at workspace B authenticates
 * nobody, so the answer is 401 whatever the verb.
 */
final class Authenticator {
    private final WorkspaceCredentials credentials;
    private final ServiceAccountTokens tokens;
    private final WorkspaceDirectory directory;
    private final Clock clock;

    Authenticator(WorkspaceCredentials credentials, ServiceAccountTokens tokens, WorkspaceDirectory directory, Clock clock) {
        this.credentials = credentials;
        this.tokens = tokens;
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * The requester at {@code workspace} (null outside any workspace), or empty when no valid credential
     * for it came with the request. Never fails: an unknown workspace is simply not one the credential is for.
     */
    Future<Optional<UserInfo>> authenticate(HttpServerRequest request, String workspace) {
        Optional<X509Certificate> leaf = clientCertificate(request);
        if (leaf.isEmpty()) {
            return bearer(request, workspace);
        }
        Optional<UserInfo> operator = credentials.operator(leaf.get(), clock.instant());
        if (operator.isPresent()) {
            return Future.succeededFuture(operator);
        }
        if (workspace == null || WorkspaceCredentials.audience(leaf.get()).isEmpty()) {
            return bearer(request, workspace);
        }
        return directory.entry(workspace)
                .map(entry -> credentials.tenant(leaf.get(), entry.id(), entry.credentialEpoch(), clock.instant()))
                .otherwise(Optional.empty())
                .compose(user -> user.isPresent() ? Future.succeededFuture(user) : bearer(request, workspace));
    }

    /** A ServiceAccount token of this workspace in the Authorization header, as kube's token authenticator reads it. */
    private Future<Optional<UserInfo>> bearer(HttpServerRequest request, String workspace) {
        String header = request.getHeader("Authorization");
        if (workspace == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.succeededFuture(Optional.empty());
        }
        String token = header.substring(7).strip();
        if (token.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return directory.entry(workspace).compose(entry -> tokens.authenticate(token, entry))
                .map(found -> found.filter(id -> id.audiences().contains(ServiceAccountTokens.API_AUDIENCE))
                        .map(ServiceAccountTokens.Identity::user))
                .otherwise(Optional.empty());
    }

    static Optional<X509Certificate> clientCertificate(HttpServerRequest request) {
        SSLSession session = request.connection().sslSession();
        if (session == null) {
            return Optional.empty();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return Optional.empty();
        }
        return Optional.of(leaf);
    }
}
