package io.kubicle.e2e;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The kubelet's side of exec and attach as a test plays it, in the WebSocket protocol {@code v5.channel.k8s.io}
 * kubectl speaks: each message starts with its channel (0 stdin, 1 stdout, 3 the closing Status, 255 a stream
 * closed). Commands: {@code echo ARGS} prints them, {@code cat} copies stdin to stdout until stdin closes,
 * {@code false} ends with exit code 1; attach prints which container it attached to.
 */
final class KubeletStreams {
    private static final byte STDIN = 0;
    private static final byte STDOUT = 1;
    private static final byte ERROR = 3;
    private static final int CLOSE = 255;

    private KubeletStreams() {
    }

    static void serve(ServerWebSocket ws, String kind, String container, List<String> command) {
        if (kind.equals("attach")) {
            ws.writeBinaryMessage(frame(STDOUT, "attached to " + container + "\n"));
            end(ws, "{\"metadata\":{},\"status\":\"Success\"}");
            return;
        }
        switch (command.isEmpty() ? "" : command.get(0)) {
            case "echo" -> {
                ws.writeBinaryMessage(frame(STDOUT, String.join(" ", command.subList(1, command.size())) + "\n"));
                end(ws, "{\"metadata\":{},\"status\":\"Success\"}");
            }
            case "cat" -> ws.binaryMessageHandler(message -> {
                if (message.getByte(0) == STDIN) {
                    ws.writeBinaryMessage(frame(STDOUT, message.getString(1, message.length(), StandardCharsets.UTF_8.name())));
                } else if ((message.getByte(0) & 0xff) == CLOSE && message.getByte(1) == STDIN) {
                    end(ws, "{\"metadata\":{},\"status\":\"Success\"}");
                }
            });
            default -> end(ws, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code:"
                    + " exit status 1\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"1\"}]}}");
        }
    }

    private static void end(ServerWebSocket ws, String status) {
        ws.writeBinaryMessage(frame(ERROR, status)).onComplete(v -> ws.close());
    }

    private static Buffer frame(byte channel, String text) {
        return Buffer.buffer(new byte[] {channel}).appendString(text);
    }
}
