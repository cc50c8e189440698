package io.kubicle.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU a JVM's JIT compiler threads ({@code C1 CompilerThread<n>}, {@code C2 CompilerThread<n>}) spend, read from
 * Linux's {@code /proc/<pid>/task/<tid>/stat}. On two cores a fresh server's C2 compiles compete with its serving for
 * minutes; a burst's CPU means little without this share beside it. The JVM starts and stops compiler threads as its
 * queue grows and shrinks, so what is compared is each thread's own ticks: a thread that ended during the interval is
 * missing from it (the figure is then low, never negative). Empty where /proc is missing.
 */
final class JitCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private JitCpu() {
    }

    /** Ticks so far of each live compiler thread, by thread id. */
    static Map<String, Long> snapshot(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return ticks;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(task -> {
                long spent = compilerTicks(task);
                if (spent >= 0) {
                    ticks.put(task.getFileName().toString(), spent);
                }
            });
        } catch (IOException | RuntimeException e) {
            // the process ended: nothing to add
        }
        return ticks;
    }

    /** CPU seconds the compiler threads alive at {@code after} spent since {@code before}. */
    static double secondsBetween(Map<String, Long> before, Map<String, Long> after) {
        long ticks = 0;
        for (Map.Entry<String, Long> thread : after.entrySet()) {
            ticks += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** A compiler thread's ticks; -1 for any other thread or one that ended between the listing and the read. */
    private static long compilerTicks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return -1;
            }
            // after the name: state is field 3; utime and stime are fields 14 and 15
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
