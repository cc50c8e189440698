package io.kubicle.certs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: OpenSSL-made PEM fixtures and SAN extraction. */
final class Fixtures {
    private Fixtures() {
    }

    /** A PEM file made by the openssl CLI, so decoding is checked against another implementation. */
    static String openssl(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SAN values of one type (2 = DNS, 7 = IP) as the JDK reports them. */
    static List<String> alternativeNames(X509Certificate certificate, int type) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> name : certificate.getSubjectAlternativeNames()) {
                if ((Integer) name.get(0) == type) {
                    names.add((String) name.get(1));
                }
            }
        }
        return names;
    }
}
