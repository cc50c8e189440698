package io.kubicle.apiserver;

import io.kubicle.certs.CertificateAuthority;
import io.kubicle.certs.ClientIdentity;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Finds out who sent a request: a client certificate signed by the server's CA (CN = user,
 * O = groups), checked on every request because TLS accepts any certificate (see
 * {@link ClientCertificateTrust}). Bearer tokens come with per-workspace identities.
 */
final class Authenticator {
    private final CertificateAuthority authority;
    private final Clock clock;

    Authenticator(CertificateAuthority authority, Clock clock) {
        this.authority = authority;
        this.clock = clock;
    }

    /** The requester, or empty when no valid credential came with the request. */
    Optional<UserInfo> authenticate(HttpServerRequest request) {
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
        return authority.authenticate(leaf, clock.instant()).map(Authenticator::user);
    }

    private static UserInfo user(ClientIdentity identity) {
        List<String> groups = new java.util.ArrayList<>(identity.groups());
        groups.add(UserInfo.AUTHENTICATED); // as kube-apiserver adds to every authenticated user
        return new UserInfo(identity.user(), groups);
    }
}
