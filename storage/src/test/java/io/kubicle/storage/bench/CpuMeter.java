package io.kubicle.storage.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the machine's CPU went during a phase, from /proc (Linux only; elsewhere it reports
 * nothing): busy share of all cores, split into this JVM, the benchmark's Postgres (postmaster and
 * its children) and everything else. "Everything else" shows when other work on the machine
 * disturbed a measurement.
 */
final class CpuMeter {
    private final long postmasterPid;

    /** @param postmasterPid the Postgres server to account separately, or -1 when it is not local */
    CpuMeter(long postmasterPid) {
        this.postmasterPid = postmasterPid;
    }

    record Sample(long total, long idle, long jvm, long postgres, boolean valid) {
    }

    Sample sample() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            long jvm = ticks(Path.of("/proc/self/stat"), -1);
            long pg = 0;
            if (postmasterPid > 0) {
                try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path p : procs) {
                        long pid = Long.parseLong(p.getFileName().toString());
                        pg += ticks(p.resolve("stat"), pid);
                    }
                }
            }
            return new Sample(total, idle, jvm, pg, true);
        } catch (IOException | RuntimeException e) {
            return new Sample(0, 0, 0, 0, false);
        }
    }

    /** utime + stime of one process; with {@code pid >= 0} only when it is our postmaster or its child. */
    private long ticks(Path stat, long pid) {
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException e) {
            return 0; // the process ended meanwhile
        }
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15
        if (pid >= 0 && pid != postmasterPid && Long.parseLong(f[1]) != postmasterPid) {
            return 0;
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** "CPU 97% (JVM 45, Postgres 50, other 2)" as shares of all cores, or "" when /proc is not there. */
    static String describe(Sample a, Sample b) {
        if (!a.valid() || !b.valid() || b.total() <= a.total()) {
            return "";
        }
        double total = b.total() - a.total();
        double busy = 100.0 * (total - (b.idle() - a.idle())) / total;
        double jvm = 100.0 * (b.jvm() - a.jvm()) / total;
        double pg = 100.0 * (b.postgres() - a.postgres()) / total;
        double other = Math.max(0, busy - jvm - pg);
        return String.format(java.util.Locale.ROOT, "CPU %.0f%% (JVM %.0f, PG %.0f, other %.0f)", busy, jvm, pg, other);
    }
}
