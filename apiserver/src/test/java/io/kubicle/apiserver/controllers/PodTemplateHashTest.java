package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
    @Test
    void fnv32aMatchesTheReferenceVectors() {
        // the FNV-1a test vectors of draft-eastlake-fnv (and Go's hash/fnv tests)
        assertEquals(0x811c9dc5, PodTemplateHash.fnv32a(""));
        assertEquals(0xe40c292c, PodTemplateHash.fnv32a("a"));
        assertEquals(0xbf9cf968, PodTemplateHash.fnv32a("foobar"));
    }

    @Test
    void safeEncodeUsesKubesAlphabetByCodePoint() {
        // '0' is 48, 48 % 27 = 21, alphanums[21] = '4'; ... '9' is 57 -> 57 % 27 = 3 -> 'f'
        assertEquals("456789bcdf", PodTemplateHash.safeEncode("0123456789"));
        assertEquals("v", PodTemplateHash.safeEncode("a")); // 97 % 27 = 16
    }

    @Test
    void theHashIsStableForATemplateAndChangesWithItOrTheCollisionCount() {
        ObjectNode template = Objects.deployment(3, "nginx").with("spec").with("template");
        String hash = PodTemplateHash.compute(template, null);
        assertEquals(hash, PodTemplateHash.compute(template.deepCopy(), null));
        assertTrue(hash.matches("[" + PodTemplateHash.ALPHANUMS + "]{1,10}"), hash);
        assertNotEquals(hash, PodTemplateHash.compute(Objects.deployment(3, "nginx:1.27").with("spec").with("template"), null));
        assertNotEquals(hash, PodTemplateHash.compute(template, 1));
    }

    @Test
    void keyOrderNullsAndTheHashLabelDoNotMakeATemplateDifferent() {
        ObjectNode template = Objects.parse("{'metadata':{'labels':{'app':'web','tier':'x'}},'spec':{'containers':[]}}");
        ObjectNode reordered = Objects.parse("{'spec':{'containers':[]},'metadata':{'creationTimestamp':null,"
                + "'labels':{'tier':'x','app':'web','pod-template-hash':'abc'}}}");
        assertEquals(PodTemplateHash.compute(template, null), PodTemplateHash.compute(PodTemplateHash.withoutHash(reordered), null));
        assertTrue(PodTemplateHash.equalIgnoringHash(template, reordered));
    }
}
