package io.kubicle.certs;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The API server's PKI persisted in a directory ({@code ca.crt}, {@code ca.key},
 * {@code server.crt}, {@code server.key}, {@code admin.crt}, {@code admin.key}), so restarts keep
 * the same CA and certificates and already distributed kubeconfigs keep working. Certificates are
 * re-issued only when {@link ReissuePolicy} says they can no longer be used.
 *
 * <p>The CA is never replaced behind the operator's back: if {@code ca.crt} exists but its key is
 * missing or unreadable, or the CA has expired, loading fails and the operator decides.
 */
public final class PkiDirectory {
    static final String CA_CERTIFICATE = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String SERVING_CERTIFICATE = "server.crt";
    static final String SERVING_KEY = "server.key";
    static final String ADMIN_CERTIFICATE = "admin.crt";
    static final String ADMIN_KEY = "admin.key";

    static final String CA_COMMON_NAME = "kubicle-ca";
    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration SERVING_LIFETIME = Duration.ofDays(365);
    static final ClientIdentity ADMIN = new ClientIdentity("kubicle-admin", List.of("system:masters"));

    private PkiDirectory() {
    }

    /**
     * Loads the CA, serving cert and admin client cert from dir, creating what is missing.
     *
     * @param servingHostNames   host names and IP addresses the serving certificate must be valid for
     * @param clientCertLifetime lifetime of a newly issued admin client certificate
     * @throws java.io.UncheckedIOException if the directory cannot be read or written
     * @throws IllegalStateException        if the CA certificate exists but cannot be used
     */
    public static ServerPki loadOrCreate(Path dir, List<String> servingHostNames, Duration clientCertLifetime) {
        return loadOrCreate(dir, servingHostNames, clientCertLifetime, Clock.systemUTC());
    }

    static ServerPki loadOrCreate(Path dir, List<String> servingHostNames, Duration clientCertLifetime, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        List<String> hostNames = List.copyOf(Objects.requireNonNull(servingHostNames, "servingHostNames"));
        CertificateRequest servingRequest = CertificateRequest.server(hostNames, SERVING_LIFETIME);
        CertificateRequest adminRequest = CertificateRequest.client(ADMIN.user(), ADMIN.groups(), clientCertLifetime);

        PkiFiles.createDirectory(dir);
        CertificateAuthority authority = loadOrCreateAuthority(dir, clock);
        Instant now = clock.instant();
        IssuedCertificate serving = loadOrIssue(dir, SERVING_CERTIFICATE, SERVING_KEY, authority, servingRequest,
                certificate -> ReissuePolicy.servingUsable(authority, certificate, hostNames, now));
        IssuedCertificate admin = loadOrIssue(dir, ADMIN_CERTIFICATE, ADMIN_KEY, authority, adminRequest,
                certificate -> ReissuePolicy.clientUsable(authority, certificate, ADMIN, now));
        return new ServerPki(authority, serving, admin);
    }

    private static CertificateAuthority loadOrCreateAuthority(Path dir, Clock clock) {
        Path certificateFile = dir.resolve(CA_CERTIFICATE);
        Path keyFile = dir.resolve(CA_KEY);
        Optional<String> certificatePem = PkiFiles.read(certificateFile);
        if (certificatePem.isEmpty()) {
            // A key without certificate is the remains of an interrupted creation: replace it.
            CertificateAuthority created = CertificateAuthority.create(CA_COMMON_NAME, CA_LIFETIME, clock);
            PkiFiles.writePrivateKey(keyFile, created.privateKeyPem());
            PkiFiles.writeCertificate(certificateFile, created.certificatePem());
            return created;
        }
        String keyPem = PkiFiles.read(keyFile).orElseThrow(() -> new IllegalStateException(
                certificateFile + " exists but " + keyFile + " is missing; restore the key, or delete "
                        + certificateFile + " to create a new CA (which invalidates every issued certificate)"));
        CertificateAuthority authority;
        try {
            authority = CertificateAuthority.fromPem(certificatePem.get(), keyPem).withClock(clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cannot use the CA in " + dir + ": " + e.getMessage(), e);
        }
        if (!CertificateAuthority.validAt(authority.certificate(), clock.instant())) {
            throw new IllegalStateException("the CA in " + dir + " is not valid now (valid "
                    + authority.certificate().getNotBefore().toInstant() + " to "
                    + authority.certificate().getNotAfter().toInstant() + "); delete " + certificateFile
                    + " and " + keyFile + " to create a new CA");
        }
        return authority;
    }

    private static IssuedCertificate loadOrIssue(Path dir, String certificateName, String keyName,
                                                 CertificateAuthority authority, CertificateRequest request,
                                                 Predicate<X509Certificate> usable) {
        Path certificateFile = dir.resolve(certificateName);
        Path keyFile = dir.resolve(keyName);
        Optional<IssuedCertificate> existing = load(certificateFile, keyFile).filter(
                issued -> usable.test(issued.certificate()));
        if (existing.isPresent()) {
            return existing.get();
        }
        IssuedCertificate issued = authority.issue(request);
        // Key first: a crash in between leaves a mismatched pair, which the next start re-issues.
        PkiFiles.writePrivateKey(keyFile, issued.privateKeyPem());
        PkiFiles.writeCertificate(certificateFile, issued.certificatePem());
        return issued;
    }

    /** The pair from disk, or empty if either file is missing, unreadable as PEM, or they do not match. */
    private static Optional<IssuedCertificate> load(Path certificateFile, Path keyFile) {
        Optional<String> certificatePem = PkiFiles.read(certificateFile);
        Optional<String> keyPem = PkiFiles.read(keyFile);
        if (certificatePem.isEmpty() || keyPem.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(IssuedCertificate.fromPem(certificatePem.get(), keyPem.get()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
