package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes whose answer the syncer does not read: an object applied to the host, a pod's status sent up to its tenant.
 * fabric8 reads each answer into its model (a whole pod), builds the URL through several URL objects and retries on
 * its own; in a burst, for 2,000 such writes, that was about a sixth of the syncer's CPU. These go through the same
 * client's HTTP client (its credentials, TLS and pool) with the body as bytes; only a refusal's Status is read, and it
 * is thrown as fabric8 would throw it, with the code. A failed write fails the pass, which the work queue retries.
 */
final class BlindWrites {
    private static final String APPLY = "application/apply-patch+yaml";
    private static final String MERGE = "application/merge-patch+json";

    private BlindWrites() {
    }

    /** Server-side apply of a namespaced core (v1) object, taking over fields other managers set. */
    static void apply(KubernetesClient client, HasMetadata object) {
        String path = "/api/v1/namespaces/" + object.getMetadata().getNamespace() + "/" + HasMetadata.getPlural(object.getClass())
                + "/" + object.getMetadata().getName() + "?fieldManager=" + HostCluster.FIELD_MANAGER + "&force=true";
        send(client, path, APPLY, SyncerJson.asJson(object));
    }

    /** A JSON merge patch of a pod's status subresource. */
    static void patchPodStatus(KubernetesClient client, String namespace, String name, String mergePatch) {
        send(client, "/api/v1/namespaces/" + namespace + "/pods/" + name + "/status", MERGE, mergePatch);
    }

    private static void send(KubernetesClient client, String path, String contentType, String body) {
        String base = client.getMasterUrl().toString();
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        HttpClient http = client.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder().uri(url).method("PATCH", contentType, body)
                .header("Accept", "application/json").build();
        long timeout = Math.max(1, client.getConfiguration().getRequestTimeout());
        HttpResponse<byte[]> response;
        try {
            response = http.sendAsync(request, byte[].class).get(timeout, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted: PATCH " + url, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException("PATCH " + url + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException("PATCH " + url + " had no answer in " + timeout + " ms", e);
        }
        if (response.code() >= 300) {
            throw new KubernetesClientException(status(response.code(), response.body()));
        }
    }

    /** The Status the server answered a refusal with, or one made from the code when the body is not a Status. */
    static Status status(int code, byte[] body) {
        if (body != null && body.length > 0) {
            try {
                Status status = SyncerJson.SERIALIZATION.unmarshal(new String(body, StandardCharsets.UTF_8), Status.class);
                if (status != null && status.getCode() != null) {
                    return status;
                }
            } catch (RuntimeException notStatus) {
                // a proxy's HTML page, say: fall through to the code alone
            }
        }
        return new StatusBuilder().withCode(code).withMessage("the server answered " + code
                + (body == null ? "" : ": " + new String(body, StandardCharsets.UTF_8))).build();
    }
}
