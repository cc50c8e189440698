package io.kubicle.certs;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text encoding of certificates and private keys, the interchange format of kubeconfig files,
 * kubeadm-style PKI directories and operator-supplied CAs. Keys are always written as unencrypted
 * PKCS#8 ("PRIVATE KEY"), which every TLS stack reads; on input the OpenSSL "traditional" SEC1 and
 * PKCS#1 forms are accepted too, since operators bring keys made by other tools.
 *
 * <p>Uses only the JDK's security providers; Bouncy Castle is used as an ASN.1/PEM library and is
 * never registered as a JCA provider, so loading this class does not change the process.
 */
public final class Pem {
    private static final Base64.Encoder BASE64_LINES =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** A single "CERTIFICATE" block. */
    public static String encodeCertificate(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** A single unencrypted PKCS#8 "PRIVATE KEY" block. */
    public static String encodePrivateKey(PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!"PKCS#8".equals(privateKey.getFormat()) || privateKey.getEncoded() == null) {
            throw new IllegalArgumentException("private key has no PKCS#8 encoding (format "
                    + privateKey.getFormat() + "); hardware-backed keys cannot be exported");
        }
        return block("PRIVATE KEY", privateKey.getEncoded());
    }

    /**
     * A certificate's key in the traditional OpenSSL form: "EC PRIVATE KEY" (SEC 1, with the public
     * key included) or "RSA PRIVATE KEY" (PKCS#1). Kubeconfigs carry keys this way (kubeadm writes
     * them so), and some clients, such as fabric8, read only these forms for client keys.
     */
    public static String encodePrivateKeyTraditional(IssuedCertificate issued) {
        PrivateKey key = issued.privateKey();
        String pkcs8 = encodePrivateKey(key);
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            if (key instanceof java.security.interfaces.ECPrivateKey ec) {
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo pub = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                        .getInstance(issued.certificate().getPublicKey().getEncoded());
                org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                        ec.getParams().getOrder().bitLength(), ec.getS(), pub.getPublicKeyData(),
                        info.getPrivateKeyAlgorithm().getParameters());
                return block("EC PRIVATE KEY", sec1.getEncoded());
            }
            if ("RSA".equals(key.getAlgorithm())) {
                return block("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
            return pkcs8;
        } catch (IOException e) {
            throw new IllegalArgumentException("private key cannot be re-encoded: " + e.getMessage(), e);
        }
    }

    /** The first certificate of a PEM text, which by convention is the leaf of a chain. */
    public static X509Certificate decodeCertificate(String pem) {
        return decodeCertificates(pem).get(0);
    }

    /** All certificates of a PEM text in order; other blocks (such as keys) are skipped. */
    public static List<X509Certificate> decodeCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : parseAll(pem, "certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("malformed certificate in PEM: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found in PEM text");
        }
        return List.copyOf(certificates);
    }

    /**
     * The first private key of a PEM text: PKCS#8 "PRIVATE KEY", SEC1 "EC PRIVATE KEY" (an
     * OpenSSL "EC PARAMETERS" block before it is fine) or PKCS#1 "RSA PRIVATE KEY".
     * Encrypted keys are refused, as there is no passphrase to decrypt them with.
     */
    public static PrivateKey decodePrivateKey(String pem) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : parseAll(pem, "private key")) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("malformed private key in PEM: " + e.getMessage(), e);
            }
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException("encrypted private keys are not supported; decrypt it first");
            }
        }
        throw new IllegalArgumentException("no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block found in PEM text");
    }

    private static List<Object> parseAll(String pem, String what) {
        Objects.requireNonNull(pem, "pem");
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // PEMParser reports bad base64 and bad DER as assorted runtime exceptions.
            throw new IllegalArgumentException("malformed PEM text for " + what + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + BASE64_LINES.encodeToString(der) + "\n"
                + "-----END " + type + "-----\n";
    }
}
