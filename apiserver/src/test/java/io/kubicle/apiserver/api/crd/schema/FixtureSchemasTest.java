package io.kubicle.apiserver.api.crd.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FixtureSchemasTest {

    @Test
    void everyFixtureCrdVersionCompiles() {
        int versions = 0;
        for (Path file : FixtureCrds.files(false)) {
            JsonNode crd = FixtureCrds.documents(file).get(0);
            assertEquals("CustomResourceDefinition", crd.path("kind").asText(), file.toString());
            for (JsonNode v : crd.path("spec").path("versions")) {
                CrdSchema schema = CrdSchema.compile(v.path("schema").path("openAPIV3Schema"));
                assertEquals(List.of(), schema.ruleCompileErrors("spec.versions[0].schema"), file.toString());
                versions++;
            }
        }
        assertEquals(7, versions, "every fixture CRD version");
    }

    @Test
    void everyFixtureExampleValidatesWithNothingPruned() {
        int examples = 0;
        for (Path file : FixtureCrds.files(true)) {
            for (JsonNode doc : FixtureCrds.documents(file)) {
                JsonNode raw = FixtureCrds.schemaFor(doc);
                assertNotNull(raw, "no CRD serves " + file);
                CrdSchema schema = CrdSchema.compile(raw);
                ObjectNode object = (ObjectNode) doc.deepCopy();
                List<String> pruned = schema.prune(object);
                schema.applyDefaults(object);
                assertEquals(List.of(), pruned, file.toString());
                assertEquals(List.of(), schema.validate(object, null), file.toString());
                assertEquals(List.of(), schema.validate(object, object.deepCopy()), file + " (update)");
                examples++;
            }
        }
        assertFalse(examples < 10, "expected every fixture example, got " + examples);
    }
}
