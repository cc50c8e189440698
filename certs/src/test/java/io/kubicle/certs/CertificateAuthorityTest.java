package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final Duration DAY = Duration.ofDays(1);
    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1", "::1", "kubicle.example.com");

    private final CertificateAuthority authority = CertificateAuthority.create("kubicle-ca", Duration.ofDays(3650));

    @Test
    void createdAuthorityIsSelfSignedCaAllowedToSignCertificatesAndCrls() throws Exception {
        X509Certificate ca = authority.certificate();
        ca.verify(ca.getPublicKey());
        assertEquals("CN=kubicle-ca", ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        assertTrue(ca.getBasicConstraints() >= 0, "CA:true");
        boolean[] keyUsage = ca.getKeyUsage();
        assertTrue(keyUsage[5] && keyUsage[6], "keyCertSign and cRLSign");
        assertTrue(ca.getCriticalExtensionOIDs().containsAll(
                Set.of(Extension.basicConstraints.getId(), Extension.keyUsage.getId())));
        assertNotNull(ca.getExtensionValue(Extension.subjectKeyIdentifier.getId()), "SKI");
        assertEquals(256, ((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(Duration.ofDays(3650).plus(CertificateAuthority.CLOCK_SKEW),
                Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).truncatedTo(ChronoUnit.MINUTES));
    }

    @Test
    void issuesServerCertificateWithDnsAndIpSansServerAuthAndVerifiableChain() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        IssuedCertificate server = authority.issue(CertificateRequest.server(HOSTS, Duration.ofDays(365)));
        Instant after = Instant.now();
        X509Certificate certificate = server.certificate();

        assertEquals(List.of("localhost", "kubicle.example.com"), Fixtures.alternativeNames(certificate, 2));
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), Fixtures.alternativeNames(certificate, 7));
        assertEquals("CN=localhost", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(CertificateUsage.SERVER.extendedKeyUsageOid()), certificate.getExtendedKeyUsage());
        boolean[] keyUsage = certificate.getKeyUsage();
        assertTrue(keyUsage[0] && keyUsage[2], "digitalSignature and keyEncipherment");
        assertFalse(keyUsage[5], "no keyCertSign on a leaf");
        assertEquals(-1, certificate.getBasicConstraints(), "CA:false");
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        assertEquals(authority.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertArrayEquals(keyIdentifier(authority.certificate(), Extension.subjectKeyIdentifier),
                keyIdentifier(certificate, Extension.authorityKeyIdentifier), "AKI names the CA's SKI");
        assertEquals(null, AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(certificate.getExtensionValue(
                Extension.authorityKeyIdentifier.getId())).getOctets()).getAuthorityCertIssuer(), "key id only, like Go");
        Instant notBefore = certificate.getNotBefore().toInstant();
        assertFalse(notBefore.isBefore(before.minus(CertificateAuthority.CLOCK_SKEW)), "back-dated by the skew only");
        assertFalse(notBefore.isAfter(after.minus(CertificateAuthority.CLOCK_SKEW)), "back-dated for clock skew");
        assertTrue(KeyPairs.matches(certificate.getPublicKey(), server.privateKey()));

        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(authority.certificate(), null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
    }

    @Test
    void clientCertificateAuthenticatesAsCommonNameWithOrganizationsAsGroupsInOrder() throws Exception {
        List<String> groups = List.of("system:masters", "developers", "a-team");
        IssuedCertificate client = authority.issue(CertificateRequest.client("alice", groups, DAY));

        assertEquals(List.of(CertificateUsage.CLIENT.extendedKeyUsageOid()), client.certificate().getExtendedKeyUsage());
        assertTrue(client.certificate().getKeyUsage()[0], "digitalSignature");
        assertFalse(client.certificate().getKeyUsage()[2], "no keyEncipherment");
        assertEquals(Optional.of(new ClientIdentity("alice", groups)),
                authority.authenticate(client.certificate(), Instant.now()));
        assertEquals(Optional.of(new ClientIdentity("alice", groups)),
                authority.authenticate(client.certificate(), Instant.now()), "the identity read once is the same again");
    }

    @Test
    void authenticateRefusesCertificateFromAnotherCaEvenWithTheSameName() {
        CertificateAuthority impostor = CertificateAuthority.create("kubicle-ca", DAY);
        IssuedCertificate forged = impostor.issue(CertificateRequest.client("mallory", List.of("system:masters"), DAY));

        assertEquals(authority.certificate().getSubjectX500Principal(), forged.certificate().getIssuerX500Principal());
        assertEquals(Optional.empty(), authority.authenticate(forged.certificate(), Instant.now()));
        assertTrue(impostor.authenticate(forged.certificate(), Instant.now()).isPresent());
    }

    @Test
    void aRememberedVerificationNeverVouchesForAnotherCertificate() {
        IssuedCertificate genuine = authority.issue(CertificateRequest.client("alice", List.of(), DAY));
        assertTrue(authority.authenticate(genuine.certificate(), Instant.now()).isPresent());
        assertTrue(authority.authenticate(genuine.certificate(), Instant.now()).isPresent(), "second time from memory");

        CertificateAuthority impostor = CertificateAuthority.create("kubicle-ca", DAY);
        IssuedCertificate forged = impostor.issue(CertificateRequest.client("alice", List.of(), DAY));
        assertEquals(Optional.empty(), authority.authenticate(forged.certificate(), Instant.now()));
        assertEquals(Optional.empty(), authority.authenticate(genuine.certificate(), Instant.now().plus(DAY.multipliedBy(2))),
                "validity is checked every time");
    }

    @Test
    void authenticateRefusesCertificateOutsideItsValidity() {
        IssuedCertificate client = authority.issue(CertificateRequest.client("alice", List.of(), Duration.ofHours(1)));
        Instant now = Instant.now();

        assertTrue(authority.authenticate(client.certificate(), now.plus(Duration.ofMinutes(50))).isPresent());
        assertEquals(Optional.empty(), authority.authenticate(client.certificate(), now.plus(Duration.ofHours(2))));
        assertEquals(Optional.empty(), authority.authenticate(client.certificate(), now.minus(DAY)));
    }

    @Test
    void authenticateRefusesServerCertificate() {
        IssuedCertificate server = authority.issue(CertificateRequest.server(List.of("alice"), DAY));

        assertEquals(Optional.empty(), authority.authenticate(server.certificate(), Instant.now()));
        assertEquals(Optional.empty(), authority.authenticate(server.certificate(), Instant.now()), "refused again from memory");
        assertEquals(Optional.empty(), authority.authenticate(authority.certificate(), Instant.now()));
    }

    @Test
    void issuedCertificatesNeverOutliveTheAuthority() {
        CertificateAuthority shortLived = CertificateAuthority.create("short", DAY);
        IssuedCertificate client = shortLived.issue(CertificateRequest.client("alice", List.of(), Duration.ofDays(365)));

        assertEquals(shortLived.certificate().getNotAfter(), client.certificate().getNotAfter());
    }

    @Test
    void roundTripsThroughPemAndKeepsAuthenticatingItsCertificates() {
        IssuedCertificate client = authority.issue(CertificateRequest.client("bob", List.of("ops"), DAY));

        CertificateAuthority reloaded = CertificateAuthority.fromPem(authority.certificatePem(), authority.privateKeyPem());

        assertEquals(authority.certificate(), reloaded.certificate());
        assertEquals(authority.privateKey(), reloaded.privateKey());
        assertEquals(Optional.of(new ClientIdentity("bob", List.of("ops"))),
                reloaded.authenticate(client.certificate(), Instant.now()));
        IssuedCertificate later = reloaded.issue(CertificateRequest.client("carol", List.of(), DAY));
        assertTrue(authority.authenticate(later.certificate(), Instant.now()).isPresent());
    }

    @Test
    void acceptsAnOpenSslMadeRsaCaWithPkcs1Key() throws Exception {
        CertificateAuthority operatorCa = CertificateAuthority.fromPem(
                Fixtures.openssl("openssl-rsa-ca.crt"), Fixtures.openssl("openssl-rsa-ca-pkcs1.key"));
        IssuedCertificate client = operatorCa.issue(CertificateRequest.client("dave", List.of("qa"), DAY));

        assertEquals("SHA256withRSA", client.certificate().getSigAlgName());
        client.certificate().verify(operatorCa.certificate().getPublicKey());
        assertEquals(Optional.of(new ClientIdentity("dave", List.of("qa"))),
                operatorCa.authenticate(client.certificate(), Instant.now()));
    }

    private static byte[] keyIdentifier(X509Certificate certificate, ASN1ObjectIdentifier oid) {
        byte[] octets = ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId())).getOctets();
        return oid.equals(Extension.subjectKeyIdentifier)
                ? SubjectKeyIdentifier.getInstance(octets).getKeyIdentifier()
                : AuthorityKeyIdentifier.getInstance(octets).getKeyIdentifierOctets();
    }
}
