package io.kubicle.certs;

import java.util.Objects;

/**
 * What the API server needs at start-up: the CA that verifies client certificates, the serving
 * certificate for its TLS listener, and the admin client certificate for the bootstrap kubeconfig.
 */
public record ServerPki(CertificateAuthority authority, IssuedCertificate serving, IssuedCertificate admin) {
    public ServerPki {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(admin, "admin");
    }
}
