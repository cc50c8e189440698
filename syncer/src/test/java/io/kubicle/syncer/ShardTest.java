package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShardTest {
    @Test
    void everyWorkspaceHasExactlyOneOwnerAndTheSplitIsRoughlyEven() {
        int shards = 3;
        int[] counts = new int[shards];
        for (int i = 0; i < 3000; i++) {
            String ws = "ws-" + i;
            int owners = 0;
            for (int s = 0; s < shards; s++) {
                if (new Shard(s, shards).owns(ws)) {
                    owners++;
                    counts[s]++;
                }
            }
            assertEquals(1, owners, ws);
        }
        for (int c : counts) {
            assertTrue(c > 800 && c < 1200, "uneven split " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void parsesAndRejects() {
        assertEquals(new Shard(1, 4), Shard.parse("1/4"));
        assertTrue(Shard.parse("0/1").owns("anything"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("4/4"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/b"));
    }
}
