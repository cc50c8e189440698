package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("kubicle-ca", Duration.ofDays(1));

    @Test
    void certificateRoundTrips() {
        String pem = Pem.encodeCertificate(CA.certificate());

        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n") && pem.endsWith("-----END CERTIFICATE-----\n"));
        pem.lines().forEach(line -> assertTrue(line.length() <= 64, line));
        assertEquals(CA.certificate(), Pem.decodeCertificate(pem));
    }

    @Test
    void privateKeyRoundTripsAsPkcs8() {
        String pem = Pem.encodePrivateKey(CA.privateKey());

        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        PrivateKey decoded = Pem.decodePrivateKey(pem);
        assertArrayEquals(CA.privateKey().getEncoded(), decoded.getEncoded());
        assertTrue(KeyPairs.matches(CA.certificate().getPublicKey(), decoded));
    }

    @Test
    void decodesAllCertificatesInOrderSkippingOtherBlocks() {
        IssuedCertificate leaf = CA.issue(CertificateRequest.server(List.of("localhost"), Duration.ofDays(1)));
        String bundle = leaf.certificatePem() + leaf.privateKeyPem() + CA.certificatePem();

        assertEquals(List.of(leaf.certificate(), CA.certificate()), Pem.decodeCertificates(bundle));
        assertEquals(leaf.certificate(), Pem.decodeCertificate(bundle));
        assertArrayEquals(leaf.privateKey().getEncoded(), Pem.decodePrivateKey(bundle).getEncoded());
    }

    @Test
    void decodesOpenSslTraditionalEcKeyWithParametersBlock() {
        PrivateKey traditional = Pem.decodePrivateKey(Fixtures.openssl("openssl-ec-traditional.pem"));
        PrivateKey pkcs8 = Pem.decodePrivateKey(Fixtures.openssl("openssl-ec-pkcs8.pem"));

        assertEquals("EC", traditional.getAlgorithm());
        // Same key, though OpenSSL's PKCS#8 embeds the public point and the JDK's does not.
        assertEquals(((ECPrivateKey) pkcs8).getS(), ((ECPrivateKey) traditional).getS());
        assertEquals(((ECPrivateKey) pkcs8).getParams().getCurve(), ((ECPrivateKey) traditional).getParams().getCurve());
    }

    @Test
    void decodesOpenSslPkcs1RsaKey() {
        PrivateKey pkcs1 = Pem.decodePrivateKey(Fixtures.openssl("openssl-rsa-ca-pkcs1.key"));
        PrivateKey pkcs8 = Pem.decodePrivateKey(Fixtures.openssl("openssl-rsa-ca-pkcs8.key"));

        assertEquals("RSA", pkcs1.getAlgorithm());
        assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded());
        assertTrue(KeyPairs.matches(Pem.decodeCertificate(Fixtures.openssl("openssl-rsa-ca.crt")).getPublicKey(), pkcs1));
    }

    @Test
    void rejectsInputWithoutTheRequestedBlock() {
        assertThrows(IllegalArgumentException.class, () -> Pem.decodeCertificate(""));
        assertThrows(IllegalArgumentException.class, () -> Pem.decodeCertificates(CA.privateKeyPem()));
        assertThrows(IllegalArgumentException.class, () -> Pem.decodePrivateKey(CA.certificatePem()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pem.decodePrivateKey("-----BEGIN PRIVATE KEY-----\nbm9wZQ==\n-----END PRIVATE KEY-----\n"));
        assertTrue(e.getMessage().contains("private key"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void traditionalEncodingRoundTripsForEcKeys() {
        CertificateAuthority ca = CertificateAuthority.create("t", java.time.Duration.ofDays(1));
        IssuedCertificate leaf = ca.issue(CertificateRequest.client("u", java.util.List.of(), java.time.Duration.ofHours(1)));
        String pem = Pem.encodePrivateKeyTraditional(leaf);
        org.junit.jupiter.api.Assertions.assertTrue(pem.startsWith("-----BEGIN EC PRIVATE KEY-----"), pem);
        org.junit.jupiter.api.Assertions.assertEquals(((java.security.interfaces.ECPrivateKey) leaf.privateKey()).getS(),
                ((java.security.interfaces.ECPrivateKey) Pem.decodePrivateKey(pem)).getS());
    }
}
