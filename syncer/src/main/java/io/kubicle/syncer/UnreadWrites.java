package io.kubicle.syncer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Server-side applies and status merge patches whose answer is checked but not read into a model object: the two
 * writes a synced pod costs (its host copy, its tenant status) and whose answers nobody looks at. fabric8's
 * {@code resource(object).serverSideApply()} copies the object through JSON before sending it and reads the whole
 * answer back; those two steps were a fifth of the syncer's profile samples in a burst of pods. A refusal is thrown
 * as fabric8 throws it (code, the server's Status), so callers handle both alike.
 */
final class UnreadWrites {
    static final String APPLY = "application/apply-patch+yaml";
    static final String MERGE = "application/merge-patch+json";

    private UnreadWrites() {
    }

    /** Applies {@code object} (its kind, namespace and name address it) as {@code fieldManager}, taking conflicts. */
    static void apply(KubernetesClient client, HasMetadata object, String fieldManager) {
        String url = url(client, object, "") + "?fieldManager=" + fieldManager + "&force=true";
        send(client, url, APPLY, SyncerJson.asJson(object));
    }

    /** Merge-patches the status subresource of {@code target} (only its kind, namespace and name are read). */
    static void patchStatus(KubernetesClient client, HasMetadata target, String mergePatch) {
        send(client, url(client, target, "/status"), MERGE, mergePatch);
    }

    /**
     * Merge-patches the status of {@code name}, a cluster-scoped object of {@code plural} in {@code apiVersion} (a custom
     * resource such as the Workspace, which has no model class to address it by). fabric8's {@code withName(n).patch()}
     * GETs the whole object first (one GET per status write in the server's request counts); nobody used what it read.
     */
    static void patchStatus(KubernetesClient client, String apiVersion, String plural, String name, String mergePatch) {
        String base = client.getMasterUrl().toString().replaceAll("/+$", "");
        send(client, base + (apiVersion.contains("/") ? "/apis/" : "/api/") + apiVersion + "/" + plural + "/" + name + "/status",
                MERGE, mergePatch);
    }

    static String url(KubernetesClient client, HasMetadata object, String subresource) {
        Class<? extends HasMetadata> type = object.getClass();
        String group = HasMetadata.getGroup(type);
        StringBuilder url = new StringBuilder(client.getMasterUrl().toString().replaceAll("/+$", ""));
        url.append(group == null || group.isEmpty() ? "/api/" : "/apis/" + group + "/").append(HasMetadata.getVersion(type));
        if (object instanceof Namespaced) {
            url.append("/namespaces/").append(object.getMetadata().getNamespace());
        }
        return url.append('/').append(HasMetadata.getPlural(type)).append('/').append(object.getMetadata().getName())
                .append(subresource).toString();
    }

    private static void send(KubernetesClient client, String url, String contentType, String body) {
        HttpRequest.Builder builder = client.getHttpClient().newHttpRequestBuilder().uri(url).method("PATCH", contentType, body);
        Integer timeout = client.getConfiguration().getRequestTimeout();
        if (timeout != null && timeout > 0) {
            builder.timeout(timeout, TimeUnit.MILLISECONDS);
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = client.getHttpClient().sendAsync(request, byte[].class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OperationSupport.requestException(request, e);
        } catch (ExecutionException e) {
            throw OperationSupport.requestException(request, e.getCause() instanceof Exception cause ? cause : e);
        }
        if (!response.isSuccessful()) {
            throw OperationSupport.requestFailure(request, OperationSupport.createStatus(response, SyncerJson.SERIALIZATION));
        }
    }
}
