package io.kubicle.certs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/**
 * Key generation and key/certificate matching. ECDSA P-256 everywhere Kubicle generates keys:
 * generation takes about a millisecond (RSA-2048 takes hundreds), and every TLS client kubectl
 * and client-go use supports it.
 */
final class KeyPairs {
    static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    static KeyPair generateEcP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", CryptoProvider.get());
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
        }
    }

    /** The signature algorithm a certificate signed with this key uses. */
    static String signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm()
                    + "; only EC and RSA keys can sign certificates");
        };
    }

    /**
     * Whether the private key belongs to the public key, proven by signing and verifying a
     * challenge: that works for every key type without comparing algorithm-specific parameters.
     */
    static boolean matches(PublicKey publicKey, PrivateKey privateKey) {
        if (!publicKey.getAlgorithm().equals(privateKey.getAlgorithm())
                && !(isEc(publicKey.getAlgorithm()) && isEc(privateKey.getAlgorithm()))) {
            return false;
        }
        try {
            byte[] challenge = "kubicle key match check".getBytes(StandardCharsets.US_ASCII);
            String algorithm = signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey, RANDOM);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isEc(String algorithm) {
        return "EC".equals(algorithm) || "ECDSA".equals(algorithm);
    }
}
