package io.kubicle.syncer;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one JSON (de)serializer of the syncer, its clients' and informers' included, so its caches of model
 * (de)serializers are built once. Copies go through Jackson's token buffer, not through a JSON string.
 */
final class SyncerJson {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private SyncerJson() {
    }

    static String asJson(Object value) {
        return SERIALIZATION.asJson(value);
    }

    /** A deep copy as another (or the same) model type. */
    static <T> T convert(Object value, Class<T> type) {
        return SERIALIZATION.convertValue(value, type);
    }
}
