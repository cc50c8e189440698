package io.kubicle.apiserver.api.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply would change fields another manager owns (and {@code force} was not set). The
 * HTTP layer answers 409 Conflict with reason "Conflict", {@link #getMessage()} as message and one
 * cause per conflict: type "FieldManagerConflict", {@link Conflict#message()} and {@link
 * Conflict#field()} — exactly what k8s.io/apimachinery's managedfields NewConflictError builds.
 */
public class ApplyConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The Status cause type kube-apiserver uses for these conflicts. */
    public static final String CAUSE_TYPE = "FieldManagerConflict";

    private final transient List<Conflict> conflicts;

    /** {@code conflicts} must be non-empty and in kube's order (by manager identity, then path). */
    public ApplyConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    /**
     * One field owned by another manager.
     *
     * @param manager the other manager's name, e.g. "kubectl-client-side-apply"
     * @param operation "Apply" or "Update"
     * @param apiVersion the version the other manager wrote with (shown for Update managers)
     * @param subresource e.g. "status", or null
     * @param field the path in structured-merge-diff notation, e.g. {@code .spec.replicas} or
     *     {@code .spec.containers[name="nginx"].image}
     */
    public record Conflict(String manager, String operation, String apiVersion, String subresource, String field) {

        /** How kube prints the manager: {@code "kubectl" using apps/v1} for Update, {@code "kubectl"} for Apply. */
        public String describeManager() {
            StringBuilder sb = new StringBuilder(quote(manager));
            if (subresource != null && !subresource.isEmpty()) {
                sb.append(" with subresource ").append(quote(subresource));
            }
            if ("Update".equals(operation)) {
                sb.append(" using ").append(apiVersion == null ? "" : apiVersion);
            }
            return sb.toString();
        }

        /** The Status cause message: {@code conflict with "kubectl" using apps/v1}. */
        public String message() {
            return "conflict with " + describeManager();
        }
    }

    private static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.describeManager() + ": " + c.field();
        }
        Map<String, List<String>> byManager = new LinkedHashMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.describeManager(), k -> new ArrayList<>()).add(c.field());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((manager, fields) -> {
            lines.add("conflicts with " + manager + ":");
            fields.forEach(f -> lines.add("- " + f));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }

    /** Go's %q for the ASCII names managers use. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : (s == null ? "" : s).toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
