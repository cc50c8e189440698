package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * rbac.authorization.k8s.io/v1: Role and ClusterRole (kube's default table: Name, Created At; rule
 * validation), RoleBinding and ClusterRoleBinding (printRoleBinding; roleRef and subject validation,
 * SetDefaults_Subject).
 */
public final class RbacStrategies {
    static final String GROUP = "rbac.authorization.k8s.io";

    private RbacStrategies() {
    }

    public static final KindStrategy ROLE = new RoleStrategy(true);
    public static final KindStrategy CLUSTER_ROLE = new RoleStrategy(false);
    public static final KindStrategy ROLE_BINDING = new BindingStrategy(true);
    public static final KindStrategy CLUSTER_ROLE_BINDING = new BindingStrategy(false);

    private static final class RoleStrategy implements KindStrategy {
        private final boolean namespaced;

        RoleStrategy(boolean namespaced) {
            this.namespaced = namespaced;
        }

        @Override
        public List<FieldError> validate(ObjectNode role, ObjectNode old) {
            List<FieldError> errs = new ArrayList<>();
            List<JsonNode> rules = Json.items(role, "rules");
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                String p = "rules[" + i + "]";
                if (Json.items(rule, "verbs").isEmpty()) {
                    errs.add(FieldError.required(p + ".verbs", "verbs must contain at least one value"));
                }
                List<String> urls = new ArrayList<>();
                Json.items(rule, "nonResourceURLs").forEach(u -> urls.add(u.asText()));
                if (!urls.isEmpty()) {
                    if (namespaced) {
                        errs.add(FieldError.invalid(p + ".nonResourceURLs", GoFmt.stringSlice(urls),
                                "namespaced rules cannot apply to non-resource URLs"));
                    }
                    if (!Json.items(rule, "apiGroups").isEmpty() || !Json.items(rule, "resources").isEmpty()
                            || !Json.items(rule, "resourceNames").isEmpty()) {
                        errs.add(FieldError.invalid(p + ".nonResourceURLs", GoFmt.stringSlice(urls),
                                "rules cannot apply to both regular resources and non-resource URLs"));
                    }
                    continue;
                }
                if (Json.items(rule, "apiGroups").isEmpty()) {
                    errs.add(FieldError.required(p + ".apiGroups", "resource rules must supply at least one api group"));
                }
                if (Json.items(rule, "resources").isEmpty()) {
                    errs.add(FieldError.required(p + ".resources", "resource rules must supply at least one resource"));
                }
            }
            return errs;
        }

        @Override
        public List<TableColumn> columns() {
            return List.of(Columns.NAME, Columns.CREATED_AT);
        }

