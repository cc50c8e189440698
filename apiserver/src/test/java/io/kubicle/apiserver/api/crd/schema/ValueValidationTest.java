package io.kubicle.apiserver.api.crd.schema;

import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.errors;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.spec;
import static io.kubicle.apiserver.api.crd.schema.SchemaFixture.withSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubicle.apiserver.api.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueValidationTest {
    private final CrdSchema replicas = spec("""
            type: object
            properties:
              replicas: {type: integer, minimum: 1, maximum: 10}
              ratio: {type: number, minimum: 0, maximum: 1, exclusiveMaximum: true, exclusiveMinimum: true}
              name: {type: string, minLength: 2, maxLength: 5, pattern: '^[a-z]+$'}
              mode: {type: string, enum: [fast, slow]}
              level: {type: integer, enum: [1, 2]}
              flag: {type: boolean}
              maybe: {type: string, nullable: true}
              step: {type: integer, multipleOf: 5}
            required: [replicas]
            """);

    @Test
    void typeMismatchesNameTheActualJsonType() {
        assertEquals(List.of("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""),
                errors(replicas, withSpec("{\"replicas\":\"3\"}")));
        assertEquals(List.of("spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type integer: \"number\""),
                errors(replicas, withSpec("{\"replicas\":1.5}")));
        assertEquals(List.of("spec.flag: Invalid value: \"integer\": spec.flag in body must be of type boolean: \"integer\""),
                errors(replicas, withSpec("{\"replicas\":1,\"flag\":1}")));
        assertEquals(FieldError.TYPE_INVALID, replicas.validate(withSpec("{\"replicas\":\"x\"}"), null).get(0).type());
    }

    @Test
    void integersAreNumbersButNotTheOtherWayRound() {
        assertEquals(List.of(), errors(replicas, withSpec("{\"replicas\":1,\"ratio\":0.5}")));
        assertEquals(List.of("spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1"),
                errors(replicas, withSpec("{\"replicas\":1,\"ratio\":1}")));
    }

    @Test
    void nullIsATypeErrorUnlessNullable() {
        assertEquals(List.of(), errors(replicas, withSpec("{\"replicas\":1,\"maybe\":null}")));
        assertEquals(List.of("spec.name: Invalid value: \"null\": spec.name in body must be of type string: \"null\""),
                errors(replicas, withSpec("{\"replicas\":1,\"name\":null}")));
    }

    @Test
    void requiredFieldsAreReportedByPath() {
        List<FieldError> errs = replicas.validate(withSpec("{}"), null);
        assertEquals(List.of("spec.replicas: Required value"), errs.stream().map(FieldError::toString).toList());
        assertEquals(FieldError.REQUIRED, errs.get(0).type());
    }

    @Test
    void boundsWithInclusiveAndExclusiveWording() {
        assertEquals(List.of("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10"),
                errors(replicas, withSpec("{\"replicas\":11}")));
        assertEquals(List.of("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"),
                errors(replicas, withSpec("{\"replicas\":0}")));
        assertEquals(List.of("spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0"),
                errors(replicas, withSpec("{\"replicas\":1,\"ratio\":0}")));
        assertEquals(List.of("spec.step: Invalid value: 7: spec.step in body should be a multiple of 5"),
                errors(replicas, withSpec("{\"replicas\":1,\"step\":7}")));
    }

    @Test
    void stringLengthsAndPattern() {
        assertEquals(List.of("spec.name: Too long: may not be longer than 5"),
                errors(replicas, withSpec("{\"replicas\":1,\"name\":\"abcdef\"}")));
        assertEquals(List.of("spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long"),
                errors(replicas, withSpec("{\"replicas\":1,\"name\":\"a\"}")));
        assertEquals(List.of("spec.name: Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"),
                errors(replicas, withSpec("{\"replicas\":1,\"name\":\"AB\"}")));
        // lengths count runes, not UTF-16 units or bytes
        assertEquals(List.of(), errors(replicas, withSpec("{\"replicas\":1,\"mode\":\"fast\",\"name\":\"ééé\"}")).stream()
                .filter(e -> e.contains("Too long")).toList());
    }

    @Test
    void enumsListSupportedValues() {
        assertEquals(List.of("spec.mode: Unsupported value: \"medium\": supported values: \"fast\", \"slow\""),
                errors(replicas, withSpec("{\"replicas\":1,\"mode\":\"medium\"}")));
        assertEquals(List.of("spec.level: Unsupported value: 3: supported values: \"1\", \"2\""),
                errors(replicas, withSpec("{\"replicas\":1,\"level\":3}")));
    }

    @Test
    void itemAndPropertyCounts() {
        CrdSchema s = spec("""
                type: object
                properties:
                  tags: {type: array, minItems: 1, maxItems: 2, items: {type: string}}
                  labels: {type: object, minProperties: 1, maxProperties: 1, additionalProperties: {type: string}}
                """);
        assertEquals(List.of("spec.tags: Too many: 3: must have at most 2 items"),
                errors(s, withSpec("{\"tags\":[\"a\",\"b\",\"c\"]}")));
        assertEquals(List.of("spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items"),
                errors(s, withSpec("{\"tags\":[]}")));
        assertEquals(List.of("spec.labels: Too many: 2: must have at most 1 items"),
                errors(s, withSpec("{\"labels\":{\"a\":\"1\",\"b\":\"2\"}}")));
        assertEquals(List.of("spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties"),
                errors(s, withSpec("{\"labels\":{}}")));
        assertEquals(List.of("spec.labels.a: Invalid value: \"integer\": spec.labels.a in body must be of type string: \"integer\""),
                errors(s, withSpec("{\"labels\":{\"a\":1}}")));
        assertEquals(List.of("spec.tags[1]: Invalid value: \"boolean\": spec.tags[1] in body must be of type string: \"boolean\""),
                errors(s, withSpec("{\"tags\":[\"a\",true]}")));
    }

    @Test
    void intOrStringAcceptsBothAndNothingElse() {
        CrdSchema s = spec("""
                type: object
                properties:
                  port: {x-kubernetes-int-or-string: true}
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"port\":80}")));
        assertEquals(List.of(), errors(s, withSpec("{\"port\":\"http\"}")));
        assertEquals(List.of("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\""),
                errors(s, withSpec("{\"port\":true}")));
    }

    @Test
    void compositionAsValueValidations() {
        CrdSchema s = spec("""
                type: object
                properties:
                  a: {type: string}
                  b: {type: string}
                oneOf:
                - required: [a]
                - required: [b]
                not:
                  required: [c]
                """);
        assertEquals(List.of(), errors(s, withSpec("{\"a\":\"x\"}")));
        assertEquals(List.of("spec: Invalid value: \"\": spec in body must validate one and only one schema (oneOf)"),
                errors(s, withSpec("{\"a\":\"x\",\"b\":\"y\"}")));
        CrdSchema any = spec("""
                type: object
                properties:
                  a: {type: string}
                anyOf:
                - required: [a]
                - required: [b]
                """);
        assertEquals(List.of("spec: Invalid value: \"\": spec in body must validate at least one schema (anyOf)",
                "spec.a: Required value"), errors(any, withSpec("{}")));
        CrdSchema all = spec("""
                type: object
                properties:
                  n: {type: integer}
                allOf:
                - properties: {n: {minimum: 2}}
                """);
        assertEquals(List.of("spec: Invalid value: \"\": spec in body must validate all the schemas (allOf)",
                "spec.n: Invalid value: 1: spec.n in body should be greater than or equal to 2"),
                errors(all, withSpec("{\"n\":1}")));
    }
}
