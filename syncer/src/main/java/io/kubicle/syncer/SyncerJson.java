package io.kubicle.syncer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one JSON (de)serializer of the syncer, its clients' and informers' included. Every event of every watched
 * object passes through it; Blackbird replaces Jackson's reflective setters with generated ones.
 */
final class SyncerJson {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
            new ObjectMapper().registerModule(new BlackbirdModule()), true);

    private SyncerJson() {
    }

    static String asJson(Object value) {
        return SERIALIZATION.asJson(value);
    }

    /** A deep copy as another (or the same) model type, without going through a string. */
    static <T> T convert(Object value, Class<T> type) {
        return SERIALIZATION.convertValue(value, type);
    }
}
