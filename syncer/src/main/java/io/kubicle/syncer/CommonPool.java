package io.kubicle.syncer;

/**
 * fabric8 completes many futures with {@code *Async} steps and no executor. Those run on the common ForkJoinPool,
 * except where it has fewer than two workers (one or two CPUs, as in a small pod): then the JDK starts a new thread
 * for every step, and a burst of pods made the syncer start thousands of threads a second.
 */
public final class CommonPool {
    static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private CommonPool() {
    }

    /** Asks for at least two common-pool workers; must run before anything touches the pool (first thing in main). */
    public static void keepWorkers() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, String.valueOf(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
        }
    }
}
