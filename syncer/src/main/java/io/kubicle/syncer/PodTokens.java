package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token Secrets of host pods that have in-cluster access ({@link InClusterAccess}) or project tokens of their own
 * ({@link ProjectedTokens}), kept as kubelet keeps projected tokens: a TokenRequest for the tenant pod's ServiceAccount,
 * bound to the tenant pod, with kubelet's lifetime (or the one the projection asks for) and the projection's audience,
 * renewed once 80% of the shortest lifetime has passed. The renewal time is written on the Secret, so a restarted
 * syncer renews what is due and nothing else, and the Secret's name comes from the pod's, so there is only ever one.
 */
final class PodTokens {
    static final String REFRESH_AT = "kubicle.io/token-refresh-at";
    static final String EXPIRES_AT = "kubicle.io/token-expires-at";
    /** What kubelet asks for (an hour and a few seconds, so the expiry is recognizably a kubelet's). */
    static final long EXPIRATION_SECONDS = 3607;

    /** An issued token and its expiry. */
    record Issued(String token, Instant expiresAt) {
    }

    /**
     * Asks Kubicle for a token for the tenant pod's ServiceAccount, good for {@code audience} (null: the API's own) for
     * about {@code expirationSeconds} (a function, so tests need no server).
     */
    interface Issuer {
        Issued issue(KubernetesClient workspace, Pod tenantPod, String audience, long expirationSeconds);
    }

    private final TenantApi api;
    private final Issuer issuer;
    private final Clock clock;
    /** Secrets issued but maybe not yet in the host informer's cache, so a pass right after does not issue again. */
    private final Map<String, Secret> issued = new ConcurrentHashMap<>();

    PodTokens(TenantApi api, Issuer issuer, Clock clock) {
        this.api = api;
        this.issuer = issuer;
        this.clock = clock;
    }

    PodTokens(TenantApi api) {
        this(api, PodTokens::tokenRequest, Clock.systemUTC());
    }

    TenantApi api() {
        return api;
    }

    /** Whether the host copy of {@code tenantPod} reads a token Secret: for API access, or for tokens it projects. */
    static boolean needed(Pod tenantPod) {
        return InClusterAccess.wanted(tenantPod) || !ProjectedTokens.of(tenantPod.getSpec()).isEmpty();
    }

    /**
     * The token Secret the host should hold for {@code tenantPod}: {@code current} (the host's copy) while it is for this
     * pod and not due for renewal, else a new one with a fresh token. A finished pod keeps what it has (kubelet stops
     * renewing too) and gets none when it has none.
     */
    Secret secret(KubernetesClient workspace, DownTranslator translator, Pod tenantPod, Secret current) {
        String key = translator.hostNamespace() + "/" + InClusterAccess.secretName(tenantPod.getMetadata().getName());
        Secret known = newer(current, issued.get(key), key);
        String phase = tenantPod.getStatus() == null ? null : tenantPod.getStatus().getPhase();
        boolean finished = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (known != null && forPod(known, tenantPod) && (finished || fresh(known, tenantPod))) {
            return known;
        }
        if (finished) {
            return null;
        }
        Issued apiToken = InClusterAccess.wanted(tenantPod) ? issuer.issue(workspace, tenantPod, null, EXPIRATION_SECONDS) : null;
        Map<String, Issued> projected = new LinkedHashMap<>();
        for (ProjectedTokens.Source source : ProjectedTokens.of(tenantPod.getSpec())) {
            projected.put(source.key(), issuer.issue(workspace, tenantPod, source.audience(), source.expirationSeconds()));
        }
        Secret made = secret(translator, tenantPod, apiToken, projected, clock.instant());
        issued.put(key, made);
        return made;
    }

    /** The issued Secret until the host's copy carries the same digest (or a later one). */
    private Secret newer(Secret cached, Secret remembered, String key) {
        if (remembered == null) {
            return cached;
        }
        if (cached != null && Objects.equals(digest(cached), digest(remembered))) {
            issued.remove(key);
            return cached;
        }
        return remembered;
    }

