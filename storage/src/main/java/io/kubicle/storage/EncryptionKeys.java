package io.kubicle.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM keys for bodies encrypted at rest. The first key encrypts; every key decrypts, so a
 * new key is rotated in by putting it first and re-encrypting ({@link PgStore#reencrypt()}).
 *
 * <p>Key file format, one key per line: {@code <id>:<base64 of 32 bytes>}; '#' starts a comment.
 * The object key is bound as additional authenticated data, so a row copied under another key
 * fails to decrypt instead of leaking into the wrong object.
 */
public final class EncryptionKeys {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String primaryId;
    private final Map<String, SecretKey> keys;

    private EncryptionKeys(Map<String, SecretKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("an encryption key file must hold at least one key");
        }
        this.keys = Map.copyOf(keys);
        this.primaryId = keys.keySet().iterator().next();
    }

    /** Reads a key file; the message of any failure names the file and the line. */
    public static EncryptionKeys load(Path file) throws IOException {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String where = file + " line " + (i + 1);
            if (colon <= 0) {
                throw new IllegalArgumentException(where + ": expected <key id>:<base64 key>");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(line.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": key is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException(where + ": key must be 32 bytes (AES-256), got " + raw.length);
            }
            String id = line.substring(0, colon).strip();
            if (keys.put(id, new SecretKeySpec(raw, "AES")) != null) {
                throw new IllegalArgumentException(where + ": duplicate key id " + id);
            }
        }
        return new EncryptionKeys(keys);
    }

    /** Writes a new key file with one random key (owner-only permissions) and returns its keys. */
    public static EncryptionKeys createFile(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keys", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system; the directory's permissions are all we have
        }
        Files.writeString(tmp, "# Kubicle encryption keys: first line encrypts, all decrypt.\n"
                + line("key-" + System.currentTimeMillis()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        return load(file);
    }

    /** A key file line holding a new random key. */
    public static String line(String id) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return id + ":" + Base64.getEncoder().encodeToString(raw) + "\n";
    }

    public String primaryId() {
        return primaryId;
    }

    /** Encrypts with the primary key: nonce followed by ciphertext and tag. */
    public byte[] encrypt(byte[] plaintext, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(primaryId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Decrypts a body sealed by {@link #encrypt}; fails loudly on an unknown key or tampering. */
    public byte[] decrypt(String keyId, byte[] data, String boundTo) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new StorageException.Unavailable("body of " + boundTo + " is encrypted with key \"" + keyId
                    + "\", which is not in the configured key file", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new StorageException.Unavailable("body of " + boundTo + " failed to decrypt with key \"" + keyId
                    + "\" (wrong key or tampered row)", e);
        }
    }

    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }
}
