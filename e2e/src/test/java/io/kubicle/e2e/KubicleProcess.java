package io.kubicle.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server, started as users start it ({@code java -jar kubicle.jar server ...}) in a child
 * process. Output is kept for assertions and failure messages.
 */
public final class KubicleProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("is serving on (https://\\S+)");
    private static final Pattern KUBECONFIG = Pattern.compile("admin kubeconfig: (\\S+)");

    final Path dataDir;
    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();
    private String url;
    private Path kubeconfig;

    private KubicleProcess(Path dataDir, Process process) {
        this.dataDir = dataDir;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "kubicle-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("kubicle.jar", "../apiserver/target/kubicle-apiserver-0.1.0-SNAPSHOT-all.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("server jar " + jar.toAbsolutePath() + " is missing; run mvn package first");
        }
        return jar;
    }

    /** Starts a server on a free port and waits until it prints where it serves. */
    public static KubicleProcess start(Path dataDir, String... extraArgs) throws Exception {
        return start(dataDir, Map.of(), extraArgs);
    }

    static KubicleProcess start(Path dataDir, Map<String, String> env, String... extraArgs) throws Exception {
        return awaitReady(launch(dataDir, env, extraArgs));
    }

    private static KubicleProcess awaitReady(KubicleProcess p) throws Exception {
        try {
            p.ready.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.close();
            throw new AssertionError("server did not become ready: " + e.getMessage() + "\n" + p.output(), e);
        }
        return p;
    }

    /** Starts a server listening on {@code listen} (e.g. {@code 0.0.0.0:0}, for clients outside this host) and waits for it. */
    static KubicleProcess startListening(Path dataDir, String listen, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", listen));
        args.addAll(List.of(extraArgs));
        return awaitReady(launchWithoutListen(dataDir, Map.of(), args.toArray(String[]::new)));
    }

    /** Starts the process without waiting (for start-up failure tests). */
    static KubicleProcess launch(Path dataDir, Map<String, String> env, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0"));
        args.addAll(List.of(extraArgs));
        return launchWithoutListen(dataDir, env, args.toArray(String[]::new));
    }

    /** Starts a server on a free port with these JVM options too (the syncer benchmark's host stand-in) and waits for it. */
    public static KubicleProcess startWithJvmOptions(Path dataDir, List<String> jvm) throws Exception {
        return awaitReady(launchWith(dataDir, jvm, Map.of(), "--listen", "127.0.0.1:0"));
    }

    /** Starts the process with exactly the given flags (beyond the data directory). */
    static KubicleProcess launchWithoutListen(Path dataDir, Map<String, String> env, String... extraArgs) throws IOException {
        return launchWith(dataDir, List.of(), env, extraArgs);
    }

    private static KubicleProcess launchWith(Path dataDir, List<String> jvm, Map<String, String> env, String... extraArgs)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvm);
        command.addAll(jvmOptions(dataDir));
        command.addAll(List.of("-jar", jar().toAbsolutePath().toString(), "server", "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBICLE_"));
        builder.environment().putAll(env);
        return new KubicleProcess(dataDir, builder.start());
    }

    /**
     * Extra JVM options from {@code -Dkubicle.server.jvmOptions} (space-separated), for profiling a benchmark's
     * servers; {@code {name}} becomes the data directory's name, so each process can write its own recording.
     */
    static List<String> jvmOptions(Path dataDir) {
        String options = System.getProperty("kubicle.server.jvmOptions", "").trim();
        return options.isEmpty() ? List.of()
                : List.of(options.replace("{name}", dataDir.getFileName().toString()).split("\\s+"));
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    url = serving.group(1);
                }
                Matcher kc = KUBECONFIG.matcher(line);
                if (kc.find()) {
                    kubeconfig = Path.of(kc.group(1));
                    ready.complete(null);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the server exited before it was ready"));
        outputEnded.complete(null);
    }

    String url() {
        return url;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** CPU time so far of the server's JVM and, separately, of its embedded Postgres (which is not its child: it daemonizes). */
    public java.time.Duration[] cpu() {
        String postmaster = "-D " + dataDir.toAbsolutePath().resolve("postgres");
        java.time.Duration postgres = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(postmaster)).orElse(false))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                .map(p -> p.info().totalCpuDuration().orElse(java.time.Duration.ZERO))
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
        return new java.time.Duration[] {process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO), postgres};
    }

    /** The server JVM's process id. */
    public long pid() {
        return process.pid();
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("server still running after " + seconds + " s:\n" + output());
        }
        try {
            outputEnded.get(10, TimeUnit.SECONDS); // so that assertions see everything it printed
        } catch (Exception e) {
            throw new AssertionError("server output did not end", e);
        }
        return process.exitValue();
    }

    /** SIGTERM, as an operator or an orchestrator stops it. */
    int stop() throws InterruptedException {
        process.toHandle().destroy(); // unlike Process.destroy(), keeps our end of its output open
        return awaitExit(60);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
