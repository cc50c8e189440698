package io.kubicle.apiserver.tenancy;

import io.kubicle.apiserver.UserInfo;
import io.kubicle.certs.CertificateAuthority;
import io.kubicle.certs.CertificateRequest;
import io.kubicle.certs.ClientIdentity;
import io.kubicle.certs.DerivedAuthorities;
import io.kubicle.certs.IssuedCertificate;
import io.kubicle.certs.Kubeconfig;
import io.kubicle.certs.KubeconfigSpec;
import io.kubicle.certs.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client certificates per workspace. Each workspace (id) and credential epoch has its own CA, derived
 * from the server CA (see {@link DerivedAuthorities}): a certificate names the one workspace it is good
 * for, and bumping the epoch revokes every certificate issued before. Certificates signed by the server
 * CA itself are the operator identity, valid in every workspace.
 */
public final class WorkspaceCredentials {
    private static final Pattern LABEL = Pattern.compile("workspace-(\\d+)-e(\\d+)");

    private final CertificateAuthority server;
    private final DerivedAuthorities derived;
    private final Duration lifetime;

    public WorkspaceCredentials(CertificateAuthority server, Duration clientCertLifetime) {
        this.server = server;
        this.derived = new DerivedAuthorities(server);
        this.lifetime = clientCertLifetime;
    }

    /** Which workspace and epoch a client certificate was issued for, if a workspace CA issued it. */
    public record Audience(long workspaceId, long epoch) {
    }

    public static Optional<Audience> audience(X509Certificate certificate) {
        return DerivedAuthorities.issuerLabel(certificate).flatMap(label -> {
            Matcher m = LABEL.matcher(label);
            return m.matches() ? Optional.of(new Audience(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
                    : Optional.empty();
        });
    }

    /** The operator identity: a certificate from the server CA itself. */
    public Optional<UserInfo> operator(X509Certificate certificate, Instant now) {
        return server.authenticate(certificate, now).map(identity -> user(identity, true));
    }

    /** A tenant identity, valid only when the certificate was issued for exactly this workspace and epoch. */
    public Optional<UserInfo> tenant(X509Certificate certificate, long workspaceId, long epoch, Instant now) {
        Optional<Audience> audience = audience(certificate);
        if (audience.isEmpty() || audience.get().workspaceId() != workspaceId || audience.get().epoch() != epoch) {
            return Optional.empty();
        }
        return authority(workspaceId, epoch).authenticate(certificate, now).map(identity -> user(identity, false));
    }

    /** A kubeconfig for {@code user} in {@code groups}, good only at {@code serverUrl} of this workspace. */
    public String kubeconfig(String workspaceName, long workspaceId, long epoch, String serverUrl, String user,
                             List<String> groups) {
        IssuedCertificate issued = authority(workspaceId, epoch).issue(CertificateRequest.client(user, groups, lifetime));
        return Kubeconfig.render(new KubeconfigSpec("kubicle-" + workspaceName, serverUrl, server.certificatePem(),
                user + "@" + workspaceName, issued.certificatePem(), Pem.encodePrivateKeyTraditional(issued), null));
    }

    /** The key pair that signs this workspace's ServiceAccount tokens in this epoch (separate from its CA). */
    CertificateAuthority tokenSigner(long workspaceId, long epoch) {
        return derived.authority("tokens-" + workspaceId + "-e" + epoch);
    }

    private CertificateAuthority authority(long workspaceId, long epoch) {
        return derived.authority("workspace-" + workspaceId + "-e" + epoch);
    }

    private static UserInfo user(ClientIdentity identity, boolean operator) {
        List<String> groups = new ArrayList<>(identity.groups());
        groups.add(UserInfo.AUTHENTICATED); // as kube-apiserver adds to every authenticated user
        return new UserInfo(identity.user(), groups, operator);
    }
}
