package io.kubicle.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A command (kubectl, helm, the syncer) running while the test acts on the server, such as {@code kubectl wait}.
 * Its output is collected as it comes, so a test can wait until the command has reached a point
 * (for example, its watch request was answered) before it changes what the command waits for.
 */
final class BackgroundCommand {
    private final Process process;
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private BackgroundCommand(Process process) {
        this.process = process;
        this.outReader = collect(process.getInputStream(), stdout);
        this.errReader = collect(process.getErrorStream(), stderr);
    }

    static BackgroundCommand start(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            return new BackgroundCommand(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Thread collect(InputStream in, StringBuilder into) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (into) {
                        into.append(line).append('\n');
                        into.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "background-command-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    /** Blocks until standard error has a line matching {@code pattern}; fails after {@code seconds}. */
    void awaitStderr(Pattern pattern, long seconds) throws InterruptedException {
        await(stderr, errReader, "stderr", pattern, seconds);
    }

    /** Blocks until standard output has a line matching {@code pattern}; fails after {@code seconds}. */
    void awaitStdout(Pattern pattern, long seconds) throws InterruptedException {
        await(stdout, outReader, "stdout", pattern, seconds);
    }

    private void await(StringBuilder stream, Thread reader, String name, Pattern pattern, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (stream) {
            while (stream.toString().lines().noneMatch(l -> pattern.matcher(l).find())) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("no line matching " + pattern + " on " + name + " within " + seconds + " s; "
                            + output());
                }
                stream.wait(Math.min(left, 200));
            }
        }
    }

    /** Waits for the command to end by itself and returns what it did. */
    Kubectl.Result finish(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command still running after " + seconds + " s; stderr:\n" + stderr());
        }
        outReader.join(TimeUnit.SECONDS.toMillis(10));
        errReader.join(TimeUnit.SECONDS.toMillis(10));
        return new Kubectl.Result(process.exitValue(), stdout(), stderr());
    }

    /** SIGKILL: the process ends at once, with no shutdown hook, mid-request if it was in one. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM if it still runs, SIGKILL after 30 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** What it printed so far, both streams. */
    String output() {
        return "stderr:\n" + stderr() + "\nstdout:\n" + stdout();
    }

    private String stdout() {
        synchronized (stdout) {
            return stdout.toString();
        }
    }

    private String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }
}
