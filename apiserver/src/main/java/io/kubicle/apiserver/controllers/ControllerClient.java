package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The controllers' way into a workspace: HTTPS calls to this server's own API, as kube-controller-manager
 * goes through kube-apiserver, so every write passes authentication, RBAC, defaulting, validation, quota,
 * pod security and ServiceAccount admission, and lands in the audit log under the controller's name.
 * The operator certificate authenticates; Impersonate-User makes the request the controller's
 * ServiceAccount ({@code system:serviceaccount:kube-system:<controller>}).
 */
public final class ControllerClient {
    /** A refused or failed call: the Status the server answered with. */
    public static final class Failure extends RuntimeException {
        private final int code;
        private final String reason;

        Failure(int code, String reason, String message) {
            super(message, null, false, false);
            this.code = code;
            this.reason = reason;
        }

        public int code() {
            return code;
        }

        public String reason() {
            return reason;
        }
    }

    private final HttpClient http;
    private final Supplier<String> baseUrl;

    /**
     * {@code tls} is the engine the server itself serves with: the controllers' passes list and write over TLS to
     * this very server, and with the JDK's engine on both ends of a loopback call its AES-GCM cost as much as the
     * server's own handling of the request (the host stand-in's profile in docs/benchmarks.md).
     */
    public ControllerClient(Vertx vertx, Supplier<String> baseUrl, SSLEngineOptions tls, String caPem, String certPem, String keyPem) {
        this.baseUrl = baseUrl;
        this.http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false).setSslEngineOptions(tls)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caPem)))
                .setKeyCertOptions(new PemKeyCertOptions().setCertValue(Buffer.buffer(certPem))
                        .setKeyValue(Buffer.buffer(keyPem))));
    }

    /** Where an object or a collection lives: core group under /api, others under /apis. */
    public record Resource(String group, String version, String resource) {
        public static final Resource PODS = new Resource("", "v1", "pods");
        public static final Resource EVENTS = new Resource("", "v1", "events");
        public static final Resource PERSISTENTVOLUMECLAIMS = new Resource("", "v1", "persistentvolumeclaims");
        public static final Resource REPLICASETS = new Resource("apps", "v1", "replicasets");
        public static final Resource DEPLOYMENTS = new Resource("apps", "v1", "deployments");
        public static final Resource STATEFULSETS = new Resource("apps", "v1", "statefulsets");
        public static final Resource JOBS = new Resource("batch", "v1", "jobs");
        public static final Resource CRONJOBS = new Resource("batch", "v1", "cronjobs");
        public static final Resource PODDISRUPTIONBUDGETS = new Resource("policy", "v1", "poddisruptionbudgets");

        /** The resource of a kind whose objects the controllers own things with. */
        static Resource ofKind(String kind) {
            return switch (kind) {
                case "ReplicaSet" -> REPLICASETS;
                case "Deployment" -> DEPLOYMENTS;
                case "StatefulSet" -> STATEFULSETS;
                case "Job" -> JOBS;
                case "CronJob" -> CRONJOBS;
                default -> throw new IllegalArgumentException("not an owner kind: " + kind);
            };
        }

        String path(String workspace, String namespace) {
            String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
            return "/clusters/" + workspace + prefix + "/namespaces/" + namespace + "/" + resource;
        }
    }

    /** The calls of one controller in one workspace. */
    public Session session(String workspace, String controller) {
        return new Session(workspace, "system:serviceaccount:kube-system:" + controller);
    }

    public final class Session {
        private final String workspace;
        private final String user;

        private Session(String workspace, String user) {
            this.workspace = workspace;
            this.user = user;
        }

        public Future<List<ObjectNode>> list(Resource resource, String namespace) {
            return list(resource, namespace, null);
        }

        /** The objects whose labels match {@code labelSelector} (null: all). */
        public Future<List<ObjectNode>> list(Resource resource, String namespace, String labelSelector) {
            String query = labelSelector == null ? ""
                    : "?labelSelector=" + java.net.URLEncoder.encode(labelSelector, java.nio.charset.StandardCharsets.UTF_8);
            return call(HttpMethod.GET, resource.path(workspace, namespace) + query, null).map(list -> {
                List<ObjectNode> items = new ArrayList<>();
                for (JsonNode item : list.path("items")) {
                    if (item instanceof ObjectNode object) {
                        items.add(object);
                    }
                }
                return items;
            });
        }

        public Future<ObjectNode> get(Resource resource, String namespace, String name) {
            return call(HttpMethod.GET, resource.path(workspace, namespace) + "/" + name, null);
        }

        /** The Scale of an object whose resource has a scale subresource. */
        public Future<ObjectNode> scale(Resource resource, String namespace, String name) {
            return call(HttpMethod.GET, resource.path(workspace, namespace) + "/" + name + "/scale", null);
        }

        /** The APIResourceList of a group version, as discovery serves it to clients. */
        public Future<ObjectNode> resources(String group, String version) {
            return call(HttpMethod.GET, "/clusters/" + workspace + (group.isEmpty() ? "/api/" + version : "/apis/" + group + "/"
                    + version), null);
        }

        public Future<ObjectNode> create(Resource resource, String namespace, ObjectNode object) {
            return call(HttpMethod.POST, resource.path(workspace, namespace), object);
        }

        /** PUT with the object's resourceVersion: a 409 means someone else wrote first. */
        public Future<ObjectNode> replace(Resource resource, ObjectNode object) {
            return call(HttpMethod.PUT, objectPath(resource, object), object);
        }

        public Future<ObjectNode> replaceStatus(Resource resource, ObjectNode object) {
            return call(HttpMethod.PUT, objectPath(resource, object) + "/status", object);
        }

        /** Deletes this very object (uid precondition), its dependents in the background as kube's controllers do. */
        public Future<Void> delete(Resource resource, ObjectNode object) {
            return delete(resource, object, false);
        }

        /** Deletes this very object (uid precondition); with {@code foreground} it stays until its dependents are gone. */
        public Future<Void> delete(Resource resource, ObjectNode object, boolean foreground) {
            ObjectNode options = Json.object().put("apiVersion", "v1").put("kind", "DeleteOptions")
                    .put("propagationPolicy", foreground ? "Foreground" : "Background");
            options.putObject("preconditions").put("uid", Json.text(Json.metadata(object), "uid"));
            return call(HttpMethod.DELETE, objectPath(resource, object), options).<Void>mapEmpty()
                    .recover(e -> e instanceof Failure f && f.code() == 404 ? Future.succeededFuture() : Future.failedFuture(e));
        }

        private String objectPath(Resource resource, ObjectNode object) {
            ObjectNode meta = Json.metadata(object);
            return resource.path(workspace, Json.text(meta, "namespace")) + "/" + Json.text(meta, "name");
        }

        private Future<ObjectNode> call(HttpMethod method, String path, ObjectNode body) {
            URI base = URI.create(baseUrl.get());
            RequestOptions options = new RequestOptions().setMethod(method).setHost(base.getHost())
                    .setPort(base.getPort()).setURI(path)
                    .putHeader("Accept", "application/json").putHeader("Impersonate-User", user)
                    .putHeader("User-Agent", "kube-controller-manager/kubicle");
            for (String group : List.of("system:serviceaccounts", "system:serviceaccounts:kube-system", "system:masters")) {
                options.addHeader("Impersonate-Group", group);
            }
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            return http.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(Json.bytes(body))))
                    .compose(response -> response.body().map(buffer -> {
                        ObjectNode answer = buffer.length() == 0 ? Json.object() : Json.parseStored(buffer.getBytes());
                        if (response.statusCode() >= 300) {
                            throw new Failure(response.statusCode(), Json.text(answer, "reason"), Json.text(answer, "message"));
                        }
                        return answer;
                    }));
        }
    }

    public Future<Void> close() {
        return http.close();
    }
}
