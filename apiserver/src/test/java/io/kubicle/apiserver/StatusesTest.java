package io.kubicle.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.storage.StorageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusesTest {
    @Test
    void notFoundReadsLikeKubeApiserver() {
        JsonNode status = Statuses.toStatus(Statuses.notFound("", "configmaps", "x"));
        assertEquals("Status", status.get("kind").asText());
        assertEquals("v1", status.get("apiVersion").asText());
        assertEquals("Failure", status.get("status").asText());
        assertEquals("configmaps \"x\" not found", status.get("message").asText());
        assertEquals("NotFound", status.get("reason").asText());
        assertEquals("x", status.at("/details/name").asText());
        assertEquals("configmaps", status.at("/details/kind").asText());
        assertFalse(status.at("/details").has("group"), "the core group is left out");
        assertEquals(404, status.get("code").asInt());
        assertEquals("workspaces.tenancy.kubicle.io \"w\" not found",
                Statuses.toStatus(Statuses.notFound("tenancy.kubicle.io", "workspaces", "w")).get("message").asText());
    }

    @Test
    void anInvalidObjectIsNamedByItsGroupQualifiedKind() {
        var error = io.kubicle.apiserver.api.FieldError.invalid("spec.replicas", "-1", "must be greater than or equal to 0");
        assertEquals("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                Statuses.invalid("apps", "Deployment", "web", List.of(error)).getMessage());
        assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                Statuses.invalid("meta.k8s.io", "PatchOptions", "", List.of(error)).getMessage());
        JsonNode pod = Statuses.toStatus(Statuses.invalid("", "Pod", "p", List.of(error)));
        assertEquals("Pod \"p\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                pod.get("message").asText());
        assertEquals("Pod", pod.at("/details/kind").asText(), "kubectl prints details.kind: The Pod \"p\" is invalid");
    }

    @Test
    void causesAreListed() {
        ApiError invalid = new ApiError(422, "Invalid", "bad", "n", "", "configmaps",
                List.of(new ApiError.Cause("FieldValueInvalid", "must be short", "metadata.name")));
        JsonNode cause = Statuses.toStatus(invalid).at("/details/causes/0");
        assertEquals("FieldValueInvalid", cause.get("reason").asText());
        assertEquals("metadata.name", cause.get("field").asText());
    }

    @Test
    void storageFailuresKeepTheirMeaning() {
        assertEquals(404, Statuses.from(new StorageException.NotFound("gone")).code());
        assertEquals("AlreadyExists", Statuses.from(new StorageException.AlreadyExists("dup")).reason());
        assertEquals(409, Statuses.from(new StorageException.Conflict("stale", 3)).code());
        assertEquals(410, Statuses.from(new StorageException.Expired("old", 3)).code());
        assertEquals(400, Statuses.from(new StorageException.InvalidArgument("continue key is not valid")).code());
        assertEquals(503, Statuses.from(new StorageException.Unavailable("db down", null)).code());
        assertEquals(504, Statuses.from(new StorageException.TooLargeRevision("future", 1)).code());
        ApiError bug = Statuses.from(new NullPointerException("oops"));
        assertEquals(500, bug.code());
        assertEquals("InternalError", bug.reason());
    }
}
