package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.StoredObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The stored object behind a request's answer, so the reply can send the stored bytes with their resourceVersion
 * spliced in ({@link StoredJson}) instead of serializing the tree again: every create, update and patch paid a
 * serialization of the whole object for its answer, after one for storing it. Only core kinds (never converted)
 * are remembered, and only the very tree the handler returned is answered this way.
 */
final class StoredAnswer {
    private static final String KEY = "kubicle.storedAnswer";

    private record Entry(ObjectNode tree, StoredObject stored) {
    }

    private StoredAnswer() {
    }

    /** {@code tree} is {@code stored} as the client sees it; yields {@code tree}. */
    static ObjectNode remember(ApiCall call, ObjectNode tree, StoredObject stored) {
        if (call.type().group().isEmpty()) {
            call.ctx().put(KEY, new Entry(tree, stored));
        }
        return tree;
    }

    /** The bytes to send for {@code answer}, or null when it is not a remembered tree (the caller serializes it). */
    static byte[] bytes(RoutingContext ctx, ObjectNode answer) {
        Entry entry = ctx.get(KEY);
        if (entry == null || entry.tree() != answer) {
            return null;
        }
        return StoredJson.withResourceVersion(entry.stored().body(), entry.stored().resourceVersion());
    }
}
