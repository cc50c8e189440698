package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrdConditionsTest {
    private static ObjectNode crd(long generation) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree("""
                {"metadata":{"name":"widgets.test.io","generation":%d},
                 "spec":{"group":"test.io","names":{"plural":"widgets","kind":"Widget"},
                   "versions":[{"name":"v1","served":true,"storage":true}]}}""".formatted(generation));
    }

    @Test
    void establishesWithAcceptedNamesAndObservedGeneration() throws Exception {
        ObjectNode c = crd(1);
        assertFalse(CrdConditions.established(c));
        CrdConditions.apply(c, Instant.parse("2026-01-01T00:00:00.5Z"));
        assertTrue(CrdConditions.established(c));
        assertEquals("widget", c.at("/spec/names/singular").asText());
        assertEquals("WidgetList", c.at("/status/acceptedNames/listKind").asText());
        assertEquals("None", c.at("/spec/conversion/strategy").asText());
        assertEquals("[\"v1\"]", c.at("/status/storedVersions").toString());
        assertEquals("""
                [{"type":"NamesAccepted","status":"True","observedGeneration":1,"lastTransitionTime":"2026-01-01T00:00:00Z",\
                "reason":"NoConflicts","message":"no conflicts found"},{"type":"Established","status":"True",\
                "observedGeneration":1,"lastTransitionTime":"2026-01-01T00:00:00Z","reason":"InitialNamesAccepted",\
                "message":"the initial names have been accepted"}]""", c.at("/status/conditions").toString());
    }

    @Test
    void laterGenerationsKeepTransitionTimesAndStoredVersions() throws Exception {
        ObjectNode c = crd(1);
        CrdConditions.apply(c, Instant.parse("2026-01-01T00:00:00Z"));
        ObjectNode next = crd(2);
        next.set("status", c.get("status"));
        ((ObjectNode) next.at("/spec/versions/0")).put("storage", false);
        ((com.fasterxml.jackson.databind.node.ArrayNode) next.at("/spec/versions")).addObject()
                .put("name", "v2").put("served", true).put("storage", true);
        CrdConditions.apply(next, Instant.parse("2026-02-01T00:00:00Z"));
        assertEquals(2, next.at("/status/conditions/1/observedGeneration").asLong());
        assertEquals("2026-01-01T00:00:00Z", next.at("/status/conditions/1/lastTransitionTime").asText());
        assertEquals("[\"v1\",\"v2\"]", next.at("/status/storedVersions").toString());
    }
}
