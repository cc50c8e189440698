package io.kubicle.certs;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Subject distinguished names as Kubernetes reads them: CN is the user, every O is a group.
 * Each O gets its own RDN so the order of groups survives DER encoding (values inside one
 * multi-valued RDN are a SET and may be reordered).
 */
final class SubjectNames {
    private SubjectNames() {
    }

    static X500Name subject(String commonName, List<String> organizations) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        // Same attribute order as Go's pkix.Name, which Kubernetes tooling produces: O before CN.
        organizations.forEach(organization -> builder.addRDN(BCStyle.O, organization));
        if (!commonName.isEmpty()) {
            builder.addRDN(BCStyle.CN, commonName);
        }
        return builder.build();
    }

    static Optional<String> commonName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal());
    }

    static Optional<String> commonName(javax.security.auth.x500.X500Principal name) {
        List<String> names = values(name, BCStyle.CN);
        return names.isEmpty() ? Optional.empty() : Optional.of(names.get(0));
    }

    static List<String> organizations(X509Certificate certificate) {
        return values(certificate.getSubjectX500Principal(), BCStyle.O);
    }

    /** All values of one attribute type in encoding order, including those in multi-valued RDNs. */
    private static List<String> values(javax.security.auth.x500.X500Principal name, ASN1ObjectIdentifier type) {
        X500Name subject = X500Name.getInstance(name.getEncoded());
        List<String> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type)) {
                    values.add(text(attribute.getValue()));
                }
            }
        }
        return List.copyOf(values);
    }

    private static String text(ASN1Encodable value) {
        if (value instanceof ASN1String string) {
            return string.getString();
        }
        throw new IllegalArgumentException("subject attribute is not a string: " + value);
    }
}
