package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metadata rules kube-apiserver applies to every object (apimachinery's ValidateObjectMeta):
 * name or generateName, the name format of the kind, namespace presence, labels, annotations
 * (keys and the 256 KiB total), finalizers and ownerReferences. Messages and field paths are
 * kube's, e.g. {@code metadata.annotations: Too long: may not be more than 262144 bytes}.
 */
public final class MetadataValidation {
    /** apimachinery's TotalAnnotationSizeLimitB. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private static final String RBAC = "rbac.authorization.k8s.io";

    private MetadataValidation() {
    }

    /** How a kind's metadata.name is checked (the nameFn passed to ValidateObjectMeta). */
    public enum NameRule {
        /** NameIsDNSSubdomain: most kinds and all custom resources. */
        SUBDOMAIN,
        /** NameIsDNSLabel: Namespaces. */
        LABEL,
        /** NameIsDNS1035Label: Services (RelaxedServiceNameValidation is alpha, off by default). */
        DNS1035_LABEL,
        /** ValidatePathSegmentName: RBAC kinds; only "." / ".." and '/' or '%' are refused. */
        PATH_SEGMENT;

        /** The messages for a name, or for a generateName prefix when {@code prefix} is true. */
        public List<String> check(String name, boolean prefix) {
            String n = prefix && this != PATH_SEGMENT ? maskTrailingDash(name) : name;
            return switch (this) {
                case SUBDOMAIN -> Validators.dns1123Subdomain(n);
                case LABEL -> Validators.dns1123Label(n);
                case DNS1035_LABEL -> Validators.dns1035Label(n);
                case PATH_SEGMENT -> Validators.pathSegmentName(n, prefix);
            };
        }
    }

    /** The name rule kube-apiserver uses for a kind; SUBDOMAIN for anything not special. */
    public static NameRule nameRuleFor(String group, String kind) {
        String g = group == null ? "" : group;
        if (g.isEmpty() && "Namespace".equals(kind)) {
            return NameRule.LABEL;
        }
        if (g.isEmpty() && "Service".equals(kind)) {
            return NameRule.DNS1035_LABEL;
        }
        if (RBAC.equals(g) && List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding").contains(kind)) {
            return NameRule.PATH_SEGMENT;
        }
        return NameRule.SUBDOMAIN;
    }

    /** All metadata errors of {@code object}, in kube's order; empty when valid. */
    public static List<FieldError> validate(ObjectNode object, boolean namespaced, NameRule rule) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode meta = Json.at(object, "metadata");
        String name = Json.text(meta, "name");
        String generateName = Json.text(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String msg : rule.check(generateName, true)) {
                errs.add(FieldError.invalid("metadata.generateName", GoFmt.quote(generateName), msg));
            }
        }
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            for (String msg : rule.check(name, false)) {
                errs.add(FieldError.invalid("metadata.name", GoFmt.quote(name), msg));
            }
        }
        String namespace = Json.text(meta, "namespace");
        if (namespaced) {
            if (namespace.isEmpty()) {
                errs.add(FieldError.required("metadata.namespace", ""));
            } else {
                for (String msg : Validators.dns1123Label(namespace)) {
                    errs.add(FieldError.invalid("metadata.namespace", GoFmt.quote(namespace), msg));
                }
            }
        } else if (!namespace.isEmpty()) {
            errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
        }
        long generation = Json.num(meta, "generation");
        if (generation < 0) {
            errs.add(FieldError.invalid("metadata.generation", Long.toString(generation),
                    "must be greater than or equal to 0"));
        }
        errs.addAll(validateLabels(Json.stringMap(meta, "labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(Json.stringMap(meta, "annotations"), "metadata.annotations"));
        errs.addAll(validateFinalizers(Json.items(meta, "finalizers")));
        errs.addAll(validateOwnerReferences(Json.items(meta, "ownerReferences")));
        return errs;
    }

    /** ValidateLabels: keys are qualified names, values label values; all errors on the map's path. */
    public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
        List<FieldError> errs = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String msg : Validators.qualifiedName(e.getKey())) {
                errs.add(FieldError.invalid(path, GoFmt.quote(e.getKey()), msg));
            }
            for (String msg : Validators.labelValue(e.getValue())) {
                errs.add(FieldError.invalid(path, GoFmt.quote(e.getValue()), msg));
            }
        }
        return errs;
    }

    static List<FieldError> validateAnnotations(Map<String, String> annotations, String path) {
        List<FieldError> errs = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String msg : Validators.qualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(FieldError.invalid(path, GoFmt.quote(e.getKey()), msg));
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(new FieldError(FieldError.TOO_LONG, path, null,
                    "may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
        }
        return errs;
    }

    private static List<FieldError> validateFinalizers(List<JsonNode> finalizers) {
        List<FieldError> errs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode f : finalizers) {
            String value = f.asText("");
            names.add(value);
            for (String msg : Validators.qualifiedName(value)) {
                errs.add(FieldError.invalid("metadata.finalizers", GoFmt.quote(value), msg));
            }
        }
        if (names.contains("orphan") && names.contains("foregroundDeletion")) {
            errs.add(FieldError.invalid("metadata.finalizers", GoFmt.stringSlice(names),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return errs;
    }

    private static List<FieldError> validateOwnerReferences(List<JsonNode> refs) {
        List<FieldError> errs = new ArrayList<>();
        String firstController = "";
        String path = "metadata.ownerReferences";
        for (JsonNode ref : refs) {
            String apiVersion = Json.text(ref, "apiVersion");
            String kind = Json.text(ref, "kind");
            String version = versionOf(apiVersion);
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            if (version.isEmpty()) {
                errs.add(FieldError.invalid(path + ".apiVersion", GoFmt.quote(apiVersion), "version must not be empty"));
            }
            if (kind.isEmpty()) {
                errs.add(FieldError.invalid(path + ".kind", GoFmt.quote(kind), "must not be empty"));
            }
            if (Json.text(ref, "name").isEmpty()) {
                errs.add(FieldError.invalid(path + ".name", "\"\"", "must not be empty"));
            }
            if (Json.text(ref, "uid").isEmpty()) {
                errs.add(FieldError.invalid(path + ".uid", "\"\"", "must not be empty"));
            }
            if (group.isEmpty() && "v1".equals(version) && "Event".equals(kind)) {
                errs.add(FieldError.invalid(path, ownerReference(ref), "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (Json.bool(ref, "controller")) {
                String current = kind + "/" + Json.text(ref, "name");
                if (!firstController.isEmpty()) {
                    StringBuilder all = new StringBuilder("[]v1.OwnerReference{");
                    for (int i = 0; i < refs.size(); i++) {
                        all.append(i == 0 ? "" : ", ").append(ownerReference(refs.get(i)));
                    }
                    errs.add(FieldError.invalid(path, all.append('}').toString(),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }

    /** schema.FromAPIVersionAndKind's version: "" when apiVersion does not parse. */
    private static String versionOf(String apiVersion) {
        int slashes = apiVersion.length() - apiVersion.replace("/", "").length();
        if (slashes == 0) {
            return apiVersion;
        }
        return slashes == 1 ? apiVersion.substring(apiVersion.indexOf('/') + 1) : "";
    }

    private static String ownerReference(JsonNode ref) {
        return "v1.OwnerReference{APIVersion:" + GoFmt.quote(Json.text(ref, "apiVersion"))
                + ", Kind:" + GoFmt.quote(Json.text(ref, "kind"))
                + ", Name:" + GoFmt.quote(Json.text(ref, "name"))
                + ", UID:" + GoFmt.quote(Json.text(ref, "uid"))
                + ", Controller:" + (Json.present(ref, "controller") ? "(*bool)(" + Json.bool(ref, "controller") + ")" : "(*bool)(nil)")
                + ", BlockOwnerDeletion:" + (Json.present(ref, "blockOwnerDeletion")
                        ? "(*bool)(" + Json.bool(ref, "blockOwnerDeletion") + ")" : "(*bool)(nil)") + "}";
    }

    /** apimachinery's maskTrailingDash: a generateName prefix "abc-" is checked as "aba". */
    static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }
}
