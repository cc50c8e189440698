package io.kubicle.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code kubicle syncer} in its own JVM, started as an operator starts it ({@code java -jar kubicle.jar syncer
 * --kubicle … --host …}), so a test can SIGKILL it: no shutdown hook, no orderly close, whatever was in
 * flight is cut off. Output (the syncer logs to standard error) is kept for failure messages.
 */
public final class SyncerProcess implements AutoCloseable {
    private static final String STARTED = "syncer started";

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    private SyncerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "syncer-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a syncer between {@code kubicle} and {@code host} and waits until it has listed both sides. */
    public static SyncerProcess start(Path kubicleKubeconfig, Path hostKubeconfig, String... extraArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", KubicleProcess.jar().toAbsolutePath().toString(), "syncer",
                "--kubicle", kubicleKubeconfig.toString(), "--host", hostKubeconfig.toString(), "--metrics-port", "-1"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBICLE_"));
        SyncerProcess p = new SyncerProcess(builder.start());
        try {
            p.started.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.close();
            throw new AssertionError("syncer did not start: " + e.getMessage() + "\n" + p.output(), e);
        }
        return p;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.contains(STARTED)) {
                    started.complete(null);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        started.completeExceptionally(new IllegalStateException("the syncer exited before it started"));
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM ends at once, mid-request if it was in one. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("syncer " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
