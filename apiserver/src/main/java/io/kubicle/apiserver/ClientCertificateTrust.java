package io.kubicle.apiserver;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.X509TrustManager;

/**
 * Lets the TLS handshake accept any client certificate and leaves the decision to the
 * {@link Authenticator}. Rejecting at the TLS layer would turn a bad certificate into a handshake
 * error instead of a 401 Status, and would tie the server to one CA where workspaces will have
 * their own. The handshake offers no CA names: each workspace has its own CA, and Go's TLS client
 * (kubectl, helm) sends its certificate only if its issuer is among the names offered, or none are.
 */
final class ClientCertificateTrust implements X509TrustManager {
    private final Supplier<X509Certificate[]> acceptedIssuers;

    ClientCertificateTrust(Supplier<X509Certificate[]> acceptedIssuers) {
        this.acceptedIssuers = acceptedIssuers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // decided per request by the Authenticator
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("this trust manager only serves the server side of TLS");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return acceptedIssuers.get();
    }
}
