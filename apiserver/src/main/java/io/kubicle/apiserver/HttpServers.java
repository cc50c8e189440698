package io.kubicle.apiserver;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The API's listeners: one HTTP server per core, all on one port. A Vert.x server handles its
 * connections on the one event loop it was created on; servers sharing a port get the connections
 * dealt out among their event loops, so TLS, decoding, validation and encoding use every core.
 */
final class HttpServers {
    private final Vertx vertx;
    private final String deployment;
    private final int actualPort;

    private HttpServers(Vertx vertx, String deployment, int actualPort) {
        this.vertx = vertx;
        this.deployment = deployment;
        this.actualPort = actualPort;
    }

    /** Listens with {@code count} servers on the options' port; port 0 means one free port that all of them share. */
    static Future<HttpServers> listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler,
                                      int count) {
        // Vert.x gives servers bound to the same negative port one shared random port (port 0 would give each its own)
        HttpServerOptions shared = new HttpServerOptions(options).setPort(options.getPort() == 0 ? -1 : options.getPort());
        AtomicReference<HttpServer> one = new AtomicReference<>();
        return vertx.deployVerticle(() -> new Listener(shared, handler, one), new DeploymentOptions().setInstances(count))
                .map(id -> new HttpServers(vertx, id, one.get().actualPort()));
    }

    int actualPort() {
        return actualPort;
    }

    /** Stops listening: undeploying the listeners closes their servers. */
    Future<Void> close() {
        return vertx.undeploy(deployment);
    }

    /** One server on its own event loop. */
    private static final class Listener extends VerticleBase {
        private final HttpServerOptions options;
        private final Handler<HttpServerRequest> handler;
        private final AtomicReference<HttpServer> one;

        Listener(HttpServerOptions options, Handler<HttpServerRequest> handler, AtomicReference<HttpServer> one) {
            this.options = options;
            this.handler = handler;
            this.one = one;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).requestHandler(handler).listen().onSuccess(one::set);
        }
    }
}
