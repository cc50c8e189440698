package io.kubicle.apiserver.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import org.junit.jupiter.api.Test;

/** Creating a Secret whose name the syncer keeps for token Secrets is allowed, with a warning. */
class ReservedSecretNamesTest {
    private static ObjectNode secret(String field, String value) {
        ObjectNode secret = Json.object().put("apiVersion", "v1").put("kind", "Secret");
        secret.putObject("metadata").put(field, value);
        return secret;
    }

    @Test
    void aSecretNamedLikeATokenSecretIsCreatedWithAWarning() {
        String expected = "secret names starting with \"kubicle-token-\" are reserved by the syncer for pods' API tokens:"
                + " a pod that refers to this secret does not run on the host";
        assertEquals(expected, ReservedSecretNames.warning("", "Secret", secret("name", "kubicle-token-web"), null));
        assertEquals(expected, ReservedSecretNames.warning("", "Secret", secret("generateName", "kubicle-token-"), null));
    }

    @Test
    void otherNamesKindsAndUpdatesPassQuietly() {
        assertNull(ReservedSecretNames.warning("", "Secret", secret("name", "kubicle-tokens"), null));
        assertNull(ReservedSecretNames.warning("", "ConfigMap", secret("name", "kubicle-token-web"), null),
                "only Secrets share the host namespace with token Secrets under their own names");
        assertNull(ReservedSecretNames.warning("example.com", "Secret", secret("name", "kubicle-token-web"), null));
        assertNull(ReservedSecretNames.warning("", "Secret", secret("name", "kubicle-token-web"), secret("name", "kubicle-token-web")),
                "warned once, at create");
    }
}
