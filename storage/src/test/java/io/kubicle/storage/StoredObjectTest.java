package io.kubicle.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredObjectTest {
    private static StoredObject withBody(String json) {
        return new StoredObject(new ObjectKey(1, "", "pods", "default", "p"), "u", 1, 1, Map.of(),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodyContainsFindsBytesAnywhereAndAssumesTheyAreThereWithoutABody() {
        StoredObject pod = withBody("{\"metadata\":{\"name\":\"p\"},\"status\":{\"phase\":\"Failed\"}}");
        assertTrue(pod.bodyContains(bytes("\"phase\":\"Failed\"")));
        assertTrue(pod.bodyContains(bytes("{\"metadata\"")), "at the very start");
        assertTrue(pod.bodyContains(bytes("\"}}")), "at the very end");
        assertFalse(pod.bodyContains(bytes("\"phase\":\"Succeeded\"")));
        assertFalse(withBody("{}").bodyContains(bytes("{\"metadata\":{}}")), "longer than the body");
        assertTrue(withBody(null).bodyContains(bytes("x")));
        assertTrue(pod.bodyContains(bytes("F")), "one byte");
        assertFalse(pod.bodyContains(bytes("Z")));
        assertFalse(withBody("{\"phase\":\"Faile\"}").bodyContains(bytes("\"phase\":\"Failed\"")), "cut at the end");
    }
}
