package io.kubicle.apiserver.api.crd.schema;

import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.errors;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.spec;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.withSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CelRulesTest {

    @Test
    void ruleWithoutMessageReportsTheRule() {
        CrdSchema s = spec("""
                type: object
                properties:
                  min: {type: integer}
                  max: {type: integer}
                x-kubernetes-validations:
                - rule: self.min <= self.max
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"min\":1,\"max\":2}")));
        assertEquals(List.of("spec: Invalid value: \"object\": failed rule: self.min <= self.max"),
                errors(s, withSpec("{\"min\":3,\"max\":2}")));
    }

    @Test
    void messageMessageExpressionReasonAndFieldPath() {
        CrdSchema s = spec("""
                type: object
                properties:
                  name: {type: string}
                  replicas: {type: integer}
                x-kubernetes-validations:
                - rule: self.name.startsWith('app-')
                  message: name must start with app-
                - rule: self.replicas < 5
                  messageExpression: "'replicas ' + string(self.replicas) + ' is too many'"
                  reason: FieldValueForbidden
                  fieldPath: .replicas
                - rule: has(self.name) && self.name.lowerAscii() == self.name
                  reason: FieldValueRequired
                  message: lower case only
                """);
        assertEquals(List.of("spec: Invalid value: \"object\": name must start with app-",
                "spec.replicas: Forbidden: replicas 7 is too many",
                "spec: Required value: lower case only"),
                errors(s, withSpec("{\"name\":\"Web\",\"replicas\":7}")));
    }

    @Test
    void transitionRulesOnlyRunOnUpdate() {
        CrdSchema s = spec("""
                type: object
                properties:
                  mode: {type: string, x-kubernetes-validations: [{rule: self == oldSelf, message: Value is immutable}]}
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"mode\":\"a\"}")));
        assertEquals(List.of(), errors(s, withSpec("{\"mode\":\"a\"}"), withSpec("{}")));
        assertEquals(List.of("spec.mode: Invalid value: \"string\": Value is immutable"),
                errors(s, withSpec("{\"mode\":\"b\"}"), withSpec("{\"mode\":\"a\"}")));
    }

    @Test
    void optionalOldSelfRunsOnCreateToo() {
        CrdSchema s = spec("""
                type: object
                properties:
                  n: {type: integer}
                x-kubernetes-validations:
                - rule: "oldSelf.hasValue() ? self.n >= oldSelf.value().n : self.n == 0"
                  optionalOldSelf: true
                  message: must start at 0 and never decrease
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"n\":0}")));
        assertEquals(List.of("spec: Invalid value: \"object\": must start at 0 and never decrease"),
                errors(s, withSpec("{\"n\":1}")));
        assertEquals(List.of(), errors(s, withSpec("{\"n\":3}"), withSpec("{\"n\":2}")));
        assertEquals(1, errors(s, withSpec("{\"n\":1}"), withSpec("{\"n\":2}")).size());
    }

    @Test
    void listMapItemsCorrelateWithTheirOldItemByKey() {
        CrdSchema s = spec("""
                type: object
                properties:
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        port: {type: integer, x-kubernetes-validations: [{rule: self == oldSelf, message: immutable}]}
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"ports\":[{\"name\":\"b\",\"port\":2},{\"name\":\"a\",\"port\":1}]}"),
                withSpec("{\"ports\":[{\"name\":\"a\",\"port\":1}]}")));
        assertEquals(List.of("spec.ports[1].port: Invalid value: \"integer\": immutable"),
                errors(s, withSpec("{\"ports\":[{\"name\":\"b\",\"port\":2},{\"name\":\"a\",\"port\":9}]}"),
                        withSpec("{\"ports\":[{\"name\":\"a\",\"port\":1}]}")));
    }

    @Test
    void kubeStyleLibrariesAndMacros() {
        CrdSchema s = spec("""
                type: object
                properties:
                  hosts: {type: array, items: {type: string}}
                  labels: {type: object, additionalProperties: {type: string}}
                x-kubernetes-validations:
                - rule: self.hosts.all(h, h.matches('^[a-z.]+$'))
                - rule: self.hosts.exists_one(h, h.endsWith('.io'))
                - rule: size(self.hosts.filter(h, h.contains('x'))) == 0
                - rule: self.hosts.map(h, h.upperAscii()).exists(h, h == 'A.IO')
                - rule: "!has(self.labels) || self.labels.all(k, size(k) < 10)"
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"hosts\":[\"a.io\",\"b.com\"],\"labels\":{\"k\":\"v\"}}")));
        assertEquals(4, errors(s, withSpec("{\"hosts\":[\"A.io\",\"b.io\",\"x.com\"],"
                + "\"labels\":{\"muchtoolongkey\":\"v\"}}")).size());
    }

    @Test
    void brokenRulesAreReportedAtCompileTime() {
        CrdSchema s = spec("""
                type: object
                x-kubernetes-validations:
                - rule: self.a ==
                """);
        List<String> errs = s.ruleCompileErrors("spec.versions[0].schema").stream().map(Object::toString).toList();
        assertEquals(1, errs.size());
        assertTrue(errs.get(0).startsWith("spec.versions[0].schema.openAPIV3Schema.properties[spec]"
                + ".x-kubernetes-validations[0].rule: Invalid value: \"self.a ==\": compilation failed: "), errs.get(0));
    }

    @Test
    void evaluationErrorsNameTheRule() {
        CrdSchema s = spec("""
                type: object
                x-kubernetes-validations:
                - rule: self.missing == 1
                """);
        List<String> errs = errors(s, withSpec("{}"));
        assertEquals(1, errs.size());
        assertTrue(errs.get(0).startsWith("spec: Invalid value: \"object\": "), errs.get(0));
        assertTrue(errs.get(0).endsWith("evaluating rule: self.missing == 1"), errs.get(0));
    }
}
