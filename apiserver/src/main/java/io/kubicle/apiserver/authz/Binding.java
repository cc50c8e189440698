package io.kubicle.apiserver.authz;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A RoleBinding (namespace set) or ClusterRoleBinding (namespace empty): who gets which role. */
public record Binding(String name, String namespace, String roleKind, String roleName, List<Subject> subjects) {

    public Binding {
        subjects = List.copyOf(subjects);
    }

    public static Binding from(JsonNode object) {
        JsonNode meta = object.path("metadata");
        List<Subject> subjects = new ArrayList<>();
        for (JsonNode s : object.path("subjects")) {
            subjects.add(new Subject(s.path("kind").asText(""), s.path("name").asText(""),
                    s.path("namespace").asText("")));
        }
        JsonNode ref = object.path("roleRef");
        return new Binding(meta.path("name").asText(""), meta.path("namespace").asText(""), ref.path("kind").asText(""),
                ref.path("name").asText(""), subjects);
    }

    /** A subject of a binding: kind User, Group or ServiceAccount. */
    public record Subject(String kind, String name, String namespace) {

        /** kube's describeSubject, for "allowed by" reasons. */
        String describe(String bindingNamespace) {
            if (kind.equals("ServiceAccount")) {
                return kind + " " + GoQuote.quote(name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace));
            }
            return kind + " " + GoQuote.quote(name);
        }
    }
}
