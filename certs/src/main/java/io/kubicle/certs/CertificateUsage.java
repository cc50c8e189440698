package io.kubicle.certs;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What a leaf certificate may be used for. Kept to the two roles Kubicle needs so that a serving
 * certificate can never double as a client credential (and vice versa): the API server only
 * accepts client certificates carrying the clientAuth extended key usage.
 */
public enum CertificateUsage {
    /** TLS server: digitalSignature + keyEncipherment, extended key usage serverAuth. */
    SERVER(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, KeyPurposeId.id_kp_serverAuth),
    /** TLS client: digitalSignature, extended key usage clientAuth. */
    CLIENT(KeyUsage.digitalSignature, KeyPurposeId.id_kp_clientAuth);

    private final int keyUsageBits;
    private final KeyPurposeId extendedKeyUsage;

    CertificateUsage(int keyUsageBits, KeyPurposeId extendedKeyUsage) {
        this.keyUsageBits = keyUsageBits;
        this.extendedKeyUsage = extendedKeyUsage;
    }

    KeyUsage keyUsage() {
        return new KeyUsage(keyUsageBits);
    }

    ExtendedKeyUsage extendedKeyUsage() {
        return new ExtendedKeyUsage(extendedKeyUsage);
    }

    /** The extended key usage OID in the dotted form {@code X509Certificate} reports. */
    String extendedKeyUsageOid() {
        return extendedKeyUsage.getId();
    }
}
