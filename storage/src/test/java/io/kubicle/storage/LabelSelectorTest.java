package io.kubicle.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    @Test
    void parsesEveryOperator() {
        LabelSelector s = LabelSelector.parse("a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,h>4,i<5,example.com/app=web");
        assertEquals("a=1,b=2,c!=3,d in (x,y),e notin (z),f,!g,h>4,i<5,example.com/app=web", s.toString());
        assertEquals(10, s.requirements().size());
    }

    @Test
    void matchesLikeKubernetes() {
        Map<String, String> labels = Map.of("app", "web", "tier", "", "n", "7");
        assertTrue(LabelSelector.parse("app=web").matches(labels));
        assertTrue(LabelSelector.parse("tier").matches(labels), "an empty value still exists");
        assertTrue(LabelSelector.parse("tier=").matches(labels));
        assertTrue(LabelSelector.parse("missing!=x").matches(labels), "!= matches objects without the label");
        assertTrue(LabelSelector.parse("missing notin (x)").matches(labels));
        assertFalse(LabelSelector.parse("missing in (x)").matches(labels));
        assertTrue(LabelSelector.parse("n>6,n<8").matches(labels));
        assertFalse(LabelSelector.parse("app>1").matches(labels), "a non-integer value never compares");
        assertTrue(LabelSelector.parse("").matches(labels));
    }

    @Test
    void rejectsMalformedSelectorsWithAReason() {
        for (String bad : new String[] {"a in b", "a in (b", "=x", "a=b=c", "a ~ b", "-bad=1", "a=" + "v".repeat(64),
                "a>x", "a,,b", "UPPER.example.com/x=1"}) {
            StorageException e = assertThrows(StorageException.InvalidArgument.class, () -> LabelSelector.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("unable to parse label selector"), e.getMessage());
        }
    }
}
