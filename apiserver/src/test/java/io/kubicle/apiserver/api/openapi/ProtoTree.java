package io.kubicle.apiserver.api.openapi;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schema-less protobuf decoder for tests: the fields of one message by number, nested messages
 * decoded on demand. Decoding our bytes independently of the encoder checks the wire format.
 */
final class ProtoTree {
    private final Map<Integer, List<Object>> fields = new LinkedHashMap<>();

    static ProtoTree parse(ByteString bytes) {
        ProtoTree tree = new ProtoTree();
        CodedInputStream in = bytes.newCodedInput();
        try {
            while (!in.isAtEnd()) {
                int tag = in.readTag();
                int field = WireFormat.getTagFieldNumber(tag);
                Object value = switch (WireFormat.getTagWireType(tag)) {
                    case WireFormat.WIRETYPE_VARINT -> in.readInt64();
                    case WireFormat.WIRETYPE_FIXED64 -> in.readDouble();
                    case WireFormat.WIRETYPE_LENGTH_DELIMITED -> in.readBytes();
                    case WireFormat.WIRETYPE_FIXED32 -> in.readFixed32();
                    default -> throw new IllegalStateException("unexpected wire type in tag " + tag);
                };
                tree.fields.computeIfAbsent(field, f -> new ArrayList<>()).add(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    static ProtoTree parse(byte[] bytes) {
        return parse(ByteString.copyFrom(bytes));
    }

    boolean has(int field) {
        return fields.containsKey(field);
    }

    List<Object> raw(int field) {
        return fields.getOrDefault(field, List.of());
    }

    String string(int field) {
        List<Object> values = raw(field);
        return values.isEmpty() ? "" : ((ByteString) values.get(values.size() - 1)).toStringUtf8();
    }

    List<String> strings(int field) {
        return raw(field).stream().map(v -> ((ByteString) v).toStringUtf8()).toList();
    }

    long varint(int field) {
        List<Object> values = raw(field);
        return values.isEmpty() ? 0 : (Long) values.get(values.size() - 1);
    }

    double dbl(int field) {
        List<Object> values = raw(field);
        return values.isEmpty() ? 0 : (Double) values.get(values.size() - 1);
    }

    ProtoTree message(int field) {
        List<Object> values = raw(field);
        if (values.isEmpty()) {
            throw new AssertionError("no field " + field + " in " + fields.keySet());
        }
        return parse((ByteString) values.get(values.size() - 1));
    }

    List<ProtoTree> messages(int field) {
        return raw(field).stream().map(v -> parse((ByteString) v)).toList();
    }

    /** The value (field 2) of the Named* entry (name in field 1) called {@code name}, in repeated {@code field}. */
    ProtoTree named(int field, String name) {
        for (ProtoTree entry : messages(field)) {
            if (entry.string(1).equals(name)) {
                return entry.message(2);
            }
        }
        throw new AssertionError("no entry " + name + " in field " + field);
    }

    List<String> names(int field) {
        return messages(field).stream().map(e -> e.string(1)).toList();
    }
}
