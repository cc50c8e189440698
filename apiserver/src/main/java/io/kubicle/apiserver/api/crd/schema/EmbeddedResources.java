package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.kinds.GoFmt;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** x-kubernetes-embedded-resource: apiVersion and kind are required, metadata is an ObjectMeta. */
final class EmbeddedResources {
    /** The ObjectMeta fields kept when pruning an embedded object's metadata. */
    static final Set<String> OBJECT_META_FIELDS = Set.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private EmbeddedResources() {
    }

    static void check(JsonNode v, String path, List<FieldError> errors) {
        String apiVersionPath = Validator.child(path, "apiVersion");
        String kindPath = Validator.child(path, "kind");
        JsonNode apiVersion = v.get("apiVersion");
        JsonNode kind = v.get("kind");
        if (apiVersion == null) {
            errors.add(FieldError.required(apiVersionPath, "must not be empty"));
        } else if (!apiVersion.isTextual()) {
            errors.add(FieldError.invalid(apiVersionPath, JsonValues.render(apiVersion), "must be a string"));
        } else if (apiVersion.textValue().isEmpty()) {
            errors.add(FieldError.invalid(apiVersionPath, "\"\"", "must not be empty"));
        } else if (apiVersion.textValue().chars().filter(c -> c == '/').count() > 1) {
            errors.add(FieldError.invalid(apiVersionPath, GoFmt.quote(apiVersion.textValue()),
                    "unexpected GroupVersion string: " + apiVersion.textValue()));
        }
        if (kind == null) {
            errors.add(FieldError.required(kindPath, "must not be empty"));
        } else if (!kind.isTextual()) {
            errors.add(FieldError.invalid(kindPath, JsonValues.render(kind), "must be a string"));
        } else if (kind.textValue().isEmpty()) {
            errors.add(FieldError.invalid(kindPath, "\"\"", "must not be empty"));
        } else if (!DNS1035.matcher(kind.textValue().toLowerCase()).matches()) {
            errors.add(FieldError.invalid(kindPath, GoFmt.quote(kind.textValue()),
                    "may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case "
                            + "alphanumeric characters or '-', start with an alphabetic character, and end with an "
                            + "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                            + "'[a-z]([-a-z0-9]*[a-z0-9])?')"));
        }
        JsonNode metadata = v.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            errors.add(FieldError.invalid(Validator.child(path, "metadata"), JsonValues.render(metadata),
                    "must be an object"));
        }
    }
}
