package io.kubicle.apiserver.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.FieldError;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.KnownFields;
import io.kubicle.apiserver.api.TableColumn;
import io.kubicle.apiserver.api.crd.schema.CrdSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategy of one served version of a CRD: structural pruning and defaulting, schema and CEL validation,
 * additionalPrinterColumns, selectableFields and the scale subresource paths.
 */
public final class CustomResourceStrategy implements KindStrategy, KnownFields {
    private final CrdSchema schema;
    private final JsonNode rawSchema;
    private final List<PrinterColumn> printerColumns;
    private final Map<String, SimpleJsonPath> selectableFields;
    private final ScalePaths scale;

    record PrinterColumn(TableColumn column, SimpleJsonPath path) {
    }

    CustomResourceStrategy(CrdSchema schema, JsonNode rawSchema, List<PrinterColumn> printerColumns,
                           Map<String, SimpleJsonPath> selectableFields, ScalePaths scale) {
        this.schema = schema;
        this.rawSchema = rawSchema;
        this.printerColumns = printerColumns;
        this.selectableFields = selectableFields;
        this.scale = scale;
    }

    /** The version's openAPIV3Schema as the CRD declares it (for the OpenAPI documents). */
    public JsonNode openApiSchema() {
        return rawSchema;
    }

    /** CEL rules of this version that do not compile; {@code prefix} is "spec.versions[i].schema". */
    public List<FieldError> ruleCompileErrors(String prefix) {
        return schema.ruleCompileErrors(prefix);
    }

    /** How server-side apply merges this kind's lists. */
    public io.kubicle.apiserver.api.patch.PatchSchema patchSchema() {
        return new CrdPatchSchema(schema);
    }

    /** The fields pruning would drop from {@code object} (left unchanged), after the repeated known ones. */
    @Override
    public List<String> problems(ObjectNode object, Set<String> duplicates) {
        List<String> unknown = schema.prune(object.deepCopy());
        List<String> problems = new ArrayList<>();
        for (String path : duplicates) {
            if (!unknown.contains(path)) {
                problems.add("duplicate field \"" + path + "\"");
            }
        }
        unknown.forEach(path -> problems.add("unknown field \"" + path + "\""));
        return problems;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
        schema.prune(object);
        schema.applyDefaults(object);
    }

    @Override
    public List<FieldError> validate(ObjectNode object, ObjectNode old) {
        return schema.validate(object, old);
    }

    @Override
    public List<TableColumn> columns() {
        List<TableColumn> out = new ArrayList<>();
        out.add(TableColumn.nameColumn());
        printerColumns.forEach(c -> out.add(c.column()));
        return out;
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
        List<Object> out = new ArrayList<>();
        out.add(object.path("metadata").path("name").asText());
        for (PrinterColumn c : printerColumns) {
            out.add(cell(c, object, now));
        }
        return out;
    }

    private static Object cell(PrinterColumn c, ObjectNode object, Instant now) {
        JsonNode v = c.path().first(object);
        if (v == null || v.isNull()) {
            return null;
        }
        String type = c.column().type();
        if ("date".equals(type) && v.isTextual()) {
            ObjectNode holder = object.objectNode();
            holder.putObject("metadata").put("creationTimestamp", v.textValue());
            return Ages.since(holder, now);
        }
        if (("integer".equals(type) || "number".equals(type)) && v.isNumber()) {
            return v.numberValue();
        }
        if ("boolean".equals(type) && v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    @Override
    public String fieldValue(ObjectNode object, String field) {
        SimpleJsonPath path = selectableFields.get(field);
        if (path == null) {
            return null;
        }
        JsonNode v = path.first(object);
        return v == null || v.isNull() ? "" : v.asText();
    }

    @Override
    public ScalePaths scale() {
        return scale;
    }
}
