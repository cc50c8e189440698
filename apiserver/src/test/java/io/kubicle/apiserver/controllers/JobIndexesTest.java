package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobIndexesTest {
    @Test
    void writesIntervalsAsKubeDoes() {
        assertEquals("", JobIndexes.none().toString());
        assertEquals("0-2", JobIndexes.none().with(List.of(2, 0, 1)).toString());
        assertEquals("1,3-5,7,8", JobIndexes.none().with(List.of(1, 3, 4, 5, 7, 8)).toString());
    }

    @Test
    void readsWhatItWroteAndDropsWhatIsOutOfRangeOrCorrupt() {
        assertEquals("1,3-5,7,8", JobIndexes.parse("1,3-5,7,8", 10).toString());
        assertEquals("0-3", JobIndexes.parse("0,1-2,3", 10).toString(), "neighbouring intervals merge");
        assertEquals("2-4", JobIndexes.parse("2-9,12", 5).toString(), "nothing at or past completions");
        assertEquals("1,4", JobIndexes.parse("1,x,4", 5).toString());
        assertEquals(3, JobIndexes.parse("0-2", 3).total());
    }

    @Test
    void pendingIndexesAreTheFirstFreeOnes() {
        JobIndexes done = JobIndexes.parse("0,2", 6);
        JobIndexes running = JobIndexes.none().with(List.of(3));
        assertEquals(List.of(1, 4), JobIndexes.firstPending(2, 6, done, running));
        assertEquals(List.of(1, 4, 5), JobIndexes.firstPending(9, 6, done, running));
    }

    @Test
    void indexedPodNamesAreCutToFit() {
        assertEquals("train-3-", JobPods.generateName("train", 3));
        String name = "j".repeat(60);
        assertEquals("j".repeat(54) + "-12-", JobPods.generateName(name, 12));
    }
}
