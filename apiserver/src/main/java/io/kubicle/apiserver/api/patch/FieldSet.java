package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A set of field paths, as sigs.k8s.io/structured-merge-diff's fieldpath.Set: a tree whose nodes may
 * themselves be members. Serialises to and from the {@code FieldsV1} format of managedFields
 * ({@code {"f:spec":{"f:replicas":{}}}}, {@code "."} marking a node that is also a member).
 */
final class FieldSet {
    private boolean member;
    private final TreeMap<PathElement, FieldSet> children = new TreeMap<>();

    /**
     * One step of a path: a field ({@code f:name}), a list-map key ({@code k:{"name":"web"}}), a set
     * value ({@code v:"finalizer"}) or an atomic-list index ({@code i:0}). {@code text} is the FieldsV1
     * form, canonical so that equal elements have equal text.
     */
    record PathElement(char kind, String text) implements Comparable<PathElement> {
        static PathElement field(String name) {
            return new PathElement('f', "f:" + name);
        }

        /** {@code keys} holds the key fields; they are written sorted by name. */
        static PathElement key(ObjectNode keys) {
            return new PathElement('k', "k:" + Json.canonical(keys));
        }

        static PathElement value(JsonNode value) {
            return new PathElement('v', "v:" + Json.canonical(value));
        }

        static PathElement parse(String text) {
            if (text.length() < 2 || text.charAt(1) != ':' || "fkvi".indexOf(text.charAt(0)) < 0) {
                return null;
            }
            if (text.charAt(0) == 'k' || text.charAt(0) == 'v') {
                JsonNode body = Json.parse(text.substring(2));
                return text.charAt(0) == 'k' && body.isObject() ? key((ObjectNode) body) : value(body);
            }
            return new PathElement(text.charAt(0), text);
        }

        /** Human form used in conflict messages: {@code .replicas}, {@code [name="web"]}, {@code [=v]}, {@code [0]}. */
        String display() {
            String body = text.substring(2);
            return switch (kind) {
                case 'f' -> "." + body;
                case 'k' -> {
                    List<String> parts = new ArrayList<>();
                    Json.parse(body).fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + Json.canonical(e.getValue())));
                    yield "[" + String.join(",", parts) + "]";
                }
                case 'v' -> "[=" + body + "]";
                default -> "[" + body + "]";
            };
        }

        @Override
        public int compareTo(PathElement o) {
            int byKind = Integer.compare("fkvi".indexOf(kind), "fkvi".indexOf(o.kind));
            return byKind != 0 ? byKind : text.compareTo(o.text);
        }
    }

    boolean isEmpty() {
        return !member && children.isEmpty();
    }

    boolean member() {
        return member;
    }

    /** The subtree below {@code pe}, or null. */
    FieldSet child(PathElement pe) {
        return children.get(pe);
    }

    /** The subtree below {@code pe}, created if needed. */
    FieldSet descend(PathElement pe) {
        return children.computeIfAbsent(pe, k -> new FieldSet());
    }

    void insert(List<PathElement> path) {
        FieldSet node = this;
        for (PathElement pe : path) {
            node = node.descend(pe);
        }
        node.member = true;
    }

    boolean has(List<PathElement> path) {
        FieldSet node = this;
        for (PathElement pe : path) {
            node = node.children.get(pe);
            if (node == null) {
                return false;
            }
        }
        return node.member;
    }

    FieldSet copy() {
        FieldSet out = new FieldSet();
        out.member = member;
        children.forEach((k, v) -> out.children.put(k, v.copy()));
        return out;
    }

    FieldSet union(FieldSet other) {
        FieldSet out = copy();
        out.addAll(other);
        return out;
    }

    private void addAll(FieldSet other) {
        member |= other.member;
        other.children.forEach((k, v) -> descend(k).addAll(v));
    }

    FieldSet intersection(FieldSet other) {
        FieldSet out = new FieldSet();
        out.member = member && other.member;
        children.forEach((k, v) -> {
            FieldSet o = other.children.get(k);
            if (o != null) {
                FieldSet both = v.intersection(o);
                if (!both.isEmpty()) {
                    out.children.put(k, both);
                }
            }
        });
        return out;
    }

    FieldSet difference(FieldSet other) {
        FieldSet out = new FieldSet();
        out.member = member && !other.member;
        children.forEach((k, v) -> {
            FieldSet o = other.children.get(k);
            FieldSet rest = o == null ? v.copy() : v.difference(o);
            if (!rest.isEmpty()) {
                out.children.put(k, rest);
            }
        });
        return out;
    }

    /** Visits member paths as fieldpath.Set.Iterate does: this level's members first, then each child's. */
    void iterate(Consumer<List<PathElement>> visitor) {
        iterate(new ArrayList<>(), visitor);
    }

    private void iterate(List<PathElement> prefix, Consumer<List<PathElement>> visitor) {
        children.forEach((pe, node) -> {
            if (node.member) {
                prefix.add(pe);
                visitor.accept(List.copyOf(prefix));
                prefix.remove(prefix.size() - 1);
            }
        });
        children.forEach((pe, node) -> {
            if (!node.children.isEmpty()) {
                prefix.add(pe);
                node.iterate(prefix, visitor);
                prefix.remove(prefix.size() - 1);
            }
        });
    }

    static String display(List<PathElement> path) {
        StringBuilder sb = new StringBuilder();
        path.forEach(pe -> sb.append(pe.display()));
        return sb.toString();
    }

    /** FieldsV1 JSON, children in fieldpath order and {@code "."} last, as structured-merge-diff writes it. */
    ObjectNode toJson() {
        ObjectNode out = Json.object();
        children.forEach((pe, node) -> {
            ObjectNode child = node.toJson();
            if (node.member && !node.children.isEmpty()) {
                child.set(".", Json.object());
            }
            out.set(pe.text(), child);
        });
        return out;
    }

    /** Reads FieldsV1 JSON; unknown element kinds are skipped as structured-merge-diff does. */
    static FieldSet fromJson(JsonNode json) {
        FieldSet set = new FieldSet();
        if (json != null && json.isObject()) {
            read(set, (ObjectNode) json);
        }
        return set;
    }

    private static void read(FieldSet node, ObjectNode json) {
        for (Map.Entry<String, JsonNode> e : StrategicMergePatch.fields(json)) {
            if (".".equals(e.getKey())) {
                continue;
            }
            PathElement pe = PathElement.parse(e.getKey());
            if (pe == null) {
                continue;
            }
            FieldSet child = node.descend(pe);
            JsonNode body = e.getValue();
            boolean hasChildren = false;
            if (body.isObject()) {
                read(child, (ObjectNode) body);
                hasChildren = body.size() > (body.has(".") ? 1 : 0);
            }
            if (!hasChildren || body.has(".")) {
                child.member = true;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && member == f.member && children.equals(f.children);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(member) * 31 + children.hashCode();
    }
}
