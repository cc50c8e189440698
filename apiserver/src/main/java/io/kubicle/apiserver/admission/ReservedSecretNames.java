package io.kubicle.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The syncer keeps each host pod's API token in a host Secret named {@code kubicle-token-<pod>}, next to the tenant's
 * Secrets (they keep their names on the host), so it never takes a tenant Secret of such a name down and holds pods
 * that refer to one. Creating one is still allowed (kube has no such rule, and a workspace may have no syncer); the
 * creator is warned, so the surprise comes at create time rather than when a pod stays Pending.
 */
final class ReservedSecretNames {
    static final String PREFIX = "kubicle-token-";

    private ReservedSecretNames() {
    }

    /** The warning for creating {@code object}, or null when it is no core Secret so named (or an update). */
    static String warning(String group, String kind, ObjectNode object, ObjectNode old) {
        if (old != null || !group.isEmpty() || !kind.equals("Secret")) {
            return null;
        }
        JsonNode meta = object.path("metadata");
        String name = meta.path("name").asText("");
        if (!name.startsWith(PREFIX) && !(name.isEmpty() && meta.path("generateName").asText("").startsWith(PREFIX))) {
            return null;
        }
        return "secret names starting with \"" + PREFIX + "\" are reserved by the syncer for pods' API tokens:"
                + " a pod that refers to this secret does not run on the host";
    }
}
