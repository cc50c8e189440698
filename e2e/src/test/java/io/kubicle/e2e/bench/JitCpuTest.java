package io.kubicle.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class JitCpuTest {

    @Test
    void eachThreadCountsItsOwnTicksAndOneThatEndedTakesNothingAway() {
        Map<String, Long> before = Map.of("101", 300L, "102", 50L, "103", 20L);
        // 102 ended (the JVM stopped an idle compiler thread), 104 started
        Map<String, Long> after = Map.of("101", 450L, "103", 20L, "104", 70L);
        assertEquals(2.2, JitCpu.secondsBetween(before, after), 1e-9);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void thisJvmsCompilerThreadsAreFound() {
        assertFalse(JitCpu.snapshot(ProcessHandle.current().pid()).isEmpty(), "a JVM with a JIT has compiler threads");
    }
}
