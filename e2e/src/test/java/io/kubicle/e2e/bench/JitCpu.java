package io.kubicle.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU seconds a JVM's JIT compiler threads ({@code C1 CompilerThread<n>}, {@code C2 CompilerThread<n>}) have spent,
 * read from Linux's {@code /proc/<pid>/task/<tid>/stat}. On two cores a fresh server's C2 compiles compete with its
 * serving for minutes; a burst's CPU means little without this share beside it. 0 where /proc is missing.
 */
final class JitCpu {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private JitCpu() {
    }

    static double seconds(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.mapToLong(JitCpu::compilerTicks).sum() / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long compilerTicks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String name = stat.substring(open + 1, close);
            if (!name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler")) {
                return 0;
            }
            // after the name: state is field 3; utime and stime are fields 14 and 15
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended between the listing and the read
        }
    }
}
