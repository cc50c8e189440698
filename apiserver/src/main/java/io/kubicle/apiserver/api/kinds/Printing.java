package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.HumanDuration;
import io.kubicle.apiserver.api.KindStrategy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Cell formatting shared by the printers (printers.go helpers). */
final class Printing {
    private Printing() {
    }

    static String name(JsonNode object) {
        return Json.text(object, "metadata", "name");
    }

    static String age(JsonNode object, Instant now) {
        return KindStrategy.Ages.since(object, now);
    }

    /** A timestamp, or null when missing or unparsable (Go's zero time). */
    static Instant time(JsonNode node, String... path) {
        String s = Json.text(node, path);
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** translateTimestampSince: "<unknown>" for a missing time. */
    static String since(Instant t, Instant now) {
        return t == null ? "<unknown>" : HumanDuration.format(Duration.between(t, now));
    }

    static String since(JsonNode node, Instant now, String... path) {
        return since(time(node, path), now);
    }

    /** layoutContainerCells: comma-joined names and images of a pod spec's containers. */
    static String[] containerCells(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : Json.items(podSpec, "containers")) {
            names.add(Json.text(c, "name"));
            images.add(Json.text(c, "image"));
        }
        return new String[] {String.join(",", names), String.join(",", images)};
    }

    /** printBoolPtr: "True", "False" or "<unset>". */
    static String boolPtr(JsonNode node, String... path) {
        JsonNode n = Json.at(node, path);
        if (n.isMissingNode() || n.isNull()) {
            return "<unset>";
        }
        return n.asBoolean() ? "True" : "False";
    }

    /** helper.GetAccessModesAsString: "RWO,ROX,RWX,RWOP" in that order, duplicates removed. */
    static String accessModes(JsonNode modes) {
        TreeSet<String> present = new TreeSet<>();
        modes.forEach(m -> present.add(m.asText()));
        List<String> out = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    /** loadBalancerStatusStringer (wide, as the server prints): sorted unique IPs or hostnames. */
    static String loadBalancerIngress(JsonNode status) {
        TreeSet<String> result = new TreeSet<>();
        for (JsonNode ing : Json.items(status, "loadBalancer", "ingress")) {
            if (!Json.text(ing, "ip").isEmpty()) {
                result.add(Json.text(ing, "ip"));
            } else if (!Json.text(ing, "hostname").isEmpty()) {
                result.add(Json.text(ing, "hostname"));
            }
        }
        return String.join(",", result);
    }

    /** An int-or-string as intstr.String(): numbers bare, strings as given. */
    static String intOrString(JsonNode node) {
        return node.isNumber() ? Long.toString(node.asLong()) : node.asText();
    }
}
