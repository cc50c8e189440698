package io.kubicle.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRequestTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void serverRequestSplitsIpLiteralsFromDnsNamesWithoutDuplicates() {
        CertificateRequest request = CertificateRequest.server(
                List.of("localhost", "127.0.0.1", "[::1]", "kubicle.example.com", "localhost", "10.0.0.1"), DAY);

        assertEquals("localhost", request.commonName());
        assertEquals(List.of("localhost", "kubicle.example.com"), request.dnsNames());
        assertEquals(List.of("127.0.0.1", "::1", "10.0.0.1"), request.ipAddresses());
        assertEquals(CertificateUsage.SERVER, request.usage());
    }

    @Test
    void clientRequestUsesUserAsCommonNameAndGroupsAsOrganizations() {
        CertificateRequest request = CertificateRequest.client("alice", List.of("g1", "g2"), DAY);

        assertEquals("alice", request.commonName());
        assertEquals(List.of("g1", "g2"), request.organizations());
        assertEquals(List.of(), request.dnsNames());
        assertEquals(CertificateUsage.CLIENT, request.usage());
    }

    @Test
    void rejectsRequestsThatWouldGiveUnusableCertificates() {
        assertThrows(IllegalArgumentException.class, () -> CertificateRequest.server(List.of(), DAY));
        assertThrows(IllegalArgumentException.class, () -> CertificateRequest.server(List.of(" "), DAY));
        assertThrows(IllegalArgumentException.class, () -> CertificateRequest.client("", List.of(), DAY));
        assertThrows(IllegalArgumentException.class, () -> CertificateRequest.client("alice", List.of(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CertificateRequest(
                "x", List.of(), List.of(), List.of(), CertificateUsage.SERVER, DAY));
        assertThrows(IllegalArgumentException.class, () -> new CertificateRequest(
                "x", List.of(), List.of(), List.of("not-an-ip"), CertificateUsage.SERVER, DAY));
    }
}
