package io.kubicle.syncer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic host names for tenant things. A host namespace is {@code kc-<ws>-<ns>-<hash>}: the
 * hash covers the (workspace, namespace) pair, because workspace and namespace names may both contain
 * dashes ("a-b"/"c" and "a"/"b-c" must not meet), and the readable part is cut so the whole stays a
 * 63-character DNS label.
 */
public final class HostNames {
    static final int MAX_LABEL = 63;
    private static final int HASH_CHARS = 8;

    private HostNames() {
    }

    /** The host namespace for tenant namespace {@code namespace} of workspace {@code workspace}. */
    public static String namespace(String workspace, String namespace) {
        return readableWithHash("kc-" + workspace + "-" + namespace, workspace + "/" + namespace);
    }

    /**
     * The host namespace of a workspace's own DNS server ({@link TenantDns}). It starts {@code kcdns-}, which no tenant
     * namespace's host namespace ({@code kc-...}) can, so no tenant namespace name can take it.
     */
    public static String dnsNamespace(String workspace) {
        return readableWithHash("kcdns-" + workspace, "dns:" + workspace);
    }

    /** The ledger ConfigMap of a workspace, in {@link SyncLabels#LEDGER_NAMESPACE}. */
    public static String ledger(String workspace) {
        return readableWithHash("ws-" + workspace, workspace);
    }

    /** Label values are at most 63 characters; longer workspace or namespace names are hashed the same way. */
    public static String labelValue(String value) {
        return value.length() <= MAX_LABEL ? value : readableWithHash(value, value);
    }

    /**
     * Names already made: every pass names its host namespace and its workspace's DNS namespace, and a SHA-256 each time
     * was a few per cent of the syncer's CPU in a burst. Emptied when large (namespaces come and go).
     */
    private static final java.util.Map<String, String> MADE = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_MADE = 65_536;

    private static String readableWithHash(String readable, String identity) {
        String key = readable + '\n' + identity;
        String made = MADE.get(key);
        if (made == null) {
            if (MADE.size() >= MAX_MADE) {
                MADE.clear();
            }
            made = make(readable, identity);
            MADE.put(key, made);
        }
        return made;
    }

    private static String make(String readable, String identity) {
        String hash = sha256Hex(identity).substring(0, HASH_CHARS);
        int room = MAX_LABEL - HASH_CHARS - 1;
        String head = readable.length() <= room ? readable : readable.substring(0, room);
        while (head.endsWith("-") || head.endsWith(".")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + hash;
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
