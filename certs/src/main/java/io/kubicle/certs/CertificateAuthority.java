package io.kubicle.certs;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubicle's certificate authority: issues serving and client certificates and is the trust anchor
 * the API server authenticates client certificates against. Keeping issuance and verification in
 * one class means the certificates it issues are exactly the ones it accepts.
 *
 * <p>Thread-safe; immutable but for a cache of verified certificates.
 */
public final class CertificateAuthority {
    /** Leaf certificates start this far in the past so peers with slow clocks accept them at once. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** How many verified client certificates {@link #signed} remembers. */
    private static final int VERIFIED_LIMIT = 4096;

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Clock clock;
    private final Map<X509Certificate, Boolean> verified = new ConcurrentHashMap<>();
    /** What each client certificate in use names, read once: its subject is parsed per request otherwise. */
    private final Map<X509Certificate, Optional<ClientIdentity>> identities = new ConcurrentHashMap<>();

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.clock = clock;
    }

    /** A new self-signed CA with an ECDSA P-256 key. */
    public static CertificateAuthority create(String commonName, Duration lifetime) {
        return create(commonName, lifetime, Clock.systemUTC());
    }

    static CertificateAuthority create(String commonName, Duration lifetime, Clock clock) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(lifetime, "lifetime");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("CA common name must not be blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("CA lifetime must be positive: " + lifetime);
        }
        Instant now = clock.instant();
        KeyPair keys = KeyPairs.generateEcP256();
        X509Certificate certificate = CertificateSigner.selfSignedAuthority(
                commonName, keys, now.minus(CLOCK_SKEW), now.plus(lifetime));
        return new CertificateAuthority(certificate, keys.getPrivate(), clock);
    }

    /**
     * An existing CA, for instance one an operator supplies or one persisted by
     * {@link PkiDirectory}. Refuses anything that could not sign certificates the way
     * {@link #issue} needs: unparseable PEM, a non-CA certificate or a key of another certificate.
     */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        X509Certificate certificate;
        PrivateKey privateKey;
        try {
            certificate = Pem.decodeCertificate(certificatePem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CA certificate PEM: " + e.getMessage(), e);
        }
        try {
            privateKey = Pem.decodePrivateKey(privateKeyPem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CA private key PEM: " + e.getMessage(), e);
        }
        String subject = certificate.getSubjectX500Principal().getName();
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate " + subject + " is not a CA (BasicConstraints CA:false)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            throw new IllegalArgumentException("CA certificate " + subject + " lacks the keyCertSign key usage");
        }
        KeyPairs.signatureAlgorithm(privateKey); // rejects key types that cannot sign certificates
        if (!KeyPairs.matches(certificate.getPublicKey(), privateKey)) {
            throw new IllegalArgumentException("private key does not match the CA certificate " + subject);
        }
        return new CertificateAuthority(certificate, privateKey, Clock.systemUTC());
    }

    /** A CA from parts already known to match (derived authorities build them). */
    static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
        return new CertificateAuthority(certificate, privateKey, Clock.systemUTC());
    }

    /** The same CA reading time from {@code clock}; lets tests and renewal checks move time. */
    CertificateAuthority withClock(Clock clock) {
        return new CertificateAuthority(certificate, privateKey, Objects.requireNonNull(clock, "clock"));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String certificatePem() {
        return Pem.encodeCertificate(certificate);
    }

    /** The key as unencrypted PKCS#8 ("PRIVATE KEY"). */
    public String privateKeyPem() {
        return Pem.encodePrivateKey(privateKey);
    }

    /**
     * Issues a certificate with a fresh ECDSA P-256 key. Validity starts {@link #CLOCK_SKEW}
     * early and never outlasts the CA itself, since a leaf is useless once its issuer expires.
     *
     * @throws IllegalStateException if the CA has expired
     */
    public IssuedCertificate issue(CertificateRequest request) {
        Objects.requireNonNull(request, "request");
        Instant now = clock.instant();
        Instant authorityNotAfter = certificate.getNotAfter().toInstant();
        if (!now.isBefore(authorityNotAfter)) {
            throw new IllegalStateException("CA " + certificate.getSubjectX500Principal().getName()
                    + " expired at " + authorityNotAfter + "; it cannot issue certificates");
        }
        Instant notAfter = now.plus(request.lifetime());
        if (notAfter.isAfter(authorityNotAfter)) {
            notAfter = authorityNotAfter;
        }
        KeyPair keys = KeyPairs.generateEcP256();
        X509Certificate issued = CertificateSigner.leaf(
                certificate, privateKey, request, keys.getPublic(), now.minus(CLOCK_SKEW), notAfter);
        remember(issued); // signed here a moment ago: its first use (a new workspace's first request) skips the verify
        return new IssuedCertificate(issued, keys.getPrivate());
    }

    /**
     * Maps a client certificate to a Kubernetes identity, like the API server's x509
     * authenticator: present only if this CA signed it, both it and the CA are valid at
     * {@code now}, it carries the clientAuth extended key usage and it names a user (CN).
     * The TLS layer may already have checked some of this; checking again here keeps
     * authentication correct whatever the TLS configuration.
     */
    public Optional<ClientIdentity> authenticate(X509Certificate clientCertificate, Instant now) {
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(now, "now");
        if (!signed(clientCertificate) || !validAt(clientCertificate, now) || !validAt(certificate, now)) {
            return Optional.empty();
        }
        Optional<ClientIdentity> identity = identities.get(clientCertificate);
        if (identity == null) {
            identity = identityOf(clientCertificate);
            if (identities.size() >= VERIFIED_LIMIT) {
                identities.clear(); // the same crude bound as the verified ones
            }
            identities.put(clientCertificate, identity);
        }
        return identity;
    }

    /** The user (CN) and groups (O) a certificate with the clientAuth usage names; empty for any other. */
    private static Optional<ClientIdentity> identityOf(X509Certificate clientCertificate) {
        if (!hasUsage(clientCertificate, CertificateUsage.CLIENT)) {
            return Optional.empty();
        }
        Optional<String> user = SubjectNames.commonName(clientCertificate).filter(name -> !name.isEmpty());
        return user.map(name -> new ClientIdentity(name, SubjectNames.organizations(clientCertificate)));
    }

    /**
     * Whether this CA issued {@code candidate}: issuer name matches and the signature verifies. A verified
     * certificate is remembered (by its encoding, which {@code equals} compares): every request presents the
     * client certificate again, and an ECDSA verification per request was a tenth of the server's CPU in a
     * pod-create burst (issue-6 profile). Only successes are kept (and certificates this CA issued itself), and
     * validity is still checked per request.
     */
    boolean signed(X509Certificate candidate) {
        if (verified.containsKey(candidate)) {
            return true;
        }
        if (!candidate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
            return false;
        }
        try {
            candidate.verify(certificate.getPublicKey(), CryptoProvider.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
        remember(candidate);
        return true;
    }

    private void remember(X509Certificate signedHere) {
        if (verified.size() >= VERIFIED_LIMIT) {
            verified.clear(); // crude bound; certificates in use are verified again once
        }
        verified.put(signedHere, Boolean.TRUE);
    }

    /** Whether {@code now} lies within the certificate's validity period, both ends inclusive. */
    static boolean validAt(X509Certificate candidate, Instant now) {
        return !now.isBefore(candidate.getNotBefore().toInstant()) && !now.isAfter(candidate.getNotAfter().toInstant());
    }

    /** Whether the certificate's extended key usage allows {@code usage}. */
    static boolean hasUsage(X509Certificate candidate, CertificateUsage usage) {
        try {
            List<String> usages = candidate.getExtendedKeyUsage();
            return usages != null && usages.contains(usage.extendedKeyUsageOid());
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName()
                + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}
