package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerivedAuthoritiesTest {
    private final CertificateAuthority root = CertificateAuthority.create("root", Duration.ofDays(365));

    @Test
    void theSameRootDerivesTheSameKeyInEveryProcess() {
        DerivedAuthorities one = new DerivedAuthorities(root);
        DerivedAuthorities two = new DerivedAuthorities(CertificateAuthority.fromPem(root.certificatePem(), root.privateKeyPem()));
        assertArrayEquals(one.authority("workspace-7-e0").certificate().getPublicKey().getEncoded(),
                two.authority("workspace-7-e0").certificate().getPublicKey().getEncoded());
        IssuedCertificate alice = one.authority("workspace-7-e0").issue(CertificateRequest.client("alice", List.of("dev"), Duration.ofHours(1)));
        assertEquals("alice", two.authority("workspace-7-e0").authenticate(alice.certificate(), Instant.now()).orElseThrow().user(),
                "a certificate issued by one process authenticates in another");
        assertEquals("workspace-7-e0", DerivedAuthorities.issuerLabel(alice.certificate()).orElseThrow());
    }

    @Test
    void otherLabelsAndOtherRootsDoNotAcceptIt() {
        DerivedAuthorities derived = new DerivedAuthorities(root);
        IssuedCertificate cert = derived.authority("workspace-7-e0").issue(CertificateRequest.client("a", List.of(), Duration.ofHours(1)));
        assertTrue(derived.authority("workspace-8-e0").authenticate(cert.certificate(), Instant.now()).isEmpty());
        assertTrue(derived.authority("workspace-7-e1").authenticate(cert.certificate(), Instant.now()).isEmpty());
        assertTrue(root.authenticate(cert.certificate(), Instant.now()).isEmpty());
        DerivedAuthorities otherRoot = new DerivedAuthorities(CertificateAuthority.create("root", Duration.ofDays(365)));
        assertTrue(otherRoot.authority("workspace-7-e0").authenticate(cert.certificate(), Instant.now()).isEmpty(),
                "the same label under another root is another key");
        assertFalse(DerivedAuthorities.issuerLabel(root.issue(CertificateRequest.client("x", List.of(), Duration.ofHours(1)))
                .certificate()).isPresent());
    }

    @Test
    void labelsAreRestricted() {
        assertThrows(IllegalArgumentException.class, () -> new DerivedAuthorities(root).authority("Bad Label"));
    }
}
