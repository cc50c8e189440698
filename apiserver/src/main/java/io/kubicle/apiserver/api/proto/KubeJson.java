package io.kubicle.apiserver.api.proto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a decoded Kubernetes protobuf message as the JSON a Go client would have sent for the same
 * object: JSON names, omitempty, Time as RFC 3339, Quantity and IntOrString in their short forms,
 * RawExtension and FieldsV1 as the JSON they carry, []byte as base64, ExtraValue as an array.
 * See {@link GoFieldRules} for which zero values are kept.
 */
public final class KubeJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    private static final String APIEXT = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.";

    private final Function<byte[], JsonNode> nestedEnvelope;

    /**
     * @param nestedEnvelope decodes a RawExtension whose bytes are themselves a protobuf envelope
     *     ({@code k8s\0...}), as client-go writes nested objects of WatchEvent and List
     */
    public KubeJson(Function<byte[], JsonNode> nestedEnvelope) {
        this.nestedEnvelope = nestedEnvelope;
    }

    /** The JSON object for a whole message (never one of the special scalar-like types). */
    public ObjectNode object(Message message) {
        return object(message, "");
    }

    private void writeFields(Message message, ObjectNode out, String path) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            GoFieldRules.Rule rule = GoFieldRules.of(field);
            String name = rule.jsonName();
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            if (field.isMapField()) {
                if (message.getRepeatedFieldCount(field) > 0) {
                    out.set(name, map(field, message, fieldPath));
                }
            } else if (field.isRepeated()) {
                int n = message.getRepeatedFieldCount(field);
                if (n > 0) {
                    ArrayNode array = out.putArray(name);
                    for (int i = 0; i < n; i++) {
                        array.add(element(field, message.getRepeatedField(field, i), fieldPath + "[" + i + "]"));
                    }
                }
            } else if (message.hasField(field)) {
                Object value = message.getField(field);
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    if (rule.inline()) {
                        writeFields((Message) value, out, path);
                    } else {
                        JsonNode node = message((Message) value, fieldPath);
                        if (node != null) {
                            out.set(name, node);
                        }
                    }
                } else if (rule.pointer() || !isZero(value)) {
                    out.set(name, scalar(field, value));
                }
            }
        }
    }

    private ObjectNode map(FieldDescriptor field, Message message, String path) {
        Descriptor entry = field.getMessageType();
        FieldDescriptor keyField = entry.findFieldByName("key");
        FieldDescriptor valueField = entry.findFieldByName("value");
        Map<String, JsonNode> sorted = new TreeMap<>(); // encoding/json sorts map keys
        int n = message.getRepeatedFieldCount(field);
        for (int i = 0; i < n; i++) {
            Message e = (Message) message.getRepeatedField(field, i);
            String key = String.valueOf(e.getField(keyField));
            sorted.put(key, element(valueField, e.getField(valueField), path + "[" + key + "]"));
        }
        ObjectNode out = NODES.objectNode();
        sorted.forEach(out::set);
        return out;
    }

    /** An element of a list or a value of a map: zero values stay, a null message becomes JSON null. */
    private JsonNode element(FieldDescriptor field, Object value, String path) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            JsonNode node = message((Message) value, path);
            return node == null ? NODES.nullNode() : node;
        }
        return scalar(field, value);
    }

    /** A message field's JSON, or null when Go would write JSON null (then the field is left out). */
    private JsonNode message(Message m, String path) {
        String type = m.getDescriptorForType().getFullName();
        switch (type) {
            case META + "Time": {
                long seconds = (Long) get(m, "seconds", 0L);
                return !has(m, "seconds") || seconds == GoFormats.GO_ZERO_TIME_SECONDS ? null
                    : NODES.textNode(GoFormats.time(seconds));
            }
            case META + "MicroTime": {
                long seconds = (Long) get(m, "seconds", 0L);
                int nanos = (Integer) get(m, "nanos", 0);
                boolean zero = !has(m, "seconds") && !has(m, "nanos")
                    || seconds == GoFormats.GO_ZERO_TIME_SECONDS && nanos == 0;
                return zero ? null : NODES.textNode(GoFormats.microTime(seconds, nanos));
            }
            case META + "Duration":
                return NODES.textNode(GoFormats.duration((Long) get(m, "duration", 0L)));
            case META + "FieldsV1":
                return raw(m, "Raw", path);
            case META + "Verbs":
                return strings(m, "items");
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
            case "k8s.io.apimachinery.pkg.api.resource.QuantityValue": {
                String s = (String) get(m, "string", "");
                return NODES.textNode(s.isEmpty() ? "0" : s);
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return (Long) get(m, "type", 0L) == 1L ? NODES.textNode((String) get(m, "strVal", ""))
                    : NODES.numberNode((Integer) get(m, "intVal", 0));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
                return raw(m, "raw", path);
            default:
                break;
        }
        if (type.endsWith(".ExtraValue")) {
            return strings(m, "items");
        }
        if (type.startsWith(APIEXT)) {
            String simple = m.getDescriptorForType().getName();
            switch (simple) {
                case "JSON":
                    return raw(m, "raw", path);
                case "JSONSchemaPropsOrBool":
                    return has(m, "schema") ? message((Message) get(m, "schema", null), path)
                        : NODES.booleanNode((Boolean) get(m, "allows", false));
                case "JSONSchemaPropsOrArray":
                    return count(m, "jSONSchemas") > 0 ? list(m, "jSONSchemas", path) : optional(m, "schema", path);
                case "JSONSchemaPropsOrStringArray":
                    return count(m, "property") > 0 ? strings(m, "property") : optional(m, "schema", path);
                default:
                    break;
            }
        }
        return object(m, path);
    }

    private ObjectNode object(Message m, String path) {
        ObjectNode out = NODES.objectNode();
        writeFields(m, out, path);
        return out;
    }

    private JsonNode optional(Message m, String field, String path) {
        return has(m, field) ? message((Message) get(m, field, null), path) : null;
    }

    private JsonNode list(Message m, String field, String path) {
        FieldDescriptor fd = m.getDescriptorForType().findFieldByName(field);
        ArrayNode array = NODES.arrayNode();
        for (Object item : (List<?>) m.getField(fd)) {
            array.add(element(fd, item, path));
        }
        return array;
    }

    private static ArrayNode strings(Message m, String field) {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (List<?>) m.getField(m.getDescriptorForType().findFieldByName(field))) {
            array.add((String) item);
        }
        return array;
    }

    /** Embedded JSON bytes (RawExtension, FieldsV1, apiextensions JSON); empty is JSON null. */
    private JsonNode raw(Message m, String field, String path) {
        byte[] bytes = ((ByteString) get(m, field, ByteString.EMPTY)).toByteArray();
        if (bytes.length == 0) {
            return null;
        }
        if (bytes.length >= 4 && bytes[0] == 'k' && bytes[1] == '8' && bytes[2] == 's' && bytes[3] == 0) {
            return nestedEnvelope.apply(bytes);
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("field " + path + " should hold JSON but does not: "
                + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("field " + path + " could not be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode scalar(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case INT:
                return NODES.numberNode((Integer) value);
            case LONG:
                return integer((Long) value);
            case FLOAT:
            case DOUBLE: {
                double d = ((Number) value).doubleValue();
                // encoding/json writes 2.0 as 2; a JSON parser then reads an integer
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? integer((long) d) : NODES.numberNode(d);
            }
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case STRING:
                return NODES.textNode((String) value);
            case BYTE_STRING:
                return NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM:
                return NODES.textNode(String.valueOf(value));
            default:
                throw new IllegalStateException("unexpected scalar type " + field.getJavaType() + " of " + field);
        }
    }

    /** The node a JSON parser makes of the number: an int when it fits, else a long. */
    private static JsonNode integer(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    private static boolean isZero(Object value) {
        if (value instanceof String) {
            return ((String) value).isEmpty();
        } else if (value instanceof Boolean) {
            return !((Boolean) value);
        } else if (value instanceof Number) {
            return ((Number) value).doubleValue() == 0;
        } else if (value instanceof ByteString) {
            return ((ByteString) value).isEmpty();
        }
        return false;
    }

    private static boolean has(Message m, String field) {
        return m.hasField(m.getDescriptorForType().findFieldByName(field));
    }

    private static int count(Message m, String field) {
        return m.getRepeatedFieldCount(m.getDescriptorForType().findFieldByName(field));
    }

    private static Object get(Message m, String field, Object otherwise) {
        FieldDescriptor fd = m.getDescriptorForType().findFieldByName(field);
        return fd == null || !m.hasField(fd) ? otherwise : m.getField(fd);
    }
}
