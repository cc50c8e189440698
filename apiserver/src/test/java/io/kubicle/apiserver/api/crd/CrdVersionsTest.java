package io.kubicle.apiserver.api.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubicle.apiserver.api.ResourceType;
import io.kubicle.apiserver.api.TableColumn;
import io.kubicle.apiserver.api.patch.PatchSchema;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdVersionsTest {
    static final String CRD = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.test.io, uid: 11111111-1111-1111-1111-111111111111, generation: 1}
            spec:
              group: test.io
              scope: Cluster
              names: {plural: widgets, kind: Widget, shortNames: [wd], categories: [all]}
              versions:
              - name: v1alpha1
                served: false
                storage: false
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
                additionalPrinterColumns:
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Ready, type: string, jsonPath: '.status.conditions[?(@.type=="Ready")].status', priority: 1}
                - {name: Since, type: date, jsonPath: .metadata.creationTimestamp}
                selectableFields:
                - jsonPath: .spec.color
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          replicas: {type: integer, default: 1}
                          color: {type: string}
                          ports:
                            type: array
                            x-kubernetes-list-type: map
                            x-kubernetes-list-map-keys: [name, protocol]
                            items: {type: object, properties: {name: {type: string}, protocol: {type: string}}}
                      status:
                        type: object
                        x-kubernetes-preserve-unknown-fields: true
            """;

    static JsonNode crd() throws Exception {
        return new YAMLMapper().readTree(CRD);
    }

    @Test
    void servedVersionsBecomeCatalogRows() throws Exception {
        List<ServedVersion> served = CrdVersions.served(crd());
        assertEquals(1, served.size());
        ResourceType t = served.get(0).type();
        assertEquals(new ResourceType("test.io", "v1", "widgets", "Widget", "widget", false, ResourceType.ALL_VERBS,
                List.of("wd"), List.of("all"), List.of("status", "scale")), t);
        assertEquals("/spec/replicas", served.get(0).strategy().scale().specReplicas());
        assertEquals("/status/selector", served.get(0).strategy().scale().labelSelector());
    }

    @Test
    void strategyDefaultsPrunesValidatesAndPrints() throws Exception {
        CustomResourceStrategy s = CrdVersions.served(crd()).get(0).strategy();
        ObjectNode w = (ObjectNode) new ObjectMapper().readTree("""
                {"apiVersion":"test.io/v1","kind":"Widget","metadata":{"name":"a","creationTimestamp":"2026-01-01T00:00:00Z"},
                 "spec":{"color":"red","extra":1},"status":{"conditions":[{"type":"Other","status":"False"},
                 {"type":"Ready","status":"True"}]}}""");
        assertEquals(List.of("duplicate field \"spec.color\"", "unknown field \"spec.extra\""),
                s.problems(w, java.util.Set.of("spec.color")));
        assertTrue(w.path("spec").has("extra"), "problems leaves the object alone");
        s.applyDefaults(w);
        assertEquals("{\"color\":\"red\",\"replicas\":1}", w.get("spec").toString());
        assertEquals(List.of(), s.validate(w, null));
        assertEquals(List.of("Name", "Replicas", "Ready", "Since"), s.columns().stream().map(TableColumn::name).toList());
        List<Object> cells = s.cells(w, Instant.parse("2026-01-03T00:00:00Z"));
        assertEquals(List.of("a", 1, "True", "2d"), cells);
        assertEquals("red", s.fieldValue(w, "spec.color"));
        assertNull(s.fieldValue(w, "spec.size"));
    }

    @Test
    void applyMergesListMapsByTheirKeys() throws Exception {
        PatchSchema p = CrdVersions.served(crd()).get(0).strategy().patchSchema();
        assertEquals(PatchSchema.ListMerge.byKey("name", "protocol"), p.listMerge(List.of("spec", "ports")));
        assertNull(p.listMerge(List.of("spec", "color")));
        assertEquals(PatchSchema.ListMerge.set(), p.listMerge(List.of("metadata", "finalizers")));
    }

    @Test
    void noPrinterColumnsMeansAnAgeColumn() throws Exception {
        ObjectNode plain = (ObjectNode) crd().deepCopy();
        ((ObjectNode) plain.get("metadata")).put("uid", "22222222-1111-1111-1111-111111111111");
        ((ObjectNode) plain.path("spec").path("versions").get(1)).remove("additionalPrinterColumns");
        CustomResourceStrategy s = CrdVersions.served(plain).get(0).strategy();
        assertEquals(List.of("Name", "Age"), s.columns().stream().map(TableColumn::name).toList());
    }
}
