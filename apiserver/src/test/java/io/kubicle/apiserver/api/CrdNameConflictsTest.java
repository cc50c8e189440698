package io.kubicle.apiserver.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrdNameConflictsTest {
    private final ResourceCatalog catalog = ResourceCatalog.builtin().plus(List.of(new ResourceType("test.io", "v1",
            "widgets", "Widget", "widget", true, ResourceType.ALL_VERBS, List.of("wd"), List.of(), List.of())));

    private static ObjectNode crd(String group, String plural, String kind, String... shortNames) {
        ObjectNode crd = Json.object();
        crd.putObject("metadata").put("name", plural + "." + group).put("generation", 1);
        ObjectNode names = crd.putObject("spec").put("group", group).putObject("names");
        names.put("plural", plural).put("kind", kind).put("singular", kind.toLowerCase() + "-" + plural);
        for (String s : shortNames) {
            names.withArray("shortNames").add(s);
        }
        return crd;
    }

    @Test
    void reportsTheFirstCollisionAsKubeWordsIt() {
        assertNull(CrdNameConflicts.find(crd("test.io", "widgets", "Widget", "wd"), catalog), "its own rows");
        assertNull(CrdNameConflicts.find(crd("test.io", "gadgets", "Gadget"), catalog));
        assertEquals(new CrdNameConflicts.Conflict("ShortNamesConflict", "\"wd\" is already in use"),
                CrdNameConflicts.find(crd("test.io", "gadgets", "Gadget", "wd"), catalog));
        assertEquals(new CrdNameConflicts.Conflict("KindConflict", "\"Widget\" is already in use"),
                CrdNameConflicts.find(crd("test.io", "widgets2", "Widget"), catalog));
        ObjectNode singular = crd("test.io", "gizmos", "Gizmo");
        ((ObjectNode) singular.at("/spec/names")).put("singular", "widget");
        assertEquals(new CrdNameConflicts.Conflict("SingularConflict", "\"widget\" is already in use"),
                CrdNameConflicts.find(singular, catalog));
        assertEquals(new CrdNameConflicts.Conflict("PluralConflict", "\"deployments\" is already in use"),
                CrdNameConflicts.find(crd("apps", "deployments", "MyDeployment"), catalog));
    }

    @Test
    void aConflictingCrdIsNotEstablished() {
        ObjectNode c = crd("test.io", "widgets2", "Widget");
        CrdConditions.apply(c, Instant.EPOCH, CrdNameConflicts.find(c, catalog));
        assertFalse(CrdConditions.established(c));
        assertEquals("False", c.at("/status/conditions/0/status").asText());
        assertEquals("KindConflict", c.at("/status/conditions/0/reason").asText());
        assertEquals("NotAccepted", c.at("/status/conditions/1/reason").asText());
        CrdConditions.apply(c, Instant.EPOCH, null);
        assertTrue(CrdConditions.established(c));
    }
}
