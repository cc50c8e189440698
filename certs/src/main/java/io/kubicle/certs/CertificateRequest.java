package io.kubicle.certs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the {@link CertificateAuthority} needs to issue one leaf certificate. The key pair is
 * deliberately absent: the authority always generates a fresh one, so a request cannot smuggle in
 * a weak or reused key.
 *
 * @param commonName    subject CN; for client certificates this is the Kubernetes user name
 * @param organizations subject O values; for client certificates these are the Kubernetes groups
 * @param dnsNames      dNSName subject alternative names
 * @param ipAddresses   iPAddress subject alternative names, as IPv4 or IPv6 literals
 * @param usage         server or client role
 * @param lifetime      requested validity, capped at the authority's own expiry
 */
public record CertificateRequest(String commonName, List<String> organizations, List<String> dnsNames,
                                 List<String> ipAddresses, CertificateUsage usage, Duration lifetime) {

    public CertificateRequest {
        Objects.requireNonNull(commonName, "commonName");
        organizations = List.copyOf(Objects.requireNonNull(organizations, "organizations"));
        dnsNames = List.copyOf(Objects.requireNonNull(dnsNames, "dnsNames"));
        ipAddresses = List.copyOf(Objects.requireNonNull(ipAddresses, "ipAddresses"));
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        for (String ip : ipAddresses) {
            if (!HostNames.isIpLiteral(ip)) {
                throw new IllegalArgumentException("not an IP address literal: " + ip);
            }
        }
        for (String dns : dnsNames) {
            if (dns.isBlank() || HostNames.isIpLiteral(dns)) {
                throw new IllegalArgumentException("not a DNS name: '" + dns + "'");
            }
        }
        if (usage == CertificateUsage.SERVER && dnsNames.isEmpty() && ipAddresses.isEmpty()) {
            // TLS clients ignore the CN; a serving certificate without SANs matches no host.
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
        if (usage == CertificateUsage.CLIENT && commonName.isBlank()) {
            throw new IllegalArgumentException("a client certificate needs a user name as common name");
        }
    }

    /**
     * A serving certificate for the given host names. IP literals become iPAddress SANs, the rest
     * dNSName SANs; the CN is the first host name, for the benefit of humans reading the cert.
     */
    public static CertificateRequest server(List<String> hostNames, Duration lifetime) {
        Objects.requireNonNull(hostNames, "hostNames");
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name");
        }
        HostNames.Split split = HostNames.split(hostNames);
        String commonName = HostNames.clean(hostNames.get(0));
        return new CertificateRequest(commonName, List.of(), split.dnsNames(), split.ipAddresses(),
                CertificateUsage.SERVER, lifetime);
    }

    /** A client certificate that the API server maps to {@code user} in {@code groups}. */
    public static CertificateRequest client(String user, List<String> groups, Duration lifetime) {
        Objects.requireNonNull(user, "user");
        return new CertificateRequest(user, groups, List.of(), List.of(), CertificateUsage.CLIENT, lifetime);
    }
}
