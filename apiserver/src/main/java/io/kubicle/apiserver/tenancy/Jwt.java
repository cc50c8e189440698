package io.kubicle.apiserver.tenancy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.certs.CryptoProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;

/**
 * Compact JWS with ES256 (RFC 7515/7518), the token format Kubernetes ServiceAccount tokens use, so
 * tools that decode them (jwt.io, kubectl plugins, workload identity brokers) read ours too.
 */
final class Jwt {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String ALGORITHM = "SHA256withPLAIN-ECDSA"; // the raw r||s form JWS requires (BouncyCastle's name)

    private Jwt() {
    }

    static String sign(ObjectNode claims, PrivateKey key, String keyId) {
        ObjectNode header = JSON.createObjectNode().put("alg", "ES256").put("kid", keyId);
        try {
            String signingInput = ENCODER.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer = Signature.getInstance(ALGORITHM, CryptoProvider.get());
            signer.initSign(key);
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + ENCODER.encodeToString(signer.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The claims of a well-formed ES256 token, unverified: callers need them to find the key. */
    static Optional<ObjectNode> claims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            if (!"ES256".equals(JSON.readTree(DECODER.decode(parts[0])).path("alg").asText())) {
                return Optional.empty();
            }
            return JSON.readTree(DECODER.decode(parts[1])) instanceof ObjectNode claims ? Optional.of(claims) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean verify(String token, PublicKey key) {
        int lastDot = token.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM, CryptoProvider.get());
            verifier.initVerify(key);
            verifier.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(DECODER.decode(token.substring(lastDot + 1)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
