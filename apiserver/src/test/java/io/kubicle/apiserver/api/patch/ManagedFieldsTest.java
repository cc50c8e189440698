package io.kubicle.apiserver.api.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
    private static ManagedFields.Entry entry(String manager, String time) {
        return new ManagedFields.Entry(manager, "Update", "v1", time, null,
                FieldSet.fromJson(TestJson.json("{\"f:data\":{\"f:" + manager + "\":{}}}")));
    }

    @Test
    void entriesOfOneOperationAreOrderedByTimeWhateverItsForm() {
        List<ManagedFields.Entry> entries = List.of(
                entry("d", "2026-12-06T05:00:01Z"),
                entry("c", "2026-12-06T05:00:00.500Z"), // a client may write fractions; the order is still by time
                entry("b", "2026-12-06T05:00:00Z"),
                entry("a", "2025-01-31T23:59:59Z"),
                entry("e", "not a time")); // sorts as the epoch, first
        List<String> managers = new ArrayList<>();
        for (JsonNode e : ManagedFields.encode(entries)) {
            managers.add(e.path("manager").asText());
        }
        assertEquals(List.of("e", "a", "b", "c", "d"), managers);
    }
}
