package io.kubicle.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The host's kubelet as the container tests play it, over TLS: logs (five lines per container, {@code tailLines}
 * honoured, with {@code follow=true} a line every 100 ms until the reader goes; pod {@code bulk} a 16 MiB log), exec
 * and attach ({@link KubeletStreams}); port-forward is refused. Like a kubelet it requires a client certificate of its
 * cluster's CA (the host stand-in's), and records who asked for what.
 */
final class KubeletStandIn {
    static final int BULK_LINES = 16 * 1024 * 1024 / 20;

    /** What the kubelet stand-in was asked: the path and query, and the client certificate's subject. */
    final List<String> asked = new CopyOnWriteArrayList<>();
    final List<String> callers = new CopyOnWriteArrayList<>();
    final AtomicInteger openFollows = new AtomicInteger();
    private final Vertx vertx;
    private int port;

    private KubeletStandIn(Vertx vertx) {
        this.vertx = vertx;
    }

    static KubeletStandIn start(Vertx vertx, String clusterCaPem) {
        KubeletStandIn kubelet = new KubeletStandIn(vertx);
        SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())
                .setClientAuth(ClientAuth.REQUIRED).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(clusterCaPem)))
                .addWebSocketSubProtocol("v5.channel.k8s.io"));
        server.requestHandler(kubelet::serve);
        kubelet.port = server.listen(0, "127.0.0.1").await().actualPort();
        return kubelet;
    }

    int port() {
        return port;
    }

    /** 16 MiB of numbered lines: a long log arrives whole and in order through every hop. */
    static String bulkLog() {
        StringBuilder log = new StringBuilder(BULK_LINES * 20);
        for (int i = 0; i < BULK_LINES; i++) {
            log.append(String.format("bulk line %09d%n", i));
        }
        return log.toString();
    }

    private void serve(io.vertx.core.http.HttpServerRequest request) {
        asked.add(request.uri());
        try {
            callers.add(((X509Certificate) request.connection().peerCertificates().get(0)).getSubjectX500Principal().getName());
        } catch (Exception e) {
            callers.add("none");
        }
        String[] parts = request.path().split("/");
        if (parts.length == 5 && (parts[1].equals("exec") || parts[1].equals("attach"))) {
            List<String> command = request.params().getAll("command");
            request.toWebSocket().onSuccess(ws -> KubeletStreams.serve(ws, parts[1], parts[4], command));
            return;
        }
        if (parts.length == 4 && parts[1].equals("portForward")) {
            request.response().setStatusCode(400).end("port-forward is not played by this kubelet stand-in");
            return;
        }
        if (parts.length != 5 || !parts[1].equals("containerLogs")) {
            request.response().setStatusCode(404).end("no such path");
            return;
        }
        String who = parts[2] + "/" + parts[3] + "/" + parts[4];
        if (parts[3].equals("bulk")) {
            request.response().putHeader("Content-Type", "text/plain").end(Buffer.buffer(bulkLog()));
            return;
        }
        if ("true".equals(request.getParam("previous"))) {
            request.response().setStatusCode(400).end("previous terminated container \"" + parts[4] + "\" in pod \"web\" not found");
            return;
        }
        int tail = request.getParam("tailLines") == null ? 5 : Integer.parseInt(request.getParam("tailLines"));
        String lines = IntStream.rangeClosed(1, 5).skip(5 - Math.min(5, tail)).mapToObj(i -> "line " + i + " of " + who + "\n")
                .collect(Collectors.joining());
        if (!"true".equals(request.getParam("follow"))) {
            request.response().putHeader("Content-Type", "text/plain").end(lines);
            return;
        }
        openFollows.incrementAndGet();
        request.response().setChunked(true).putHeader("Content-Type", "text/plain").write(lines);
        AtomicInteger tick = new AtomicInteger();
        long timer = vertx.setPeriodic(100, id -> request.response().write("tick " + tick.incrementAndGet() + "\n"));
        request.connection().closeHandler(v -> {
            vertx.cancelTimer(timer);
            openFollows.decrementAndGet();
        });
    }
}
