package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DuplicateFieldsTest {

    private static final String BODY = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","labels":{"a":"1","a":"2"}},
             "spec":{"unknownDupe":"x","unknownDupe":"y","paused":true,"paused":false,
              "template":{"spec":{"containers":[{"name":"a"},{"name":"n","imagePullPolicy":"Always",
               "ports":[1,2],"imagePullPolicy":"Never"}]}}}}""";

    @Test
    void namesRepeatedKeysByPathInDocumentOrder() {
        assertEquals(List.of("metadata.labels.a", "spec.unknownDupe", "spec.paused",
                        "spec.template.spec.containers[1].imagePullPolicy"),
                List.copyOf(DuplicateFields.in(BODY.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aBodyWithRepeatedKeysDecodesLastWinsAndReportsThem() {
        AtomicReference<Set<String>> seen = new AtomicReference<>();
        JsonNode tree = Bodies.parseJson(BODY.getBytes(StandardCharsets.UTF_8), seen::set);
        assertEquals(false, tree.at("/spec/paused").asBoolean());
        assertEquals("Never", tree.at("/spec/template/spec/containers/1/imagePullPolicy").asText());
        assertEquals(4, seen.get().size());
    }

    @Test
    void aCleanBodyReportsNothing() {
        AtomicReference<Set<String>> seen = new AtomicReference<>();
        Bodies.parseJson("{\"a\":{\"b\":[{\"c\":1},{\"c\":2}]}}".getBytes(StandardCharsets.UTF_8), seen::set);
        assertEquals(null, seen.get());
    }
}
