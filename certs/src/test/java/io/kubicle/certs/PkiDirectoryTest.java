package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiDirectoryTest {
    private static final List<String> HOSTS = List.of("localhost", "127.0.0.1");
    private static final Duration CLIENT_LIFETIME = Duration.ofDays(400);

    @TempDir
    Path dir;

    @Test
    void createsEverythingAndASecondLoadReturnsTheSameCertificates() {
        ServerPki first = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);
        ServerPki second = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);

        for (String file : List.of("ca.crt", "ca.key", "server.crt", "server.key", "admin.crt", "admin.key")) {
            assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        }
        assertEquals(serials(first), serials(second));
        assertEquals(first.admin().privateKey(), second.admin().privateKey());
        assertEquals("CN=kubicle-ca", first.authority().certificate().getSubjectX500Principal().getName());
        assertEquals(Optional.of(new ClientIdentity("kubicle-admin", List.of("system:masters"))),
                second.authority().authenticate(second.admin().certificate(), Instant.now()));
        assertTrue(ReissuePolicy.servingUsable(second.authority(), second.serving().certificate(), HOSTS, Instant.now()));
    }

    @Test
    void changingHostNamesReissuesOnlyTheServingCertificate() throws Exception {
        ServerPki before = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);
        List<String> moreHosts = List.of("localhost", "127.0.0.1", "kubicle.example.com");

        ServerPki after = PkiDirectory.loadOrCreate(dir, moreHosts, CLIENT_LIFETIME);

        assertEquals(serial(before.authority().certificate()), serial(after.authority().certificate()));
        assertEquals(serial(before.admin().certificate()), serial(after.admin().certificate()));
        assertNotEquals(serial(before.serving().certificate()), serial(after.serving().certificate()));
        assertEquals(List.of("localhost", "kubicle.example.com"), Fixtures.alternativeNames(after.serving().certificate(), 2));
        // Fewer host names are still covered: nothing changes.
        assertEquals(serials(after), serials(PkiDirectory.loadOrCreate(dir, List.of("localhost"), CLIENT_LIFETIME)));
    }

    @Test
    void deletingTheAdminCertificateReissuesOnlyTheAdminCertificate() throws IOException {
        ServerPki before = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);
        Files.delete(dir.resolve("admin.crt"));

        ServerPki after = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);

        assertEquals(serial(before.authority().certificate()), serial(after.authority().certificate()));
        assertEquals(serial(before.serving().certificate()), serial(after.serving().certificate()));
        assertNotEquals(serial(before.admin().certificate()), serial(after.admin().certificate()));
        assertEquals(after.admin().certificatePem(), Files.readString(dir.resolve("admin.crt")));
    }

    @Test
    void mismatchedServingKeyReissuesTheServingCertificate() throws IOException {
        ServerPki before = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);
        Files.copy(dir.resolve("admin.key"), dir.resolve("server.key"), StandardCopyOption.REPLACE_EXISTING);

        ServerPki after = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);

        assertNotEquals(serial(before.serving().certificate()), serial(after.serving().certificate()));
        assertEquals(serial(before.admin().certificate()), serial(after.admin().certificate()));
    }

    @Test
    void newCaReissuesEveryLeafAndMissingCaKeyFailsLoudly() throws IOException {
        ServerPki before = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);
        Files.delete(dir.resolve("ca.crt"));

        ServerPki after = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME);

        assertNotEquals(serial(before.serving().certificate()), serial(after.serving().certificate()));
        assertNotEquals(serial(before.admin().certificate()), serial(after.admin().certificate()));
        assertTrue(after.authority().signed(after.admin().certificate()));

        Files.delete(dir.resolve("ca.key"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME));
        assertTrue(e.getMessage().contains("ca.key"), e.getMessage());
    }

    @Test
    void renewsServingCertificate30DaysAndAdminCertificateTenPercentBeforeExpiry() {
        Instant start = Instant.parse("2030-01-01T00:00:00Z");
        ServerPki initial = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME, at(start));

        ServerPki day330 = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME, at(start.plus(Duration.ofDays(330))));
        assertEquals(serials(initial), serials(day330), "35 days left on serving, 70 on admin");

        ServerPki day340 = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME, at(start.plus(Duration.ofDays(340))));
        assertNotEquals(serial(initial.serving().certificate()), serial(day340.serving().certificate()));
        assertEquals(serial(initial.admin().certificate()), serial(day340.admin().certificate()), "60 of 400 days left");

        ServerPki day370 = PkiDirectory.loadOrCreate(dir, HOSTS, CLIENT_LIFETIME, at(start.plus(Duration.ofDays(370))));
        assertNotEquals(serial(initial.admin().certificate()), serial(day370.admin().certificate()), "30 of 400 days left");
        assertEquals(serial(day340.serving().certificate()), serial(day370.serving().certificate()));
        assertEquals(serial(initial.authority().certificate()), serial(day370.authority().certificate()));
    }

    @Test
    void keyFilesAreReadableByTheOwnerOnlyAndNoTemporaryFilesRemain() throws IOException {
        Path nested = dir.resolve("state/pki");
        PkiDirectory.loadOrCreate(nested, HOSTS, CLIENT_LIFETIME);
        assumeTrue(Files.getFileStore(nested).supportsFileAttributeView(PosixFileAttributeView.class), "POSIX only");

        for (String key : List.of("ca.key", "server.key", "admin.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.resolve(key))), key);
        }
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.resolve("ca.crt"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
        try (Stream<Path> files = Files.list(nested)) {
            assertEquals(6, files.count());
        }
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static BigInteger serial(X509Certificate certificate) {
        return certificate.getSerialNumber();
    }

    private static List<BigInteger> serials(ServerPki pki) {
        return List.of(serial(pki.authority().certificate()), serial(pki.serving().certificate()),
                serial(pki.admin().certificate()));
    }
}
