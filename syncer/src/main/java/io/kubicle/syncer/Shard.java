package io.kubicle.syncer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which workspaces this syncer owns when several split them: shard {@code index} of {@code count}
 * owns a workspace when the first bytes of the SHA-256 of its name, modulo {@code count}, equal
 * {@code index}. Every syncer computes the same answer, so the shards never overlap and cover all.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard must be I/N with 0 <= I < N, got " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard must be I/N (e.g. 0/3), got \"" + text + "\"");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be I/N (e.g. 0/3), got \"" + text + "\"", e);
        }
    }

    public boolean owns(String workspace) {
        if (count == 1) {
            return true;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(workspace.getBytes(StandardCharsets.UTF_8));
            long bucket = ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
            return bucket % count == index;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
