package io.kubicle.apiserver.api.openapi;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes one protobuf message field by field with proto3 rules: scalars equal to their default are
 * left out, nested messages are written whole (length-delimited), even when empty, because gnostic
 * tells "absent" from "empty" for messages such as {@code Properties}.
 *
 * <p>A nested message is written into this writer's child (one per depth, reused: the document has
 * hundreds of thousands of small messages) and then copied, length first, into its parent.
 */
final class SwaggerV2ProtoWriter {
    private final Buffer bytes = new Buffer();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes, 1 << 12);
    private SwaggerV2ProtoWriter child;

    /** The encoding of the message that {@code body} writes. */
    static byte[] encode(Consumer<SwaggerV2ProtoWriter> body) {
        SwaggerV2ProtoWriter writer = new SwaggerV2ProtoWriter();
        body.accept(writer);
        writer.flush();
        return writer.bytes.toByteArray();
    }

    void string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            element(field, value);
        }
    }

    /** One element of a repeated string: written even when empty, or the list would lose it. */
    void element(int field, String value) {
        io(() -> out.writeString(field, value));
    }

    void bool(int field, boolean value) {
        if (value) {
            io(() -> out.writeBool(field, true));
        }
    }

    /** A bool member of a oneof: written even when false, since being set is what it says. */
    void oneofBool(int field, boolean value) {
        io(() -> out.writeBool(field, value));
    }

    void int64(int field, long value) {
        if (value != 0) {
            io(() -> out.writeInt64(field, value));
        }
    }

    void dbl(int field, double value) {
        if (Double.doubleToRawLongBits(value) != 0) {
            io(() -> out.writeDouble(field, value));
        }
    }

    void message(int field, Consumer<SwaggerV2ProtoWriter> body) {
        if (child == null) {
            child = new SwaggerV2ProtoWriter();
        }
        SwaggerV2ProtoWriter nested = child;
        nested.bytes.reset();
        body.accept(nested);
        nested.flush();
        io(() -> {
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(nested.bytes.size());
            out.writeRawBytes(nested.bytes.array(), 0, nested.bytes.size());
        });
    }

    private void flush() {
        io(out::flush);
    }

    /** A ByteArrayOutputStream whose array can be copied from without a defensive copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(256);
        }

        byte[] array() {
            return buf;
        }

        @Override
        public byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
