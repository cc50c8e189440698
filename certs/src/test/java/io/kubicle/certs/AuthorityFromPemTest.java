package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link CertificateAuthority#fromPem} must say clearly why it refuses its input. */
class AuthorityFromPemTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));

    @Test
    void rejectsGarbageCertificate() {
        assertMessage("invalid CA certificate PEM", () -> CertificateAuthority.fromPem("not a pem", CA.privateKeyPem()));
        assertMessage("invalid CA certificate PEM", () -> CertificateAuthority.fromPem(
                "-----BEGIN CERTIFICATE-----\nAAAA!!!!\n-----END CERTIFICATE-----\n", CA.privateKeyPem()));
        assertMessage("invalid CA certificate PEM", () -> CertificateAuthority.fromPem(CA.privateKeyPem(), CA.privateKeyPem()));
    }

    @Test
    void rejectsGarbageKey() {
        assertMessage("invalid CA private key PEM", () -> CertificateAuthority.fromPem(CA.certificatePem(), "garbage"));
        assertMessage("invalid CA private key PEM", () -> CertificateAuthority.fromPem(CA.certificatePem(), CA.certificatePem()));
        assertMessage("encrypted", () -> CertificateAuthority.fromPem(
                CA.certificatePem(), Fixtures.openssl("openssl-ec-encrypted.pem")));
    }

    @Test
    void rejectsKeyOfAnotherCertificate() {
        CertificateAuthority other = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));

        assertMessage("does not match", () -> CertificateAuthority.fromPem(CA.certificatePem(), other.privateKeyPem()));
        assertMessage("does not match", () -> CertificateAuthority.fromPem(
                Fixtures.openssl("openssl-rsa-ca.crt"), CA.privateKeyPem()));
    }

    @Test
    void rejectsLeafCertificateAsCa() {
        IssuedCertificate leaf = CA.issue(CertificateRequest.client("alice", List.of(), Duration.ofDays(1)));

        assertMessage("is not a CA", () -> CertificateAuthority.fromPem(leaf.certificatePem(), leaf.privateKeyPem()));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }
}
