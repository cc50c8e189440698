package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host credential from a kubeconfig exec plugin (as on EKS or GKE) expires; the syncer's own connections to the host
 * (logs, exec, proxies) run the plugin again when the host answers 401, and send the request once more.
 */
class HostConnectionTest {
    @TempDir
    Path dir;
    Vertx vertx;
    HttpServer host;
    final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        host = vertx.createHttpServer().requestHandler(request -> {
            seen.add(request.getHeader("Authorization"));
            boolean fresh = "Bearer token-2".equals(request.getHeader("Authorization"));
            request.response().setStatusCode(fresh ? 200 : 401).end(fresh ? "ok" : "expired");
        }).listen(0, "127.0.0.1").await();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** A kubeconfig whose user is an exec plugin handing out token-1, token-2, ... one per run. */
    Path kubeconfig() throws Exception {
        Path counter = dir.resolve("runs");
        Path plugin = dir.resolve("get-token.sh");
        Files.writeString(plugin, """
                #!/bin/sh
                n=$(cat %1$s 2>/dev/null || echo 0); n=$((n+1)); echo $n > %1$s
                echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"token-'$n'"}}'
                """.formatted(counter));
        Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("host.kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: host, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: syncer, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: %s, interactiveMode: Never}}}]
                contexts: [{name: host, context: {cluster: host, user: syncer}}]
                current-context: host
                """.formatted(host.actualPort(), plugin));
        return file;
    }

    /**
     * Runs {@code exchange} as the syncer does, on an event loop: a response's body is read in the same turn it arrives
     * (from a test thread the body could come and go before its handler is set).
     */
    private String onEventLoop(java.util.function.Supplier<Future<String>> exchange) {
        Promise<String> answer = Promise.promise();
        vertx.runOnContext(v -> exchange.get().onComplete(answer));
        return answer.future().await();
    }

    @Test
    void anExpiredPluginTokenIsRefreshedAndTheRequestSentAgain() throws Exception {
        HostConnection connection = HostConnection.of(SyncerCommand.kubeconfig(kubeconfig()));
        assertEquals("Bearer token-1", connection.authorization());
        HttpClient client = vertx.createHttpClient(connection.options());
        RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(connection.baseUrl() + "/api/v1/namespaces/a/pods/p/log");
        String answer = onEventLoop(() -> connection.exchange(vertx, client, get, true, r -> r.send())
                .compose(a -> a.body().map(body -> a.statusCode() + " " + body)));
        assertEquals("200 ok", answer);
        assertEquals(List.of("Bearer token-1", "Bearer token-2"), seen);
        assertEquals("Bearer token-2", connection.authorization(), "the fresh token is kept for the next request");
    }

    /** A request whose body has gone to the host cannot be sent again: its 401 goes back as it came. */
    @Test
    void aRequestThatCannotBeReplayedGetsItsAnswer() throws Exception {
        HostConnection connection = HostConnection.of(SyncerCommand.kubeconfig(kubeconfig()));
        HttpClient client = vertx.createHttpClient(connection.options());
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(connection.baseUrl() + "/x");
        String answer = onEventLoop(() -> connection.exchange(vertx, client, post, false, r -> r.send("body"))
                .compose(a -> a.body().map(body -> a.statusCode() + " " + body)));
        assertEquals("401 expired", answer);
        assertEquals(List.of("Bearer token-1"), seen);
    }
}
