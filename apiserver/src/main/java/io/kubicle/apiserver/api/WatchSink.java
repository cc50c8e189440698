package io.kubicle.apiserver.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;

/**
 * Where a watch's events go. kube-apiserver serves a watch either as a chunked body of JSON lines or,
 * when the client asks for a WebSocket upgrade, as one text message per event. fabric8 asks for the
 * upgrade first: a server that answers 200 with a stream instead leaves the JDK client's handshake
 * waiting for a body that never ends, so the upgrade has to be honoured.
 */
interface WatchSink {
    /** Makes the stream visible to the client before any event: clients wait for it to start their watch. */
    void open();

    void send(byte[] event);

    boolean full();

    void end();

    /** {@code onGone} runs once the client went away or the connection broke. */
    void onGone(Runnable onGone);

    /** An HTTP/1.1 GET asking for a WebSocket, as fabric8's watches do; HTTP/2 has no such upgrade. */
    static boolean wantsWebSocket(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return request.version() == HttpVersion.HTTP_1_1 && request.method() == io.vertx.core.http.HttpMethod.GET
                && upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** The chunked HTTP body: one JSON document per line. */
    final class Chunked implements WatchSink {
        private final HttpServerResponse response;

        Chunked(HttpServerResponse response) {
            this.response = response;
            response.setChunked(true).setStatusCode(200).putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-cache, private");
        }

        @Override
        public void open() {
            if (!response.headWritten()) {
                response.writeHead();
            }
        }

        @Override
        public void send(byte[] event) {
            response.write(Buffer.buffer(event.length + 1).appendBytes(event).appendByte((byte) '\n'));
        }

        @Override
        public boolean full() {
            return response.writeQueueFull();
        }

        @Override
        public void end() {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        }

        @Override
        public void onGone(Runnable onGone) {
            response.closeHandler(v -> onGone.run());
            response.exceptionHandler(e -> onGone.run());
        }
    }

    /** A WebSocket: one text message per event (kube-apiserver frames JSON as text). */
    final class WebSocket implements WatchSink {
        private final ServerWebSocket socket;

        WebSocket(ServerWebSocket socket) {
            this.socket = socket;
        }

        @Override
        public void open() {
            // the 101 answer already started the stream
        }

        @Override
        public void send(byte[] event) {
            socket.writeTextMessage(new String(event, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public boolean full() {
            return socket.writeQueueFull();
        }

        @Override
        public void end() {
            if (!socket.isClosed()) {
                socket.close();
            }
        }

        @Override
        public void onGone(Runnable onGone) {
            socket.closeHandler(v -> onGone.run());
            socket.exceptionHandler(e -> onGone.run());
            socket.handler(ignored -> { }); // clients send nothing on a watch; kube ignores what they do send
        }
    }
}
