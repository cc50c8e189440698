package io.kubicle.apiserver.api.crd.schema;

import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.errors;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.spec;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.withSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pruning, defaulting, preserve-unknown-fields, embedded resources and list types. */
class StructureTest {

    @Test
    void pruneDropsUnknownFieldsAndReportsTheirPaths() {
        CrdSchema s = spec("""
                type: object
                properties:
                  keep: {type: string}
                  items:
                    type: array
                    items: {type: object, properties: {name: {type: string}}}
                  free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                  labels: {type: object, additionalProperties: {type: string}}
                """);
        ObjectNode o = withSpec("{\"keep\":\"a\",\"drop\":1,\"items\":[{\"name\":\"n\",\"x\":1}],"
                + "\"free\":{\"anything\":{\"deep\":true}},\"labels\":{\"any\":\"v\"}}");
        o.put("status", "gone");
        assertEquals(List.of("spec.drop", "spec.items[0].x", "status"), s.prune(o));
        assertEquals(withSpec("{\"keep\":\"a\",\"items\":[{\"name\":\"n\"}],"
                + "\"free\":{\"anything\":{\"deep\":true}},\"labels\":{\"any\":\"v\"}}"), o);
    }

    @Test
    void rootApiVersionKindAndMetadataAreNeverPruned() {
        CrdSchema s = spec("{type: object}");
        ObjectNode o = withSpec("{}");
        ((ObjectNode) o.get("metadata")).put("labels", "x");
        assertEquals(List.of(), s.prune(o));
    }

    @Test
    void embeddedResourcesKeepTypeMetaAndPruneMetadataToObjectMeta() {
        CrdSchema s = spec("""
                type: object
                properties:
                  template:
                    type: object
                    x-kubernetes-embedded-resource: true
                    properties:
                      spec: {type: object, properties: {a: {type: string}}}
                """);
        ObjectNode o = withSpec("{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"metadata\":{\"name\":\"p\",\"bogus\":1},\"spec\":{\"a\":\"x\",\"b\":2}}}");
        assertEquals(List.of("spec.template.metadata.bogus", "spec.template.spec.b"), s.prune(o));
        assertEquals(List.of(), errors(s, o));
        assertEquals(List.of("spec.template.apiVersion: Required value: must not be empty",
                "spec.template.kind: Required value: must not be empty"), errors(s, withSpec("{\"template\":{}}")));
    }

    @Test
    void defaultsFillMissingAndNonNullableNullFieldsNested() {
        CrdSchema s = spec("""
                type: object
                default: {}
                properties:
                  replicas: {type: integer, default: 1}
                  mode: {type: string, default: fast}
                  nullable: {type: string, nullable: true, default: d}
                  ports:
                    type: array
                    items:
                      type: object
                      properties:
                        protocol: {type: string, default: TCP}
                  nested:
                    type: object
                    default: {}
                    properties:
                      deep: {type: string, default: deep}
                """);
        ObjectNode o = SchemaFixture.object("{\"apiVersion\":\"x.io/v1\",\"kind\":\"X\"}");
        s.applyDefaults(o);
        assertEquals(SchemaFixture.object("{\"apiVersion\":\"x.io/v1\",\"kind\":\"X\",\"spec\":{\"replicas\":1,"
                + "\"mode\":\"fast\",\"nullable\":\"d\",\"nested\":{\"deep\":\"deep\"}}}"), o);
        ObjectNode o2 = withSpec("{\"replicas\":3,\"mode\":null,\"nullable\":null,\"ports\":[{\"port\":1}]}");
        s.applyDefaults(o2);
        assertEquals(withSpec("{\"replicas\":3,\"mode\":\"fast\",\"nullable\":null,\"ports\":[{\"port\":1,"
                + "\"protocol\":\"TCP\"}],\"nested\":{\"deep\":\"deep\"}}"), o2);
    }

    @Test
    void listTypeSetRejectsTheSecondOccurrenceOnly() {
        CrdSchema s = spec("""
                type: object
                properties:
                  tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                """);
        assertEquals(List.of("spec.tags[2]: Duplicate value: \"a\""),
                errors(s, withSpec("{\"tags\":[\"a\",\"b\",\"a\",\"a\"]}")));
    }

    @Test
    void listTypeMapRejectsDuplicateKeys() {
        CrdSchema s = spec("""
                type: object
                properties:
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [port, protocol]
                    items:
                      type: object
                      properties: {port: {type: integer}, protocol: {type: string}, name: {type: string}}
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"ports\":[{\"port\":80,\"protocol\":\"TCP\"},"
                + "{\"port\":80,\"protocol\":\"UDP\"}]}")));
        assertEquals(List.of("spec.ports[1]: Duplicate value: {\"port\":80,\"protocol\":\"TCP\"}"),
                errors(s, withSpec("{\"ports\":[{\"port\":80,\"protocol\":\"TCP\",\"name\":\"a\"},"
                        + "{\"port\":80,\"protocol\":\"TCP\",\"name\":\"b\"}]}")));
    }
}
