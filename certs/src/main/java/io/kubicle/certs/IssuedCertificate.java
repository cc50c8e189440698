package io.kubicle.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A leaf certificate together with its private key: the unit a TLS server configures and a
 * kubeconfig embeds, so the two never travel separately and cannot be mismatched.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
    public IssuedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /**
     * Reads a certificate and key back from PEM, refusing a key that does not belong to the
     * certificate (as left behind, for instance, by a crash between writing the two files).
     */
    public static IssuedCertificate fromPem(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = Pem.decodeCertificate(certificatePem);
        PrivateKey privateKey = Pem.decodePrivateKey(privateKeyPem);
        if (!KeyPairs.matches(certificate.getPublicKey(), privateKey)) {
            throw new IllegalArgumentException("private key does not match the public key of certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
        return new IssuedCertificate(certificate, privateKey);
    }

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    /** The key as unencrypted PKCS#8 ("PRIVATE KEY"). */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }
}
