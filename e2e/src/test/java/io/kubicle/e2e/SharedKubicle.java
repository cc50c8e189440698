package io.kubicle.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One server for all test classes that extend with this, started on first use and stopped when the
 * test run ends. Classes isolate themselves by provisioning their own workspace, as tenants do;
 * this saves a server start (tens of seconds on a loaded CI machine) per class.
 */
final class SharedKubicle implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKubicle.class);
    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        running = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Running.class, k -> Running.start(),
                Running.class);
    }

    /** A new workspace on the shared server; returns its kubeconfig file. */
    static Path provision(String workspace) throws IOException {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedKubicle.class)");
        }
        synchronized (r) {
            return Workspaces.provision(r.root, r.dir, workspace);
        }
    }

    /** kubectl as the server's admin, in the root workspace. */
    static Kubectl root() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedKubicle.class)");
        }
        return r.root;
    }

    private record Running(Path dir, KubicleProcess server, Kubectl root) implements AutoCloseable {
        static Running start() {
            try {
                Path dir = Files.createTempDirectory("kubicle-e2e-shared");
                KubicleProcess server = KubicleProcess.start(dir.resolve("data"));
                return new Running(dir, server, new Kubectl(server.kubeconfig(), dir.resolve("cache-root")));
            } catch (Exception e) {
                throw new IllegalStateException("could not start the shared server", e);
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
