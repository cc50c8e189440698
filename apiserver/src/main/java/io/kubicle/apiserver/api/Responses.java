package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.Statuses;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;

/**
 * Writes API responses. We always answer JSON; a client that accepts only protobuf gets 406. Also
 * works out whether a client asked for a Table or for metadata only (kubectl get, metadata informers).
 */
public final class Responses {
    private Responses() {
    }

    /** What shape of answer the Accept header asks for. */
    public enum Shape { OBJECT, TABLE, PARTIAL_METADATA }

    public static Shape shape(String accept) {
        if (accept == null || accept.isBlank()) {
            return Shape.OBJECT;
        }
        boolean jsonAcceptable = false;
        for (String clause : accept.split(",")) {
            String c = clause.strip().toLowerCase(Locale.ROOT);
            String media = Bodies.mediaType(c);
            boolean json = media.equals("application/json") || media.equals("*/*") || media.equals("application/*")
                    || media.equals("application/yaml");
            if (!json) {
                continue;
            }
            if (c.contains("as=table") && c.contains("g=meta.k8s.io")) {
                return Shape.TABLE;
            }
            if ((c.contains("as=partialobjectmetadatalist") || c.contains("as=partialobjectmetadata"))
                    && c.contains("g=meta.k8s.io")) {
                return Shape.PARTIAL_METADATA;
            }
            if (!c.contains("as=")) {
                jsonAcceptable = true;
            }
        }
        if (!jsonAcceptable) {
            throw Statuses.notAcceptable("only the following media types are accepted: application/json, "
                    + "application/json;as=Table;v=v1;g=meta.k8s.io (asked for " + accept + ")");
        }
        return Shape.OBJECT;
    }

    /** The Success Status a write that makes no object of its own answers with (a Binding, an Eviction), as kube's. */
    static com.fasterxml.jackson.databind.node.ObjectNode successStatus(int code) {
        com.fasterxml.jackson.databind.node.ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", code);
        return status;
    }

    public static void json(HttpServerResponse response, int code, JsonNode body) {
        json(response, code, Json.bytes(body));
    }

    /** {@code json}: bytes already serialized. */
    static void json(HttpServerResponse response, int code, byte[] json) {
        response.setStatusCode(code).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private").end(io.vertx.core.buffer.Buffer.buffer(json));
    }
}
