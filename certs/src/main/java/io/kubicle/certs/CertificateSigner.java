package io.kubicle.certs;

import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs X.509 certificates. The only place extensions are chosen, so every certificate
 * Kubicle issues has the same, deliberate profile: random serial, critical BasicConstraints and
 * KeyUsage, key identifiers for chain building, and SANs for server names.
 */
final class CertificateSigner {
    private CertificateSigner() {
    }

    /** A self-signed CA: CA:true, keyCertSign + cRLSign, subject key identifier. */
    static X509Certificate selfSignedAuthority(String commonName, KeyPair keys, Instant notBefore, Instant notAfter) {
        X500Name subject = SubjectNames.subject(commonName, List.of());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, SerialNumbers.random(),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode CA certificate extensions", e);
        }
        return sign(builder, keys.getPrivate());
    }

    /** A leaf certificate for {@code subjectKey}, signed by the issuer, with the request's profile. */
    static X509Certificate leaf(X509Certificate issuer, PrivateKey issuerKey, CertificateRequest request,
                                PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        X500Name subject = SubjectNames.subject(request.commonName(), request.organizations());
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, SerialNumbers.random(),
                Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, request.usage().keyUsage());
            builder.addExtension(Extension.extendedKeyUsage, false, request.usage().extendedKeyUsage());
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(issuer));
            GeneralNames alternativeNames = alternativeNames(request);
            if (alternativeNames != null) {
                // RFC 5280 4.2.1.6: must be critical when the subject is empty.
                boolean critical = subject.getRDNs().length == 0;
                builder.addExtension(Extension.subjectAlternativeName, critical, alternativeNames);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode certificate extensions", e);
        }
        return sign(builder, issuerKey);
    }

    private static GeneralNames alternativeNames(CertificateRequest request) {
        List<GeneralName> names = new ArrayList<>();
        request.dnsNames().forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
        request.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
        return extensionUtils().createSubjectKeyIdentifier(key);
    }

    /**
     * Key identifier only (no issuer name and serial), like Go's crypto/x509: copies the issuer's
     * own SKI when present so the two always match, even for CAs made by other tools.
     */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer) {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            byte[] keyIdentifier = SubjectKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
            return new AuthorityKeyIdentifier(keyIdentifier);
        }
        return new AuthorityKeyIdentifier(subjectKeyIdentifier(issuer.getPublicKey()).getKeyIdentifier());
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is unavailable for key identifiers", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(signingKey))
                    .setProvider(CryptoProvider.get())
                    .setSecureRandom(KeyPairs.RANDOM)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign certificate: " + e.getMessage(), e);
        }
    }
}
