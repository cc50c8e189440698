package io.kubicle.apiserver.api.openapi;

import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.api.Discovery;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves {@code GET /openapi/v2}: JSON by default, gnostic protobuf when asked for (client-go's
 * discovery does, and kubectl validates create-only kinds such as TokenReview with it). The
 * documents are built lazily on a worker thread and shared by every workspace serving the same
 * OpenAPI v3 documents; requests arriving during a build wait for it.
 */
public final class SwaggerV2Handler {
    /** kube-openapi also accepts this older spelling of {@link SwaggerV2Proto#MEDIA_TYPE}. */
    private static final String PROTOBUF_ALT = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    /**
     * What kube-apiserver's handler ends up sending for the protobuf (http.ServeContent sniffs it):
     * the "@" of the requested media type is not valid in a Content-Type, and client-go rejects it.
     */
    private static final String PROTOBUF_CONTENT_TYPE = "application/octet-stream";
    /** Distinct document sets kept: one per CRD mix in use, roughly; each holds a few MB. */
    private static final int CACHED = 8;

    private final Map<String, Future<SwaggerV2>> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Future<SwaggerV2>> eldest) {
            return size() > CACHED;
        }
    };

    public void serve(RoutingContext ctx, OpenApiV3 openapi) {
        String method = ctx.request().method().name();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw Statuses.methodNotAllowed(method);
        }
        boolean protobuf = SwaggerV2Negotiation.wantsProtobuf(ctx.request().getHeader("Accept"));
        document(ctx, openapi).onSuccess(doc -> {
            if (Discovery.notModified(ctx.request().getHeader("If-None-Match"), doc.etag())) {
                ctx.response().setStatusCode(304).putHeader("ETag", doc.etag()).end();
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", protobuf ? PROTOBUF_CONTENT_TYPE : "application/json")
                    .putHeader("ETag", doc.etag())
                    .putHeader("Cache-Control", "no-cache, private")
                    .putHeader("Vary", "Accept")
                    .end(Buffer.buffer(protobuf ? doc.protobuf() : doc.json()));
        }).onFailure(ctx::fail);
    }

    private Future<SwaggerV2> document(RoutingContext ctx, OpenApiV3 openapi) {
        String key = SwaggerV2.sourceKey(openapi);
        synchronized (cache) {
            Future<SwaggerV2> cached = cache.get(key);
            if (cached != null && !cached.failed()) {
                return cached;
            }
            Future<SwaggerV2> building = ctx.vertx().executeBlocking(() -> SwaggerV2.of(openapi), false);
            cache.put(key, building);
            return building;
        }
    }

    static boolean isProtobuf(String mediaType) {
        return mediaType.equals(SwaggerV2Proto.MEDIA_TYPE) || mediaType.equals(PROTOBUF_ALT);
    }
}
