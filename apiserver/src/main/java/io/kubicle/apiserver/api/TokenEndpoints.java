package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.tenancy.ServiceAccountTokens;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The token APIs: TokenRequest ({@code POST serviceaccounts/<name>/token}, what {@code kubectl create
 * token} sends) and TokenReview, with kube-apiserver's defaults and limits.
 */
final class TokenEndpoints {
    private static final long DEFAULT_EXPIRATION = 3600;
    private static final long MIN_EXPIRATION = 600;
    private static final long MAX_EXPIRATION = 1L << 32;

    private final Store store;
    private final WorkspaceDirectory directory;
    private final ServiceAccountTokens tokens;

    TokenEndpoints(Store store, WorkspaceDirectory directory, ServiceAccountTokens tokens) {
        this.store = store;
        this.directory = directory;
        this.tokens = tokens;
    }

    static boolean isTokenRequest(ApiCall call) {
        return call.type().group().isEmpty() && call.type().resource().equals("serviceaccounts")
                && call.info().subresource().equals("token");
    }

    static boolean isTokenReview(ResourceType type) {
        return type.group().equals("authentication.k8s.io") && type.resource().equals("tokenreviews");
    }

    Future<ObjectNode> tokenRequest(ApiCall call, ObjectNode request) {
        if (!call.info().verb().equals("create")) {
            throw Statuses.methodNotAllowed(call.ctx().request().method().name());
        }
        String namespace = call.info().namespace();
        String name = call.info().name();
        ObjectNode spec = request.path("spec").isObject() ? (ObjectNode) request.get("spec") : request.putObject("spec");
        long expiration = spec.path("expirationSeconds").asLong(DEFAULT_EXPIRATION);
        List<FieldError> errors = new ArrayList<>();
        if (expiration < MIN_EXPIRATION) {
            errors.add(FieldError.invalid("spec.expirationSeconds", Long.toString(expiration),
                    "may not specify a duration less than 10 minutes"));
        } else if (expiration > MAX_EXPIRATION) {
            errors.add(FieldError.invalid("spec.expirationSeconds", Long.toString(expiration),
                    "may not specify a duration larger than 2^32 seconds"));
        }
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.add(ServiceAccountTokens.API_AUDIENCE);
        }
        JsonNode bound = spec.path("boundObjectRef"); // kube's TokenRequestSpec field (what kubectl and client libraries send)
        if (bound.isObject() && !List.of("Pod", "Secret", "Node").contains(bound.path("kind").asText())) {
            errors.add(FieldError.notSupported("spec.boundObjectRef.kind", "\"" + bound.path("kind").asText() + "\"",
                    List.of("Pod", "Node", "Secret")));
        }
        if (!errors.isEmpty()) {
            throw Statuses.invalid("authentication.k8s.io", "TokenRequest", name, errors);
        }
        Future<ObjectNode> boundObject = bound.isObject() ? boundObject(call, (ObjectNode) bound) : Future.succeededFuture(null);
        ObjectKey account = new ObjectKey(call.workspaceId(), "", "serviceaccounts", namespace, name);
        return store.get(account)
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                        ? Statuses.notFound("", "serviceaccounts", name) : e))
                .compose(sa -> boundObject.compose(b -> directory.entry(call.workspace()).compose(entry ->
                        tokens.issue(entry, namespace, name, sa.uid(), audiences, expiration, b))))
                .map(issued -> {
                    ObjectNode response = Json.object();
                    response.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
                    ObjectNode meta = response.putObject("metadata");
                    meta.put("name", name).put("namespace", namespace).put("creationTimestamp", Instant.now().toString());
                    ObjectNode outSpec = response.putObject("spec");
                    ArrayNode aud = outSpec.putArray("audiences");
                    audiences.forEach(aud::add);
                    outSpec.put("expirationSeconds", expiration);
                    if (bound.isObject()) {
                        outSpec.set("boundObjectRef", bound);
                    }
                    response.putObject("status").put("token", issued.token())
                            .put("expirationTimestamp", ObjectLifecycle.timestamp(issued.expiresAt()));
                    return response;
                });
    }

    private Future<ObjectNode> boundObject(ApiCall call, ObjectNode ref) {
        String kind = ref.path("kind").asText();
        String resource = kind.equals("Pod") ? "pods" : kind.equals("Secret") ? "secrets" : "nodes";
        String ns = kind.equals("Node") ? "" : call.info().namespace();
        String refName = ref.path("name").asText();
        return store.get(new ObjectKey(call.workspaceId(), "", resource, ns, refName))
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                        ? Statuses.notFound("", resource, refName) : e))
                .compose(stored -> {
                    String uid = ref.path("uid").asText("");
                    if (!uid.isEmpty() && !uid.equals(stored.uid())) {
                        return Future.failedFuture(Statuses.conflict("", resource, refName, "the UID in the bound object reference ("
                                + uid + ") does not match the UID in record. The object might have been deleted and then recreated"));
                    }
                    ObjectNode bound = ref.deepCopy();
                    bound.put("uid", stored.uid());
                    return Future.succeededFuture(bound);
                });
    }

    Future<ObjectNode> tokenReview(ApiCall call, ObjectNode review) {
        String token = review.path("spec").path("token").asText("");
        List<String> wanted = new ArrayList<>();
        review.path("spec").path("audiences").forEach(a -> wanted.add(a.asText()));
        ObjectNode response = review.deepCopy();
        response.put("kind", "TokenReview").put("apiVersion", "authentication.k8s.io/v1");
        Json.metadata(response).put("creationTimestamp", (String) null);
        ObjectNode status = response.putObject("status");
        if (token.isEmpty()) {
            throw Statuses.invalid("authentication.k8s.io", "TokenReview", "", List.of(FieldError.required("spec.token", "")));
        }
        return directory.entry(call.workspace()).compose(entry -> tokens.authenticate(token, entry)).map(found -> {
            List<String> accepted = wanted.isEmpty() ? List.of(ServiceAccountTokens.API_AUDIENCE) : wanted;
            List<String> matched = found.map(id -> id.audiences().stream().filter(accepted::contains).toList()).orElse(List.of());
            if (found.isEmpty() || matched.isEmpty()) {
                status.put("authenticated", false);
                status.putObject("user");
                status.put("error", found.isEmpty() ? "[invalid bearer token, service account token is not valid in this workspace]"
                        : "token audiences " + found.get().audiences() + " is invalid for the target audiences " + accepted);
                return response;
            }
            ServiceAccountTokens.Identity identity = found.get();
            status.put("authenticated", true);
            ObjectNode user = status.putObject("user");
            user.put("username", identity.user().name()).put("uid", identity.uid());
            ArrayNode groups = user.putArray("groups");
            identity.user().groups().forEach(groups::add);
            ObjectNode extra = user.putObject("extra");
            for (Map.Entry<String, List<String>> e : identity.extra().entrySet()) {
                ArrayNode values = extra.putArray(e.getKey());
                e.getValue().forEach(values::add);
            }
            ArrayNode audiences = status.putArray("audiences");
            matched.forEach(audiences::add);
            return response;
        });
    }
}
