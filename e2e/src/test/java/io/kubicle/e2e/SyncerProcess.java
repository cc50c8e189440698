package io.kubicle.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code kubicle syncer} in its own JVM, started as an operator starts it ({@code java -jar kubicle.jar syncer
 * --kubicle … --host …}), so a test can SIGKILL it: no shutdown hook, no orderly close, whatever was in
 * flight is cut off. It logs to standard error; its output is kept for failure messages.
 */
public final class SyncerProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("syncer started");

    private final BackgroundCommand command;

    private SyncerProcess(BackgroundCommand command) {
        this.command = command;
    }

    /** Starts a syncer between {@code kubicle} and {@code host} and waits until it has listed both sides. */
    public static SyncerProcess start(Path kubicleKubeconfig, Path hostKubeconfig, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", KubicleProcess.jar().toAbsolutePath().toString(), "syncer",
                "--kubicle", kubicleKubeconfig.toString(), "--host", hostKubeconfig.toString(), "--metrics-port", "-1"));
        args.addAll(List.of(extraArgs));
        SyncerProcess p = new SyncerProcess(BackgroundCommand.start(args, Map.of()));
        try {
            p.command.awaitStderr(STARTED, 120);
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return p;
    }

    public String output() {
        return command.output();
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        command.kill();
    }

    public boolean alive() {
        return command.alive();
    }

    @Override
    public void close() throws InterruptedException {
        command.stop();
    }
}
