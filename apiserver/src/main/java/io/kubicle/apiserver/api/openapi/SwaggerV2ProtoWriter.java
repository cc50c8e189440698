package io.kubicle.apiserver.api.openapi;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Writes one protobuf message field by field with proto3 rules: scalars equal to their default are
 * left out, nested messages are written whole (length-delimited), even when empty, because gnostic
 * tells "absent" from "empty" for messages such as {@code Properties}.
 */
final class SwaggerV2ProtoWriter {
    private final ByteString.Output bytes = ByteString.newOutput();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    /** The encoding of the message that {@code body} writes. */
    static ByteString encode(Consumer<SwaggerV2ProtoWriter> body) {
        SwaggerV2ProtoWriter writer = new SwaggerV2ProtoWriter();
        body.accept(writer);
        return writer.finish();
    }

    void string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            io(() -> out.writeString(field, value));
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
        if (value != 0 || Double.doubleToRawLongBits(value) != 0) {
            io(() -> out.writeDouble(field, value));
        }
    }

    void message(int field, Consumer<SwaggerV2ProtoWriter> body) {
        ByteString nested = encode(body);
        io(() -> out.writeBytes(field, nested));
    }

    private ByteString finish() {
        io(out::flush);
        return bytes.toByteString();
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