        @Override
        public List<Object> cells(ObjectNode role, Instant now) {
            return createdAtCells(role);
        }
    }

    /** The default table convertor's cells: name and creationTimestamp in RFC 3339, UTC. */
    static List<Object> createdAtCells(JsonNode object) {
        Instant created = Printing.time(object, "metadata", "creationTimestamp");
        String text = created == null ? "0001-01-01T00:00:00Z"
                : java.time.format.DateTimeFormatter.ISO_INSTANT.format(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return List.of(Printing.name(object), text);
    }

    private static final class BindingStrategy implements KindStrategy {
        private final boolean namespaced;
        private final List<TableColumn> columns;

        BindingStrategy(boolean namespaced) {
            this.namespaced = namespaced;
            String what = namespaced ? "roleBinding" : "clusterRoleBinding";
            this.columns = List.of(
                    Columns.NAME,
                    Columns.str("Role", namespaced
                            ? "RoleRef can reference a Role in the current namespace or a ClusterRole in the global"
                                    + " namespace. If the RoleRef cannot be resolved, the Authorizer must return an error."
                            : "RoleRef can only reference a ClusterRole in the global namespace. If the RoleRef cannot be"
                                    + " resolved, the Authorizer must return an error."),
                    Columns.AGE,
                    Columns.wide("Users", "Users in the " + what),
                    Columns.wide("Groups", "Groups in the " + what),
                    Columns.wide("ServiceAccounts", "ServiceAccounts in the " + what));
        }

        @Override
        public void applyDefaults(ObjectNode binding) {
            for (ObjectNode subject : Json.objects(binding, "subjects")) {
                String kind = Json.text(subject, "kind");
                if (Json.absent(subject, "apiGroup") || Json.text(subject, "apiGroup").isEmpty()) {
                    if (kind.equals("User") || kind.equals("Group")) {
                        subject.put("apiGroup", GROUP);
                    } else if (kind.equals("ServiceAccount")) {
                        subject.put("apiGroup", "");
                    }
                }
            }
        }

        @Override
        public List<FieldError> validate(ObjectNode binding, ObjectNode old) {
            List<FieldError> errs = new ArrayList<>();
            JsonNode ref = binding.path("roleRef");
            String apiGroup = Json.text(ref, "apiGroup");
            if (!GROUP.equals(apiGroup)) {
                errs.add(FieldError.notSupported("roleRef.apiGroup", GoFmt.quote(apiGroup), List.of(GROUP)));
            }
            String kind = Json.text(ref, "kind");
            List<String> kinds = namespaced ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
            if (!kinds.contains(kind)) {
                errs.add(FieldError.notSupported("roleRef.kind", GoFmt.quote(kind), kinds));
            }
            String name = Json.text(ref, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required("roleRef.name", ""));
            } else {
                Validators.pathSegmentName(name, false).forEach(m ->
                        errs.add(FieldError.invalid("roleRef.name", GoFmt.quote(name), m)));
            }
            List<JsonNode> subjects = Json.items(binding, "subjects");
            for (int i = 0; i < subjects.size(); i++) {
                validateSubject(subjects.get(i), "subjects[" + i + "]", errs);
            }
            if (old != null && !(apiGroup.equals(Json.text(old, "roleRef", "apiGroup")) && kind.equals(Json.text(old, "roleRef", "kind"))
                    && name.equals(Json.text(old, "roleRef", "name")))) {
                // ValidateRoleBindingUpdate prints the internal rbac.RoleRef with %#v
                errs.add(FieldError.invalid("roleRef", "rbac.RoleRef{APIGroup:" + GoFmt.quote(apiGroup) + ", Kind:"
                        + GoFmt.quote(kind) + ", Name:" + GoFmt.quote(name) + "}", "cannot change roleRef"));
            }
            return errs;
        }

        private void validateSubject(JsonNode subject, String p, List<FieldError> errs) {
            String name = Json.text(subject, "name");
            String apiGroup = Json.text(subject, "apiGroup");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".name", ""));
            }
            switch (Json.text(subject, "kind")) {
                case "ServiceAccount" -> {
                    if (!name.isEmpty()) {
                        Validators.dns1123Subdomain(name).forEach(m -> errs.add(FieldError.invalid(p + ".name", GoFmt.quote(name), m)));
                    }
                    if (!apiGroup.isEmpty()) {
                        errs.add(FieldError.notSupported(p + ".apiGroup", GoFmt.quote(apiGroup), List.of("")));
                    }
                    if (!namespaced && Json.text(subject, "namespace").isEmpty()) {
                        errs.add(FieldError.required(p + ".namespace", ""));
                    }
                }
                case "User", "Group" -> {
                    if (!GROUP.equals(apiGroup)) {
                        errs.add(FieldError.notSupported(p + ".apiGroup", GoFmt.quote(apiGroup), List.of(GROUP)));
                    }
                }
                default -> errs.add(FieldError.notSupported(p + ".kind", GoFmt.quote(Json.text(subject, "kind")),
                        List.of("ServiceAccount", "User", "Group")));
            }
        }

        @Override
        public List<TableColumn> columns() {
            return columns;
        }

        @Override
        public List<Object> cells(ObjectNode binding, Instant now) {
            List<String> users = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            List<String> sas = new ArrayList<>();
            for (JsonNode s : Json.items(binding, "subjects")) {
                switch (Json.text(s, "kind")) {
                    case "ServiceAccount" -> sas.add(Json.text(s, "namespace") + "/" + Json.text(s, "name"));
                    case "User" -> users.add(Json.text(s, "name"));
                    case "Group" -> groups.add(Json.text(s, "name"));
                    default -> {
                    }
                }
            }
            return List.of(Printing.name(binding), Json.text(binding, "roleRef", "kind") + "/" + Json.text(binding, "roleRef", "name"),
                    Printing.age(binding, now), String.join(", ", users), String.join(", ", groups), String.join(", ", sas));
        }
    }
}
