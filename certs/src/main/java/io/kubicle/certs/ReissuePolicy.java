package io.kubicle.certs;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * When a persisted certificate can be kept across restarts. Keeping certificates is what keeps
 * distributed kubeconfigs working; re-issuing early enough is what keeps the server from ever
 * presenting an expired or wrong certificate. Pure decisions, no I/O.
 */
final class ReissuePolicy {
    /** A serving certificate is replaced once less than this remains. */
    static final Duration SERVING_RENEW_BEFORE = Duration.ofDays(30);
    /** A client certificate is replaced once less than this part of its lifetime remains. */
    static final int CLIENT_RENEW_PERCENT = 10;

    /** SAN type numbers of {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private ReissuePolicy() {
    }

    /**
     * Keep only if the current CA signed it, it is a serving certificate valid at {@code now}
     * for at least {@link #SERVING_RENEW_BEFORE}, and its SANs cover every requested host name.
     */
    static boolean servingUsable(CertificateAuthority authority, X509Certificate serving,
                                 List<String> hostNames, Instant now) {
        return authority.signed(serving)
                && CertificateAuthority.validAt(serving, now)
                && CertificateAuthority.hasUsage(serving, CertificateUsage.SERVER)
                && !now.plus(SERVING_RENEW_BEFORE).isAfter(serving.getNotAfter().toInstant())
                && coversHostNames(serving, hostNames);
    }

    /**
     * Keep only if the current CA authenticates it as exactly {@code identity} at {@code now} and
     * at least {@link #CLIENT_RENEW_PERCENT} percent of its own lifetime remains.
     */
    static boolean clientUsable(CertificateAuthority authority, X509Certificate client,
                                ClientIdentity identity, Instant now) {
        if (!authority.authenticate(client, now).equals(Optional.of(identity))) {
            return false;
        }
        Instant notBefore = client.getNotBefore().toInstant();
        Instant notAfter = client.getNotAfter().toInstant();
        Duration lifetime = Duration.between(notBefore, notAfter);
        Duration remaining = Duration.between(now, notAfter);
        return remaining.multipliedBy(100).compareTo(lifetime.multipliedBy(CLIENT_RENEW_PERCENT)) >= 0;
    }

    private static boolean coversHostNames(X509Certificate certificate, List<String> hostNames) {
        List<String> dnsNames = new ArrayList<>();
        List<String> ipAddresses = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                if (type == SAN_DNS) {
                    dnsNames.add((String) name.get(1));
                } else if (type == SAN_IP) {
                    ipAddresses.add((String) name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return HostNames.covers(dnsNames, ipAddresses, hostNames);
    }
}
