package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Only Kubicle's operator identity may read logs from the syncer; tenants' certificates come from other CAs. */
class EndpointTlsTest {
    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate issue(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, Instant notAfter)
            throws Exception {
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(3600)), Date.from(notAfter), new X500Name(subject),
                subjectKeys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    @Test
    void acceptsOperatorsOfKubiclesCaAndNobodyElse() throws Exception {
        KeyPair caKeys = keys();
        X509Certificate ca = issue("CN=kubicle-ca", caKeys, "CN=kubicle-ca", caKeys, Instant.now().plusSeconds(86400));
        EndpointTls.OperatorsOnly trust = new EndpointTls.OperatorsOnly(ca);
        Instant tomorrow = Instant.now().plusSeconds(86400);

        KeyPair admin = keys();
        X509Certificate operator = issue("O=system:masters,CN=kubicle-admin", admin, "CN=kubicle-ca", caKeys, tomorrow);
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {operator}, "EC"));

        X509Certificate user = issue("O=developers,CN=alice", admin, "CN=kubicle-ca", caKeys, tomorrow);
        assertTrue(assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[] {user}, "EC"))
                .getMessage().contains("not an operator's"));

        KeyPair workspaceCa = keys();
        X509Certificate tenant = issue("O=system:masters,CN=tenant-admin", admin, "CN=kubicle-ca", workspaceCa, tomorrow);
        assertTrue(assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[] {tenant}, "EC"))
                .getMessage().contains("not signed by Kubicle's CA"));

        X509Certificate expired = issue("O=system:masters,CN=kubicle-admin", admin, "CN=kubicle-ca", caKeys, Instant.now().minusSeconds(60));
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[] {expired}, "EC"));
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(new X509Certificate[0], "EC"));
    }

    @Test
    void theServingCertificateIsNamedByItsSha256() throws Exception {
        KeyPair caKeys = keys();
        X509Certificate ca = issue("CN=kubicle-ca", caKeys, "CN=kubicle-ca", caKeys, Instant.now().plusSeconds(86400));
        String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(ca.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        EndpointTls tls = EndpointTls.create("127.0.0.1", pem);
        assertTrue(tls.certificateSha256().matches("[0-9a-f]{64}"), tls.certificateSha256());
        assertEquals(1, tls.keys().getKeyManagers().length);
        assertEquals(ca, tls.trust().getAcceptedIssuers()[0]);
        assertEquals("syncer.example", EndpointTls.hostOf("https://syncer.example:10350"));
        assertEquals("::1", EndpointTls.hostOf("https://[::1]:10350"));
    }
}
