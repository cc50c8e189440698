package io.kubicle.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.storage.Workspace;
import io.kubicle.storage.Workspaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-cluster routing step alone: which path a request continues with, and when the workspaces are listed. */
class CredentialWorkspaceRoutingTest {
    static Vertx vertx;
    static HttpServer server;
    static final AtomicInteger listings = new AtomicInteger();
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Workspaces workspaces = (Workspaces) Proxy.newProxyInstance(Workspaces.class.getClassLoader(), new Class<?>[] {Workspaces.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("listWorkspaces")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    listings.incrementAndGet();
                    return Future.succeededFuture(List.of(new Workspace(7, "team-a", 1, Instant.EPOCH, "{}", "{}")));
                });
        Router router = Router.router(vertx);
        router.route().handler(new CredentialWorkspaceRouting(new WorkspaceDirectory(workspaces)));
        // echoes what the rest of the router sees: path and query
        router.route().handler(ctx -> ctx.response().end(ctx.normalizedPath() + " " + ctx.request().query()
                + " " + ctx.queryParams().get("limit")));
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    static String get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A JWT-shaped token with these claims (unsigned: the routing step never trusts it, the authenticator checks it). */
    static String token(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void aTokenNamingAWorkspaceWithoutPrefixIsServedUnderThatWorkspace() throws Exception {
        String token = token("{\"kubicle.io/workspace\":7}");
        assertEquals("/clusters/team-a/api/v1/namespaces/default/pods limit=500 500",
                get("/api/v1/namespaces/default/pods?limit=500", token));
        assertEquals("/clusters/team-a/apis null null", get("/apis", token));
    }

    @Test
    void everythingElseKeepsItsPath() throws Exception {
        assertEquals("/api/v1/pods null null", get("/api/v1/pods", null));
        assertEquals("/api/v1/pods null null", get("/api/v1/pods", "not-a-jwt"));
        assertEquals("/api/v1/pods null null", get("/api/v1/pods", token("{\"sub\":\"x\"}")));
        // a prefix is never replaced: a token of one workspace at another's prefix stays there (and gets its 401)
        assertEquals("/clusters/team-b/api null null", get("/clusters/team-b/api", token("{\"kubicle.io/workspace\":7}")));
    }

    @Test
    void unknownIdsListTheWorkspacesAtMostOnceEveryTwoSeconds() throws Exception {
        get("/api", token("{\"kubicle.io/workspace\":7}")); // team-a known from here on
        Thread.sleep(2100); // past any listing the other tests caused
        int before = listings.get();
        for (int i = 0; i < 5; i++) {
            assertEquals("/api null null", get("/api", token("{\"kubicle.io/workspace\":" + (1000 + i) + "}")));
        }
        assertEquals(1, listings.get() - before, "one listing for five made-up ids in a row");
    }
}
