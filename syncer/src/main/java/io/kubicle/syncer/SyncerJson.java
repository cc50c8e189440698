package io.kubicle.syncer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one JSON (de)serializer of the syncer, its clients' and informers' included, so its caches of model
 * (de)serializers are built once. Copies go through Jackson's token buffer, not through a JSON string.
 *
 * <p>It reads and writes objects without {@code metadata.managedFields}. The syncer never looks at them and never
 * sends them (an apply must not carry them; a write without them leaves the server's as they are), yet they are a
 * large part of every pod its informers hold, on both sides: the host's record every field the syncer applied.
 * Durations (a metrics {@code window}) it reads and writes as Go does ({@link GoDurations}). A watch event's object is
 * read in one pass, not through a JSON tree ({@link WatchObjectDeserializer}).
 */
final class SyncerJson {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(
            new ObjectMapper().addMixIn(ObjectMeta.class, WithoutManagedFields.class)
                    .addMixIn(io.fabric8.kubernetes.api.model.Duration.class, GoDurations.GoFormat.class)
                    .addMixIn(WatchEvent.class, StreamedWatchObject.class), true);

    @JsonIgnoreProperties({"managedFields"})
    private abstract static class WithoutManagedFields {
    }

    /** A watch event's object read in one pass ({@link WatchObjectDeserializer}). */
    private abstract static class StreamedWatchObject {
        @JsonDeserialize(using = WatchObjectDeserializer.class)
        private Object object;

        @JsonProperty("object")
        @JsonDeserialize(using = WatchObjectDeserializer.class)
        abstract void setObject(Object object);
    }

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
