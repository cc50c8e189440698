package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubicle.apiserver.api.proto.KindRegistry;
import io.kubicle.apiserver.api.proto.KubeJson;
import java.util.Locale;

/**
 * Request bodies sent as {@code application/vnd.kubernetes.protobuf}, as kubectl's typed clients and
 * helm do (see COMPATIBILITY.md item 2), turned into the JSON tree a JSON client would have sent.
 *
 * <p>The wire form is the 4 bytes {@code k8s\0} followed by a runtime.Unknown message:
 * {@code {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType}}, where {@code raw} is the
 * kind's own protobuf message (the generated classes of io.kubernetes:client-java-proto describe it).
 */
public final class ProtobufBodies {
    private ProtobufBodies() {
    }

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    /** Envelopes inside RawExtensions inside envelopes: client-go nests one level (List, WatchEvent). */
    private static final int MAX_NESTING = 4;

    /** Whether a Content-Type header names the Kubernetes protobuf media type (parameters and case ignored). */
    public static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
    }

    /**
     * Decodes an enveloped protobuf body into a JSON object with {@code apiVersion} and {@code kind}
     * from the envelope and the object's fields named and formatted as Kubernetes JSON.
     *
     * @throws IllegalArgumentException if the body is not an envelope, is truncated or malformed, or
     *     holds a kind we have no protobuf description of; the message says what to do
     */
    public static ObjectNode decode(byte[] body) {
        return decode(body, 0);
    }

    /**
     * Builds the protobuf descriptors of all built-in kinds (about a second), so that the first
     * protobuf request does not wait for it. Optional.
     */
    public static void preload() {
        KindRegistry.instance();
    }

    private static ObjectNode decode(byte[] body, int depth) {
        if (depth > MAX_NESTING) {
            throw new IllegalArgumentException("protobuf objects nested more than " + MAX_NESTING
                + " deep in the request body; send JSON instead");
        }
        if (body == null || body.length < MAGIC.length || body[0] != MAGIC[0] || body[1] != MAGIC[1]
            || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw new IllegalArgumentException("the " + MEDIA_TYPE + " body does not start with the"
                + " Kubernetes protobuf prefix \"k8s\\x00\"; send the object as application/json instead");
        }
        // DynamicMessage, not the generated parsers: client-java-proto's gencode predates protobuf 22 and
        // protobuf-java warns that parsing with it is open to a denial of service (GHSA-h4h5-3hr4-j3g2).
        DynamicMessage envelope;
        try {
            envelope = DynamicMessage.parseFrom(Runtime.Unknown.getDescriptor(),
                ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw malformed("envelope", e);
        }
        Message typeMeta = (Message) field(envelope, "typeMeta");
        String apiVersion = (String) field(typeMeta, "apiVersion");
        String kind = (String) field(typeMeta, "kind");
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new IllegalArgumentException("the protobuf envelope names no apiVersion and kind"
                + " (apiVersion \"" + apiVersion + "\", kind \"" + kind + "\"); send JSON instead");
        }
        String contentEncoding = (String) field(envelope, "contentEncoding");
        if (!contentEncoding.isEmpty()) {
            throw new IllegalArgumentException("protobuf content encoding \"" + contentEncoding
                + "\" is not supported; send JSON instead");
        }
        String contentType = (String) field(envelope, "contentType");
        if (!contentType.isEmpty() && !isProtobuf(contentType)) {
            throw new IllegalArgumentException("the protobuf envelope carries " + contentType
                + " content, which is not supported; send JSON instead");
        }
        Descriptor descriptor = KindRegistry.instance().find(apiVersion, kind)
            .orElseThrow(() -> new IllegalArgumentException(
                "no protobuf decoder for " + apiVersion + " " + kind + "; send JSON instead"));
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(descriptor, (ByteString) field(envelope, "raw"));
        } catch (InvalidProtocolBufferException e) {
            throw malformed(apiVersion + " " + kind, e);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("apiVersion", apiVersion);
        out.put("kind", kind);
        out.setAll(new KubeJson(nested -> decode(nested, depth + 1)).object(message));
        return out;
    }

    /** A field's value, or its default when unset (getField gives defaults for unset singular fields). */
    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static IllegalArgumentException malformed(String what, InvalidProtocolBufferException e) {
        return new IllegalArgumentException("malformed protobuf " + what + " in the request body ("
            + e.getMessage() + "); send JSON instead", e);
    }
}
