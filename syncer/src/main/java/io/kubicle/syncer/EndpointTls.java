package io.kubicle.syncer;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS of the syncer's container endpoint (logs, exec, attach, port-forward). Its certificate is made at start and never stored: Kubicle pins it by the
 * SHA-256 the syncer records in each Workspace's status, so no CA has to sign it. Only Kubicle's operator
 * identity may call: a client certificate signed by Kubicle's own CA (the one the --kubicle kubeconfig trusts)
 * with the group {@code system:masters}. Tenants' certificates come from their workspaces' CAs and are refused.
 */
final class EndpointTls {
    private static final String OPERATORS = "system:masters";

    private final KeyManagerFactory keys;
    private final OperatorsOnly trust;
    private final String certificateSha256;

    private EndpointTls(KeyManagerFactory keys, OperatorsOnly trust, String certificateSha256) {
        this.keys = keys;
        this.trust = trust;
        this.certificateSha256 = certificateSha256;
    }

    /** The serving certificate and its key. */
    KeyManagerFactory keys() {
        return keys;
    }

    /** Who may call: Kubicle's operators. */
    OperatorsOnly trust() {
        return trust;
    }

    /** Hex SHA-256 of the serving certificate's DER encoding. */
    String certificateSha256() {
        return certificateSha256;
    }

    static EndpointTls create(String host, String kubicleCaPem) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(host, keys);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("syncer", keys.getPrivate(), password, new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            return new EndpointTls(kmf, new OperatorsOnly(ca(kubicleCaPem)), sha);
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the log endpoint's TLS certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(String host, KeyPair keys) throws OperatorCreationException, CertificateException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=kubicle-syncer");
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        GeneralNames names = new GeneralNames(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, host));
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        } catch (org.bouncycastle.cert.CertIOException e) {
            throw new CertificateException(e);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static X509Certificate ca(String pem) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
    }

    /** The host part of an https URL, for the certificate's name. */
    static String hostOf(String url) {
        String host = java.net.URI.create(url).getHost();
        return host == null ? InetAddress.getLoopbackAddress().getHostAddress() : host.replace("[", "").replace("]", "");
    }

    /** Accepts a client certificate signed directly by Kubicle's CA and naming the operators' group. */
    static final class OperatorsOnly implements X509TrustManager {
        private final X509Certificate ca;

        OperatorsOnly(X509Certificate ca) {
            this.ca = ca;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("a client certificate is required");
            }
            X509Certificate leaf = chain[0];
            try {
                leaf.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the client certificate is not signed by Kubicle's CA");
            }
            leaf.checkValidity();
            if (!groups(leaf).contains(OPERATORS)) {
                throw new CertificateException("the client certificate is not an operator's (group " + OPERATORS + ")");
            }
        }

        private static java.util.List<String> groups(X509Certificate leaf) throws CertificateException {
            try {
                return new LdapName(leaf.getSubjectX500Principal().getName()).getRdns().stream()
                        .filter(r -> r.getType().equalsIgnoreCase("O")).map(Rdn::getValue).map(String::valueOf).toList();
            } catch (javax.naming.InvalidNameException e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {ca};
        }
    }
}
