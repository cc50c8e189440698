package io.kubicle.apiserver.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.ResourceType;
import io.kubicle.apiserver.api.TableColumn;
import io.kubicle.apiserver.api.crd.schema.CrdSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a stored CustomResourceDefinition into the versions it serves. Schemas are compiled once per CRD
 * uid and generation and shared by every catalog that includes that CRD.
 */
public final class CrdVersions {
    private static final int CACHE_SIZE = 256;
    private static final Map<String, List<ServedVersion>> COMPILED = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<ServedVersion>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private CrdVersions() {
    }

    public static List<ServedVersion> served(JsonNode crd) {
        // the spec's hash guards against a refused update that compiled the same generation with another spec
        String cacheKey = crd.path("metadata").path("uid").asText() + "/"
                + crd.path("metadata").path("generation").asText() + "/" + crd.path("spec").hashCode();
        synchronized (COMPILED) {
            List<ServedVersion> hit = COMPILED.get(cacheKey);
            if (hit != null) {
                return hit;
            }
        }
        List<ServedVersion> built = build(crd);
        synchronized (COMPILED) {
            COMPILED.put(cacheKey, built);
        }
        return built;
    }

    private static List<ServedVersion> build(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        JsonNode names = spec.path("names");
        String kind = names.path("kind").asText();
        String singular = names.path("singular").asText(kind.toLowerCase());
        List<String> shortNames = strings(names.path("shortNames"));
        List<String> categories = strings(names.path("categories"));
        boolean namespaced = !"Cluster".equals(spec.path("scope").asText());
        List<ServedVersion> out = new ArrayList<>();
        for (JsonNode v : spec.path("versions")) {
            if (!v.path("served").asBoolean(false)) {
                continue;
            }
            List<String> subresources = new ArrayList<>();
            JsonNode sub = v.path("subresources");
            if (sub.has("status")) {
                subresources.add("status");
            }
            if (sub.has("scale")) {
                subresources.add("scale");
            }
            ResourceType type = new ResourceType(spec.path("group").asText(), v.path("name").asText(),
                    names.path("plural").asText(), kind, singular, namespaced, ResourceType.ALL_VERBS, shortNames,
                    categories, subresources);
            JsonNode raw = v.path("schema").path("openAPIV3Schema");
            out.add(new ServedVersion(type, new CustomResourceStrategy(CrdSchema.compile(raw), raw, printerColumns(v),
                    selectableFields(v), scale(sub.path("scale")))));
        }
        return List.copyOf(out);
    }

    private static List<CustomResourceStrategy.PrinterColumn> printerColumns(JsonNode version) {
        List<CustomResourceStrategy.PrinterColumn> out = new ArrayList<>();
        JsonNode columns = version.path("additionalPrinterColumns");
        if (!columns.isArray()) {
            // kube's default when a CRD declares no columns: Age from creationTimestamp
            out.add(new CustomResourceStrategy.PrinterColumn(new TableColumn("Age", "date", "",
                    TableColumn.ageColumn().description(), 0), SimpleJsonPath.parse(".metadata.creationTimestamp")));
            return out;
        }
        for (JsonNode c : columns) {
            TableColumn column = new TableColumn(c.path("name").asText(), c.path("type").asText("string"),
                    c.path("format").asText(""), c.path("description").asText(""), c.path("priority").asInt(0));
            out.add(new CustomResourceStrategy.PrinterColumn(column, SimpleJsonPath.parse(c.path("jsonPath").asText())));
        }
        return out;
    }

    private static Map<String, SimpleJsonPath> selectableFields(JsonNode version) {
        Map<String, SimpleJsonPath> out = new LinkedHashMap<>();
        for (JsonNode f : version.path("selectableFields")) {
            String path = f.path("jsonPath").asText();
            out.put(path.startsWith(".") ? path.substring(1) : path, SimpleJsonPath.parse(path));
        }
        return out;
    }

    private static KindStrategy.ScalePaths scale(JsonNode scale) {
        if (!scale.isObject()) {
            return null;
        }
        String selector = scale.path("labelSelectorPath").asText("");
        return new KindStrategy.ScalePaths(pointer(scale.path("specReplicasPath").asText()),
                pointer(scale.path("statusReplicasPath").asText()), selector.isEmpty() ? "/metadata/kubicleNoSelector" : pointer(selector));
    }

    /** ".spec.replicas" as the JSON pointer "/spec/replicas". */
    private static String pointer(String jsonPath) {
        return jsonPath.replace('.', '/');
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
