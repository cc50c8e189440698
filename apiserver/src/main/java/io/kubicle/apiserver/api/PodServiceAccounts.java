package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.vertx.core.Future;
import java.security.SecureRandom;

/**
 * The ServiceAccount admission of kube-apiserver for new Pods: the account defaults to "default" and
 * must exist, and unless the pod or its account opts out, every container gets the projected
 * {@code kube-api-access-*} volume (a bound token, the cluster CA and the namespace) mounted where
 * client libraries look for in-cluster credentials. The syncer turns that volume into real files.
 */
final class PodServiceAccounts {
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;

    PodServiceAccounts(Store store) {
        this.store = store;
    }

    static boolean handles(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("pods");
    }

    Future<Void> admit(ApiCall call, ObjectNode pod) {
        ObjectNode spec = pod.withObject("/spec");
        String account = spec.path("serviceAccountName").asText("");
        if (account.isEmpty()) {
            account = spec.path("serviceAccount").asText("");
        }
        if (account.isEmpty()) {
            account = "default";
        }
        spec.put("serviceAccountName", account);
        spec.put("serviceAccount", account);
        String name = account;
        String namespace = call.info().namespace();
        return store.get(new ObjectKey(call.workspaceId(), "", "serviceaccounts", namespace, account))
                .recover(e -> Future.failedFuture(e instanceof StorageException.NotFound
                        ? Statuses.forbidden("pods \"" + Json.text(Json.metadata(pod), "name") + "\" is forbidden: error looking up"
                        + " service account " + namespace + "/" + name + ": serviceaccount \"" + name + "\" not found") : e))
                .map(stored -> {
                    JsonNode sa = Json.parseStored(stored.body());
                    boolean automount = spec.has("automountServiceAccountToken")
                            ? spec.path("automountServiceAccountToken").asBoolean(true)
                            : sa.path("automountServiceAccountToken").asBoolean(true);
                    if (automount && !alreadyMounted(spec)) {
                        mountToken(spec);
                    }
                    return null;
                });
    }

    private static boolean alreadyMounted(ObjectNode spec) {
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                for (JsonNode m : c.path("volumeMounts")) {
                    if (MOUNT_PATH.equals(m.path("mountPath").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void mountToken(ObjectNode spec) {
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        String volume = "kube-api-access-" + suffix;
        ArrayNode volumes = spec.has("volumes") && spec.get("volumes").isArray() ? (ArrayNode) spec.get("volumes") : spec.putArray("volumes");
        ObjectNode projected = volumes.addObject().put("name", volume).putObject("projected");
        projected.put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", 3607).put("path", "token");
        ObjectNode cm = sources.addObject().putObject("configMap");
        cm.put("name", "kube-root-ca.crt");
        cm.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    ArrayNode mounts = container.has("volumeMounts") && container.get("volumeMounts").isArray()
                            ? (ArrayNode) container.get("volumeMounts") : container.putArray("volumeMounts");
                    mounts.addObject().put("name", volume).put("readOnly", true).put("mountPath", MOUNT_PATH);
                }
            }
        }
    }
}
