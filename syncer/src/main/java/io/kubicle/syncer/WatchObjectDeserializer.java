package io.kubicle.syncer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A watch event's {@code object}, read straight into its model class. fabric8 reads it into a JSON tree first, to
 * learn its kind, then converts the tree: every event the informers receive was parsed twice, and watch events were
 * a third of the syncer's profile samples in a burst of pods. Here the fields before {@code apiVersion} and
 * {@code kind} are buffered (API servers write those two first, so usually none are), the class is looked up as
 * fabric8 looks it up, and the rest is read from the stream. A kind fabric8 has no class for goes to fabric8's own
 * deserializer.
 */
final class WatchObjectDeserializer extends JsonDeserializer<Object> {
    private static final KubernetesDeserializer FABRIC8 = new KubernetesDeserializer(true);
    /** Each class's deserializer, found once: looking it up for every event was a tenth of the cost of reading it. */
    private final Map<Class<?>, JsonDeserializer<Object>> byClass = new ConcurrentHashMap<>();

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.START_OBJECT)) {
            return FABRIC8.deserialize(p, ctxt);
        }
        TokenBuffer head = ctxt.bufferForInputBuffering(p);
        head.writeStartObject();
        String apiVersion = null;
        String kind = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            head.writeFieldName(name);
            if (value == JsonToken.VALUE_STRING && ("apiVersion".equals(name) || "kind".equals(name))) {
                String text = p.getText();
                head.writeString(text);
                if ("kind".equals(name)) {
                    kind = text;
                } else {
                    apiVersion = text;
                }
                if (kind != null && apiVersion != null) {
                    Class<?> type = FABRIC8.getRegisteredKind(apiVersion, kind);
                    // the rest of the object comes from the stream, after what was buffered
                    JsonParser rest = JsonParserSequence.createFlattened(false, head.asParser(p), p);
                    rest.nextToken();
                    return type == null ? FABRIC8.deserialize(rest, ctxt) : deserializer(type, ctxt).deserialize(rest, ctxt);
                }
            } else {
                head.copyCurrentStructure(p);
            }
        }
        // the whole object went by without both: it is in the buffer, and fabric8 decides what it is
        head.writeEndObject();
        JsonParser whole = head.asParser(p);
        whole.nextToken();
        return FABRIC8.deserialize(whole, ctxt);
    }

    private JsonDeserializer<Object> deserializer(Class<?> type, DeserializationContext ctxt) throws IOException {
        JsonDeserializer<Object> found = byClass.get(type);
        if (found == null) {
            found = ctxt.findRootValueDeserializer(ctxt.constructType(type));
            byClass.put(type, found);
        }
        return found;
    }
}
