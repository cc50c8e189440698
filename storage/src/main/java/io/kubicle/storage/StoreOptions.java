package io.kubicle.storage;

import java.time.Duration;
import java.util.Set;

/**
 * Tuning and policy of a {@link PgStore}.
 *
 * @param eventRetention how long changes stay replayable for watches and paged lists
 * @param compactionInterval how often history older than the retention is removed
 * @param encryptedResources "group/resource" names whose bodies are encrypted at rest (core group: "/secrets")
 * @param keys encryption keys; null stores every body in plaintext
 * @param poolSize connections in the pool
 */
public record StoreOptions(Duration eventRetention, Duration compactionInterval, Set<String> encryptedResources,
                           EncryptionKeys keys, int poolSize) {

    public static final Set<String> SECRETS = Set.of("/secrets");

    public StoreOptions {
        encryptedResources = Set.copyOf(encryptedResources);
        if (!encryptedResources.isEmpty() && keys == null) {
            throw new IllegalArgumentException("encrypted resources " + encryptedResources + " need encryption keys");
        }
    }

    public static StoreOptions defaults() {
        return new StoreOptions(Duration.ofMinutes(5), Duration.ofMinutes(1), Set.of(), null, 16);
    }

    public StoreOptions withEncryption(EncryptionKeys newKeys, Set<String> resources) {
        return new StoreOptions(eventRetention, compactionInterval, resources, newKeys, poolSize);
    }

    public StoreOptions withRetention(Duration retention, Duration interval) {
        return new StoreOptions(retention, interval, encryptedResources, keys, poolSize);
    }

    public StoreOptions withPoolSize(int size) {
        return new StoreOptions(eventRetention, compactionInterval, encryptedResources, keys, size);
    }

    boolean encrypts(String group, String resource) {
        return !encryptedResources.isEmpty() && encryptedResources.contains(group + "/" + resource);
    }
}
