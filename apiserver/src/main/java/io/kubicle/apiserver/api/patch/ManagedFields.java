package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metadata.managedFields}: decoding the entries into field sets keyed by manager identity and
 * encoding them back, sorted the way k8s.io/apimachinery's managedfields package sorts them
 * (Apply before Update, then by time, manager, apiVersion, subresource).
 */
final class ManagedFields {
    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    private ManagedFields() {
    }

    /**
     * One manager's ownership. Apply managers are identified without their apiVersion, Update managers
     * with it, as BuildManagerIdentifier does.
     */
    record Entry(String manager, String operation, String apiVersion, String time, String subresource, FieldSet set) {

        /** The identifier kube uses internally: the JSON of the entry without time and fields. */
        String identity() {
            return identity(manager, operation, apiVersion, subresource);
        }

        static String identity(String manager, String operation, String apiVersion, String subresource) {
            StringBuilder sb = new StringBuilder("{\"manager\":").append(Json.string(manager == null ? "" : manager));
            sb.append(",\"operation\":").append(Json.string(operation == null ? "" : operation));
            if (UPDATE.equals(operation) && apiVersion != null && !apiVersion.isEmpty()) {
                sb.append(",\"apiVersion\":").append(Json.string(apiVersion));
            }
            if (subresource != null && !subresource.isEmpty()) {
                sb.append(",\"subresource\":").append(Json.string(subresource));
            }
            return sb.append('}').toString();
        }

        Entry withSet(FieldSet s) {
            return new Entry(manager, operation, apiVersion, time, subresource, s);
        }

        Entry withTime(String t) {
            return new Entry(manager, operation, apiVersion, t, subresource, set);
        }
    }

    /** Entries by identity, in their stored order; entries that are not FieldsV1 are ignored. */
    static Map<String, Entry> decode(JsonNode managedFields) {
        Map<String, Entry> out = new LinkedHashMap<>();
        if (managedFields == null || !managedFields.isArray()) {
            return out;
        }
        for (JsonNode e : managedFields) {
            if (!e.isObject() || !"FieldsV1".equals(e.path("fieldsType").asText("FieldsV1")) || !e.has("manager")) {
                continue;
            }
            Entry entry = new Entry(text(e, "manager"), text(e, "operation"), text(e, "apiVersion"), text(e, "time"),
                    text(e, "subresource"), FieldSet.fromJson(e.get("fieldsV1")));
            Entry previous = out.get(entry.identity());
            if (previous != null) {
                entry = entry.withSet(previous.set().union(entry.set()));
            }
            out.put(entry.identity(), entry);
        }
        return out;
    }

    /** The managedFields array for {@code entries}; empty sets are dropped. */
    static ArrayNode encode(Iterable<Entry> entries) {
        List<Entry> sorted = new ArrayList<>();
        entries.forEach(e -> {
            if (!e.set().isEmpty()) {
                sorted.add(e);
            }
        });
        sorted.sort(Comparator.comparing((Entry e) -> nz(e.operation()))
                .thenComparing(e -> e.time() == null ? Instant.EPOCH : parseTime(e.time()))
                .thenComparing(e -> nz(e.manager()))
                .thenComparing(e -> nz(e.apiVersion()))
                .thenComparing(e -> nz(e.subresource())));
        ArrayNode out = Json.NODES.arrayNode();
        for (Entry e : sorted) {
            ObjectNode o = out.addObject();
            o.put("manager", e.manager());
            o.put("operation", e.operation());
            if (e.apiVersion() != null) {
                o.put("apiVersion", e.apiVersion());
            }
            if (e.time() != null) {
                o.put("time", e.time());
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", e.set().toJson());
            if (e.subresource() != null && !e.subresource().isEmpty()) {
                o.put("subresource", e.subresource());
            }
        }
        return out;
    }

    /** RFC 3339 with seconds precision, as metav1.Time marshals. */
    static String time(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Instant parseTime(String t) {
        if (t.length() == 20 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':'
                && t.charAt(16) == ':' && t.charAt(19) == 'Z') {
            // the form kube (and we) write; Instant.parse costs microseconds, and every write sorts these times
            try {
                long day = java.time.LocalDate.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10)).toEpochDay();
                int second = digits(t, 11, 13) * 3600 + digits(t, 14, 16) * 60 + digits(t, 17, 19);
                if (second < 86400) {
                    return Instant.ofEpochSecond(day * 86400 + second);
                }
            } catch (RuntimeException e) {
                // not a date after all: the full parser decides
            }
        }
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(s);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
