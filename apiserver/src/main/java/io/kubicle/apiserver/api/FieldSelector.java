package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import java.util.ArrayList;
import java.util.List;

/**
 * A field selector ({@code metadata.name=x,status.phase!=Running}). metadata.name and
 * metadata.namespace work for every kind; other fields only where the kind's strategy serves them,
 * and an unknown field is a 400 as in kube-apiserver.
 */
public record FieldSelector(List<Term> terms) {
    public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    public record Term(String field, boolean equals, String value) {
    }

    public static FieldSelector parse(String text, KindStrategy strategy, ObjectNode probe) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int ne = p.indexOf("!=");
            int eq2 = p.indexOf("==");
            int eq = p.indexOf('=');
            Term term;
            if (ne > 0) {
                term = new Term(p.substring(0, ne).strip(), false, p.substring(ne + 2).strip());
            } else if (eq2 > 0) {
                term = new Term(p.substring(0, eq2).strip(), true, p.substring(eq2 + 2).strip());
            } else if (eq > 0) {
                term = new Term(p.substring(0, eq).strip(), true, p.substring(eq + 1).strip());
            } else {
                throw Statuses.badRequest("invalid selector: '" + text + "'; can't understand '" + p + "'");
            }
            if (!term.field().equals("metadata.name") && !term.field().equals("metadata.namespace")
                    && strategy.fieldValue(probe, term.field()) == null) {
                throw Statuses.badRequest("field label not supported: " + term.field());
            }
            terms.add(term);
        }
        return new FieldSelector(terms);
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    public boolean matches(ObjectNode object, KindStrategy strategy) {
        for (Term t : terms) {
            String actual = switch (t.field()) {
                case "metadata.name" -> Json.text(Json.metadata(object), "name");
                case "metadata.namespace" -> Json.text(Json.metadata(object), "namespace");
                default -> {
                    String v = strategy.fieldValue(object, t.field());
                    yield v == null ? "" : v;
                }
            };
            if (actual.equals(t.value()) != t.equals()) {
                return false;
            }
        }
        return true;
    }
}