    /** Drops what is remembered for a workspace's namespaces (it is gone). */
    void forgetNamespace(String hostNamespace) {
        issued.keySet().removeIf(k -> k.startsWith(hostNamespace + "/"));
    }

    private static boolean forPod(Secret secret, Pod tenantPod) {
        return secret.getMetadata().getDeletionTimestamp() == null && secret.getMetadata().getAnnotations() != null
                && Objects.equals(tenantPod.getMetadata().getUid(), secret.getMetadata().getAnnotations().get(SyncLabels.TENANT_UID));
    }

    private boolean fresh(Secret secret, Pod tenantPod) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        if (InClusterAccess.wanted(tenantPod) && !base64(api.caPem()).equals(data.get("ca.crt"))) {
            return false; // the CA to trust changed: the pod gets the new one with a new token
        }
        if (!ProjectedTokens.of(tenantPod.getSpec()).stream().allMatch(source -> data.containsKey(source.key()))) {
            return false; // written by a syncer that did not fill projected tokens yet
        }
        try {
            return clock.instant().isBefore(Instant.parse(secret.getMetadata().getAnnotations().get(REFRESH_AT)));
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
    }

    /**
     * A token Secret as the host gets it: for API access ({@code apiToken}) token, ca.crt and namespace, the files a
     * kube-api-access volume holds; and each projected token under its source's key.
     */
    Secret secret(DownTranslator translator, Pod tenantPod, Issued apiToken, Map<String, Issued> projected, Instant issuedAt) {
        List<Issued> all = new ArrayList<>(projected.values());
        if (apiToken != null) {
            all.add(0, apiToken);
        }
        Instant expiresAt = all.stream().map(Issued::expiresAt).min(Instant::compareTo).orElse(issuedAt);
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        Instant refreshAt = issuedAt.plus(lifetime.multipliedBy(8).dividedBy(10));
        SecretBuilder builder = new SecretBuilder().withNewMetadata().withName(InClusterAccess.secretName(tenantPod.getMetadata().getName()))
                .withNamespace(translator.hostNamespace()).withLabels(translator.ownLabels())
                .addToAnnotations(SyncLabels.TENANT_UID, tenantPod.getMetadata().getUid())
                .addToAnnotations(REFRESH_AT, refreshAt.toString()).addToAnnotations(EXPIRES_AT, expiresAt.toString())
                .endMetadata().withType("Opaque");
        if (apiToken != null) {
            builder.addToData("token", base64(apiToken.token())).addToData("ca.crt", base64(api.caPem()))
                    .addToData("namespace", base64(tenantPod.getMetadata().getNamespace()));
        }
        projected.forEach((key, token) -> builder.addToData(key, base64(token.token())));
        Secret secret = builder.build();
        secret.getMetadata().getAnnotations().put(SyncLabels.SYNC_DIGEST,
                HostNames.sha256Hex(SyncerJson.asJson(secret)).substring(0, 16));
        return secret;
    }

    /** TokenRequest on the workspace, as kubelet sends it for a projected token: bound to the pod, for the audience asked. */
    static Issued tokenRequest(KubernetesClient workspace, Pod tenantPod, String audience, long expirationSeconds) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(expirationSeconds)
                .withAudiences(audience == null ? List.of() : List.of(audience))
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(tenantPod.getMetadata().getName())
                .withUid(tenantPod.getMetadata().getUid()).endBoundObjectRef().endSpec().build();
        TokenRequest answer = workspace.serviceAccounts().inNamespace(tenantPod.getMetadata().getNamespace())
                .withName(PodRefusal.serviceAccount(tenantPod.getSpec())).tokenRequest(request);
        return new Issued(answer.getStatus().getToken(), Instant.parse(answer.getStatus().getExpirationTimestamp()));
    }

    private static String digest(Secret secret) {
        return secret.getMetadata().getAnnotations() == null ? null : secret.getMetadata().getAnnotations().get(SyncLabels.SYNC_DIGEST);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
