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
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token Secrets of host pods that have in-cluster access ({@link InClusterAccess}), kept as kubelet keeps
 * projected tokens: a TokenRequest for the tenant pod's ServiceAccount, bound to the tenant pod, with kubelet's
 * lifetime, renewed once 80% of it has passed. The renewal time is written on the Secret, so a restarted syncer
 * renews what is due and nothing else, and the Secret's name comes from the pod's, so there is only ever one.
 */
final class PodTokens {
    static final String REFRESH_AT = "kubicle.io/token-refresh-at";
    static final String EXPIRES_AT = "kubicle.io/token-expires-at";
    /** What kubelet asks for (an hour and a few seconds, so the expiry is recognizably a kubelet's). */
    static final long EXPIRATION_SECONDS = 3607;

    /** An issued token and its expiry. */
    record Issued(String token, Instant expiresAt) {
    }

    /** Asks Kubicle for a token for the tenant pod's ServiceAccount (a function, so tests need no server). */
    interface Issuer {
        Issued issue(KubernetesClient workspace, Pod tenantPod);
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
        if (known != null && forPod(known, tenantPod) && (finished || fresh(known))) {
            return known;
        }
        if (finished) {
            return null;
        }
        Issued token = issuer.issue(workspace, tenantPod);
        Secret made = secret(translator, tenantPod, token, clock.instant());
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

    private boolean fresh(Secret secret) {
        String caData = secret.getData() == null ? null : secret.getData().get("ca.crt");
        if (!base64(api.caPem()).equals(caData)) {
            return false; // the CA to trust changed: the pod gets the new one with a new token
        }
        try {
            return clock.instant().isBefore(Instant.parse(secret.getMetadata().getAnnotations().get(REFRESH_AT)));
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
    }

    /** A token Secret as the host gets it: token, ca.crt and namespace, the files a kube-api-access volume holds. */
    Secret secret(DownTranslator translator, Pod tenantPod, Issued token, Instant issuedAt) {
        Duration lifetime = Duration.between(issuedAt, token.expiresAt());
        Instant refreshAt = issuedAt.plus(lifetime.multipliedBy(8).dividedBy(10));
        Secret secret = new SecretBuilder().withNewMetadata().withName(InClusterAccess.secretName(tenantPod.getMetadata().getName()))
                .withNamespace(translator.hostNamespace()).withLabels(translator.ownLabels())
                .addToAnnotations(SyncLabels.TENANT_UID, tenantPod.getMetadata().getUid())
                .addToAnnotations(REFRESH_AT, refreshAt.toString()).addToAnnotations(EXPIRES_AT, token.expiresAt().toString())
                .endMetadata().withType("Opaque")
                .addToData("token", base64(token.token())).addToData("ca.crt", base64(api.caPem()))
                .addToData("namespace", base64(tenantPod.getMetadata().getNamespace())).build();
        secret.getMetadata().getAnnotations().put(SyncLabels.SYNC_DIGEST,
                HostNames.sha256Hex(SyncerJson.asJson(secret)).substring(0, 16));
        return secret;
    }

    /** TokenRequest on the workspace, as kubelet sends it for a projected token: bound to the pod, default audience. */
    static Issued tokenRequest(KubernetesClient workspace, Pod tenantPod) {
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(EXPIRATION_SECONDS)
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
