package io.kubicle.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * Host-name handling for subject alternative names. IP literals must become iPAddress SANs and
 * everything else dNSName SANs, otherwise TLS clients refuse the certificate; and the split must
 * never trigger a DNS lookup, which {@link InetAddress#getByName} would do for a non-literal.
 */
final class HostNames {
    private HostNames() {
    }

    /** Host names split into DNS names and IP literals, each de-duplicated, in input order. */
    record Split(List<String> dnsNames, List<String> ipAddresses) {
    }

    static Split split(List<String> hostNames) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ips = new LinkedHashSet<>();
        for (String hostName : hostNames) {
            String host = clean(hostName);
            if (isIpLiteral(host)) {
                ips.add(host);
            } else {
                dns.add(host);
            }
        }
        return new Split(List.copyOf(dns), List.copyOf(ips));
    }

    /** Trims and removes the brackets of a URL-style IPv6 literal such as {@code [::1]}. */
    static String clean(String hostName) {
        if (hostName == null || hostName.isBlank()) {
            throw new IllegalArgumentException("host name must not be blank");
        }
        String host = hostName.trim();
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host;
    }

    static boolean isIpLiteral(String host) {
        return IPAddress.isValid(host);
    }

    /** Canonical form of an IP literal, so that "::1" and "0:0:0:0:0:0:0:1" compare equal. */
    static InetAddress parseIpLiteral(String literal) {
        if (!isIpLiteral(literal)) {
            throw new IllegalArgumentException("not an IP address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal); // literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal: " + literal, e);
        }
    }

    /**
     * Whether a certificate with the given SANs is valid for every requested host name. DNS names
     * compare case-insensitively and exactly (no wildcard expansion: requesting a host that only a
     * wildcard covers re-issues, which is the safe direction).
     */
    static boolean covers(List<String> sanDnsNames, List<String> sanIpAddresses, List<String> requested) {
        Set<String> dns = new LinkedHashSet<>();
        sanDnsNames.forEach(name -> dns.add(name.toLowerCase(Locale.ROOT)));
        List<InetAddress> ips = new ArrayList<>();
        sanIpAddresses.forEach(ip -> ips.add(parseIpLiteral(ip)));
        for (String hostName : requested) {
            String host = clean(hostName);
            boolean covered = isIpLiteral(host)
                    ? ips.contains(parseIpLiteral(host))
                    : dns.contains(host.toLowerCase(Locale.ROOT));
            if (!covered) {
                return false;
            }
        }
        return true;
    }
}
