package io.kubicle.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.StorageException;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only place that builds Kubernetes Status objects. Factories mirror
 * k8s.io/apimachinery/pkg/api/errors; {@link #from(Throwable)} maps every failure (storage errors
 * included) to one, and anything unexpected becomes a logged 500 — a bug to fix, never a hang.
 */
public final class Statuses {
    private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Statuses() {
    }

    public static ApiError unauthorized() {
        return new ApiError(401, "Unauthorized", "Unauthorized", null, null, null, List.of());
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "Forbidden", message, null, null, null, List.of());
    }

    /** apierrors.NewForbidden: {@code pods "x" is forbidden: <why>}, {@code pods is forbidden: <why>} or {@code forbidden: <why>}. */
    public static ApiError forbidden(String group, String resource, String name, String why) {
        String message;
        if (resource == null || resource.isEmpty()) {
            message = "forbidden: " + why;
        } else if (name == null || name.isEmpty()) {
            message = qualified(group, resource) + " is forbidden: " + why;
        } else {
            message = qualified(group, resource) + " \"" + name + "\" is forbidden: " + why;
        }
        return new ApiError(403, "Forbidden", message, name == null || name.isEmpty() ? null : name, group,
                resource == null || resource.isEmpty() ? null : resource, List.of());
    }

    public static ApiError notFound(String group, String resource, String name) {
        return new ApiError(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found", name, group,
                resource, List.of());
    }

    /** How a watch in a workspace ends when the workspace is deleted under it (named as its clients know it, not by its row id). */
    public static ApiError workspaceDeleted(String workspace) {
        return new ApiError(404, "NotFound", "workspace \"" + workspace + "\" was deleted: its objects and watches are gone",
                workspace, "tenancy.kubicle.io", "workspaces", List.of());
    }

    /** kube-apiserver's answer for a path it does not serve. */
    public static ApiError pathNotFound() {
        return new ApiError(404, "NotFound", "the server could not find the requested resource", null, null, null,
                List.of());
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequest", message, null, null, null, List.of());
    }

    public static ApiError alreadyExists(String group, String resource, String name) {
        return new ApiError(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists", name,
                group, resource, List.of());
    }

    /** The stale-write answer kubectl retries on. */
    public static ApiError conflict(String group, String resource, String name, String why) {
        return new ApiError(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name
                + "\": " + why, name, group, resource, List.of());
    }

    /** A patch that cannot be applied to the object (kube answers 422 too). */
    public static ApiError invalidPatch(String message) {
        return new ApiError(422, "Invalid", message, null, null, null, List.of());
    }

    /** A server-side apply that collides with another field manager. */
    public static ApiError conflictApply(String message) {
        return new ApiError(409, "Conflict", message, null, null, null, List.of());
    }

    public static ApiError modified(String group, String resource, String name) {
        return conflict(group, resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /**
     * 422 with one cause per field error, worded as kube-apiserver words it: the kind qualified by its group
     * ({@code Deployment.apps "web" is invalid: ...}, as GroupKind prints; kubectl shows details.kind instead).
     */
    public static ApiError invalid(String group, String kind, String name, List<io.kubicle.apiserver.api.FieldError> errors) {
        String list = errors.size() == 1 ? errors.get(0).toString()
                : "[" + String.join(", ", errors.stream().map(Object::toString).toList()) + "]";
        List<ApiError.Cause> causes = errors.stream()
                .map(e -> new ApiError.Cause(e.type(), e.describe(), e.field())).toList();
        String qualified = group == null || group.isEmpty() ? kind : kind + "." + group;
        return new ApiError(422, "Invalid", qualified + " \"" + name + "\" is invalid: " + list, name, group, kind, causes);
    }

    /** apierrors.NewTooManyRequests, with the causes kube adds (the eviction API names the disruption budget). */
    public static ApiError tooManyRequests(String message, int retryAfterSeconds, List<ApiError.Cause> causes) {
        return new ApiError(429, "TooManyRequests", message, null, null, null, causes, retryAfterSeconds);
    }

    public static ApiError unsupportedMediaType(String message) {
        return new ApiError(415, "UnsupportedMediaType", message, null, null, null, List.of());
    }

    public static ApiError notAcceptable(String message) {
        return new ApiError(406, "NotAcceptable", message, null, null, null, List.of());
    }

    public static ApiError tooLarge(long limit) {
        return new ApiError(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null, null, null,
                List.of());
    }

    public static ApiError gone(String message) {
        return new ApiError(410, "Expired", message, null, null, null, List.of());
    }

    public static ApiError namespaceTerminating(String namespace) {
        return new ApiError(403, "Forbidden", "unable to create new content in namespace " + namespace
                + " because it is being terminated", namespace, "", "namespaces", List.of());
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource ("
                + method + ")", null, null, null, List.of());
    }

    /** A subresource Kubicle does not serve, said plainly instead of the generic 405 message. */
    public static ApiError notServed(String method, String message) {
        return new ApiError(405, "MethodNotAllowed", message + " (" + method + ")", null, null, null, List.of());
    }

    public static ApiError serviceUnavailable(String message) {
        return new ApiError(503, "ServiceUnavailable", message, null, null, null, List.of());
    }

    /**
     * What a kubelet or syncer answered when asked for a pod's log, with its own code and message (kube-apiserver
     * passes a kubelet's "container is waiting to start" on as it came).
     */
    public static ApiError upstream(int answered, String message) {
        int code = answered >= 400 && answered < 600 ? answered : 502;
        String reason = switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
        return new ApiError(code, reason, message, null, null, null, List.of());
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "InternalError", "Internal error occurred: " + message, null, null, null, List.of());
    }

    /** Maps any failure to a Status-carrying error; storage facts keep their meaning. */
    public static ApiError from(Throwable failure) {
        if (failure instanceof ApiError api) {
            return api;
        }
        if (failure instanceof StorageException se) {
            return fromStorage(se);
        }
        LOG.error("unexpected failure (a bug: every failure should be a Status)", failure);
        return internal(String.valueOf(failure.getMessage()));
    }

    private static ApiError fromStorage(StorageException se) {
        String message = se.getMessage();
        if (se instanceof StorageException.NotFound) {
            return new ApiError(404, "NotFound", message, null, null, null, List.of());
        }
        if (se instanceof StorageException.AlreadyExists) {
            return new ApiError(409, "AlreadyExists", message, null, null, null, List.of());
        }
        if (se instanceof StorageException.Conflict) {
            return new ApiError(409, "Conflict", message, null, null, null, List.of());
        }
        if (se instanceof StorageException.Expired) {
            return new ApiError(410, "Expired", message, null, null, null, List.of());
        }
        if (se instanceof StorageException.TooLargeRevision) {
            return new ApiError(504, "Timeout", "Too large resource version: " + message, null, null, null, List.of());
        }
        if (se instanceof StorageException.InvalidArgument) {
            return badRequest(message);
        }
        LOG.error("storage unavailable", se);
        return serviceUnavailable(message);
    }

    /** The Status object of an error, as kube-apiserver serializes it. */
    public static ObjectNode toStatus(ApiError error) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", error.getMessage()).put("reason", error.reason());
        if (error.name() != null || error.kind() != null || !error.causes().isEmpty() || error.retryAfterSeconds() > 0) {
            ObjectNode details = status.putObject("details");
            if (error.name() != null) {
                details.put("name", error.name());
            }
            if (error.group() != null && !error.group().isEmpty()) {
                details.put("group", error.group());
            }
            if (error.kind() != null) {
                details.put("kind", error.kind());
            }
            if (!error.causes().isEmpty()) {
                ArrayNode causes = details.putArray("causes");
                for (ApiError.Cause c : error.causes()) {
                    ObjectNode cause = causes.addObject();
                    cause.put("reason", c.reason()).put("message", c.message());
                    if (c.field() != null) {
                        cause.put("field", c.field());
                    }
                }
            }
            if (error.retryAfterSeconds() > 0) {
                details.put("retryAfterSeconds", error.retryAfterSeconds());
            }
        }
        status.put("code", error.code());
        return status;
    }

    /** Writes the failure as a Status response (unless the response has already started). */
    public static void write(HttpServerResponse response, Throwable failure) {
        ApiError error = from(failure);
        if (response.headWritten() || response.ended()) {
            response.reset();
            return;
        }
        if (error.retryAfterSeconds() > 0) {
            response.putHeader("Retry-After", Integer.toString(error.retryAfterSeconds()));
        }
        response.setStatusCode(error.code()).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private")
                .end(toStatus(error).toString());
    }
}
