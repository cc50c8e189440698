package io.kubicle.certs;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Certificate authorities derived from one root secret: the authority for a label (say, workspace 42,
 * credential epoch 3) has an EC P-256 key computed as HMAC(root secret, label), so every server process
 * sharing the root CA arrives at the same key without storing or exchanging anything, and an idle
 * workspace costs no bytes for its CA. A new label (a rotation) means a new key: certificates of the
 * old label stop verifying, which is how credentials are revoked.
 *
 * <p>Only the key is deterministic; the self-signed certificate around it is rebuilt on demand (its
 * signature differs between builds, which nothing depends on: client certificates are checked against
 * the issuer's public key).
 */
public final class DerivedAuthorities {
    private static final Instant NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2100-01-01T00:00:00Z");
    private static final int CACHE_SIZE = 1024;

    private final byte[] secret;
    private final Map<String, CertificateAuthority> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CertificateAuthority> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /** Authorities derived from {@code root}'s private key (which never leaves this object). */
    public DerivedAuthorities(CertificateAuthority root) {
        Objects.requireNonNull(root, "root");
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("kubicle derived authorities v1".getBytes(StandardCharsets.US_ASCII));
            this.secret = sha.digest(root.privateKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** The authority named {@code label} (letters, digits and dashes); its certificate's CN is "kubicle-" + label. */
    public CertificateAuthority authority(String label) {
        if (!label.matches("[a-z0-9-]{1,200}")) {
            throw new IllegalArgumentException("authority labels are lower-case letters, digits and dashes: " + label);
        }
        synchronized (cache) {
            CertificateAuthority known = cache.get(label);
            if (known != null) {
                return known;
            }
        }
        KeyPair keys = derive(label);
        X509Certificate certificate = CertificateSigner.selfSignedAuthority("kubicle-" + label, keys, NOT_BEFORE, NOT_AFTER);
        CertificateAuthority made = CertificateAuthority.of(certificate, keys.getPrivate());
        synchronized (cache) {
            cache.put(label, made);
        }
        return made;
    }

    /** The label of the authority that issued {@code certificate}, if a derived authority did. */
    public static java.util.Optional<String> issuerLabel(X509Certificate certificate) {
        return SubjectNames.commonName(certificate.getIssuerX500Principal())
                .filter(cn -> cn.startsWith("kubicle-"))
                .map(cn -> cn.substring("kubicle-".length()));
    }

    /** The JDK's P-256 parameters (for its KeyFactory, which makes the derived keys), looked up once. */
    private static final class P256 {
        static final ECParameterSpec PARAMETERS = lookup();

        private static ECParameterSpec lookup() {
            try {
                AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                parameters.init(new ECGenParameterSpec("secp256r1"));
                return parameters.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks the P-256 curve", e);
            }
        }
    }

    private KeyPair derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            X9ECParameters curve = ECNamedCurveTable.getByName("secp256r1");
            BigInteger order = curve.getN();
            // Expand to 64 bytes before reducing, so the scalar is uniform modulo the group order.
            byte[] first = mac.doFinal((label + "/1").getBytes(StandardCharsets.UTF_8));
            byte[] second = mac.doFinal((label + "/2").getBytes(StandardCharsets.UTF_8));
            byte[] wide = new byte[64];
            System.arraycopy(first, 0, wide, 0, 32);
            System.arraycopy(second, 0, wide, 32, 32);
            BigInteger d = new BigInteger(1, wide).mod(order.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            // the generator's comb table is computed once and kept with the curve: several times faster per derivation
            org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
            ECParameterSpec params = P256.PARAMETERS;
            KeyFactory factory = KeyFactory.getInstance("EC");
            return new KeyPair(
                    factory.generatePublic(new ECPublicKeySpec(new ECPoint(q.getAffineXCoord().toBigInteger(),
                            q.getAffineYCoord().toBigInteger()), params)),
                    factory.generatePrivate(new ECPrivateKeySpec(d, params)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive an EC P-256 key", e);
        }
    }
}
