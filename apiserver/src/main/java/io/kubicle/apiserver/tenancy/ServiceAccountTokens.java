package io.kubicle.apiserver.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.certs.CertificateAuthority;
import io.kubicle.storage.ExpiringObjects;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * ServiceAccount tokens of a workspace: JWTs shaped like kube-apiserver's (ES256, issuer, audiences,
 * {@code kubernetes.io} claims) signed with a key derived for that workspace and credential epoch.
 * Each issued token's SHA-256 is recorded in the workspace (never the token itself); a token
 * authenticates only while its record exists, its signature and expiry hold, it names this workspace,
 * its ServiceAccount still exists with the same uid, and so does the Pod or Secret it is bound to (if any). So
 * deleting the ServiceAccount (or the bound pod), revoking the workspace's credentials or deleting the workspace each
 * kill its tokens. A record of a token with an expiry carries it as the {@link ExpiringObjects#LABEL} label, by which
 * {@link TokenRecordSweeper} deletes it once the token has expired.
 */
public final class ServiceAccountTokens {
    /** The audience tokens carry unless asked otherwise, and the one this API server accepts. */
    public static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
    static final String RECORD_GROUP = "kubicle.io";
    static final String RECORD_RESOURCE = "tokenhashes";
    private static final int CACHE_SIZE = 4096;
    private static final long CACHE_MILLIS = 10_000;

    private final Store store;
    private final WorkspaceCredentials credentials;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Cached(Identity identity, long until) {
    }

    /** Who a valid token speaks for, and for which audiences it is good. */
    public record Identity(UserInfo user, String uid, List<String> audiences, Map<String, List<String>> extra) {
    }

    /** An issued token. */
    public record Issued(String token, Instant expiresAt) {
    }

    public ServiceAccountTokens(Store store, WorkspaceCredentials credentials, Clock clock) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * Issues a token for ServiceAccount {@code namespace/name} (uid {@code saUid}) and records its hash.
     * {@code bound} is an optional {kind, name, uid} the token is bound to (a Pod or Secret).
     */
    public Future<Issued> issue(WorkspaceDirectory.Entry workspace, String namespace, String name, String saUid,
                                List<String> audiences, long expirationSeconds, ObjectNode bound) {
        Instant now = clock.instant();
        Instant expires = expirationSeconds <= 0 ? null : now.plusSeconds(expirationSeconds);
        ObjectNode claims = Json.object();
        ArrayNode aud = claims.putArray("aud");
        audiences.forEach(aud::add);
        if (expires != null) {
            claims.put("exp", expires.getEpochSecond());
        }
        claims.put("iat", now.getEpochSecond()).put("nbf", now.getEpochSecond());
        claims.put("iss", API_AUDIENCE).put("jti", UUID.randomUUID().toString());
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", namespace);
        k8s.putObject("serviceaccount").put("name", name).put("uid", saUid);
        if (bound != null) {
            k8s.putObject(bound.path("kind").asText().toLowerCase(java.util.Locale.ROOT))
                    .put("name", bound.path("name").asText()).put("uid", bound.path("uid").asText());
        }
        claims.put("sub", "system:serviceaccount:" + namespace + ":" + name);
        claims.put("kubicle.io/workspace", workspace.id()).put("kubicle.io/epoch", workspace.credentialEpoch());
        CertificateAuthority signer = credentials.tokenSigner(workspace.id(), workspace.credentialEpoch());
        String token = Jwt.sign(claims, signer.privateKey(), "ws-" + workspace.id() + "-e" + workspace.credentialEpoch());
        ObjectNode record = Json.object();
        record.put("apiVersion", "kubicle.io/v1").put("kind", "TokenHash");
        record.putObject("metadata").put("name", hash(token)).put("namespace", namespace)
                .put("uid", UUID.randomUUID().toString()).put("creationTimestamp", now.toString());
        record.put("serviceAccount", name).put("serviceAccountUid", saUid);
        Map<String, String> labels = Map.of();
        if (expires != null) {
            record.put("expiresAt", expires.toString());
            // the sweep (TokenRecordSweeper) finds expired records by this label; a token without expiry has none
            labels = Map.of(ExpiringObjects.LABEL, ExpiringObjects.labelValue(expires));
            Json.metadata(record).putObject("labels").put(ExpiringObjects.LABEL, labels.get(ExpiringObjects.LABEL));
        }
        List<String> owners = List.of();
        if (bound != null) {
            // the garbage collector deletes the record with the pod (or Secret): a renewed token per hour would pile up
            Json.metadata(record).putArray("ownerReferences").addObject().put("apiVersion", "v1")
                    .put("kind", bound.path("kind").asText()).put("name", bound.path("name").asText()).put("uid", bound.path("uid").asText());
            owners = List.of(bound.path("uid").asText());
        }
        ObjectKey key = new ObjectKey(workspace.id(), RECORD_GROUP, RECORD_RESOURCE, namespace, hash(token));
        return store.create(new ObjectWrite(key, Json.text(Json.metadata(record), "uid"), 1, labels,
                Json.string(record).getBytes(StandardCharsets.UTF_8), owners)).map(stored -> new Issued(token, expires));
    }

    /**
     * The workspace id a token names in its {@code kubicle.io/workspace} claim, unverified: only for choosing the
     * workspace at which {@link #authenticate} then checks it in full. Empty when it is no JWT or names none.
     */
    public static java.util.OptionalLong claimedWorkspace(String token) {
        return Jwt.claims(token).map(claims -> claims.path("kubicle.io/workspace"))
                .filter(JsonNode::canConvertToLong).map(id -> java.util.OptionalLong.of(id.asLong()))
                .orElse(java.util.OptionalLong.empty());
    }

    /** The identity behind {@code token} at {@code workspace}, or empty when it is not valid there. */
    public Future<Optional<Identity>> authenticate(String token, WorkspaceDirectory.Entry workspace) {
        String hash = hash(token);
        long nowMillis = clock.millis();
        synchronized (cache) {
            Cached hit = cache.get(workspace.id() + "/" + hash);
            if (hit != null && hit.until() > nowMillis) {
                return Future.succeededFuture(Optional.of(hit.identity()));
            }
        }
        Optional<ObjectNode> parsed = Jwt.claims(token);
        if (parsed.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        ObjectNode claims = parsed.get();
        if (claims.path("kubicle.io/workspace").asLong(-1) != workspace.id()
                || claims.path("kubicle.io/epoch").asLong(-1) != workspace.credentialEpoch()
                || !Jwt.verify(token, credentials.tokenSigner(workspace.id(), workspace.credentialEpoch()).certificate().getPublicKey())) {
            return Future.succeededFuture(Optional.empty());
        }
        Instant now = clock.instant();
        if (claims.has("exp") && claims.path("exp").asLong() <= now.getEpochSecond()
                || claims.has("nbf") && claims.path("nbf").asLong() > now.getEpochSecond() + 60) {
            return Future.succeededFuture(Optional.empty());
        }
        JsonNode k8s = claims.path("kubernetes.io");
        String namespace = k8s.path("namespace").asText();
        String name = k8s.path("serviceaccount").path("name").asText();
        String saUid = k8s.path("serviceaccount").path("uid").asText();
        ObjectKey record = new ObjectKey(workspace.id(), RECORD_GROUP, RECORD_RESOURCE, namespace, hash);
        ObjectKey account = new ObjectKey(workspace.id(), "", "serviceaccounts", namespace, name);
        BoundObject bound = BoundObject.of(k8s);
        Future<io.kubicle.storage.StoredObject> boundObject = bound == null ? Future.succeededFuture(null)
                : store.get(new ObjectKey(workspace.id(), "", bound.resource(), namespace, bound.name()));
        return Future.all(store.get(record), store.get(account), boundObject).map(all -> {
            io.kubicle.storage.StoredObject sa = all.resultAt(1);
            io.kubicle.storage.StoredObject boundTo = all.resultAt(2);
            if (!sa.uid().equals(saUid) || bound != null && !boundTo.uid().equals(bound.uid())) {
                return Optional.<Identity>empty(); // as kube: a token bound to a pod (or Secret) dies with it
            }
            Identity identity = identity(claims, namespace, name, saUid);
            synchronized (cache) {
                long until = Math.min(nowMillis + CACHE_MILLIS, claims.has("exp") ? claims.path("exp").asLong() * 1000 : Long.MAX_VALUE);
                cache.put(workspace.id() + "/" + hash, new Cached(identity, until));
            }
            return Optional.of(identity);
        }).recover(e -> e instanceof StorageException.NotFound ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(e));
    }

    /** The Pod or Secret a token is bound to ({@code kubernetes.io.pod} / {@code .secret} claims), or null. */
    private record BoundObject(String resource, String name, String uid) {
        static BoundObject of(JsonNode k8s) {
            for (String kind : new String[] {"pod", "secret"}) {
                JsonNode ref = k8s.path(kind);
                if (ref.isObject()) {
                    return new BoundObject(kind + "s", ref.path("name").asText(), ref.path("uid").asText());
                }
            }
            return null;
        }
    }

    private static Identity identity(ObjectNode claims, String namespace, String name, String saUid) {
        List<String> groups = List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, UserInfo.AUTHENTICATED);
        List<String> audiences = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            audiences.add(aud.asText());
        }
        aud.forEach(a -> audiences.add(a.asText()));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=" + claims.path("jti").asText()));
        JsonNode pod = claims.path("kubernetes.io").path("pod");
        if (pod.isObject()) {
            extra.put("authentication.kubernetes.io/pod-name", List.of(pod.path("name").asText()));
            extra.put("authentication.kubernetes.io/pod-uid", List.of(pod.path("uid").asText()));
        }
        return new Identity(new UserInfo("system:serviceaccount:" + namespace + ":" + name, groups), saUid, audiences, extra);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
