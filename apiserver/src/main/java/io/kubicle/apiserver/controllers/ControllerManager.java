package io.kubicle.apiserver.controllers;

import io.kubicle.apiserver.controllers.ControllerClient.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controllers without any per-workspace thread, timer or watch: it is told which
 * (workspace, namespace) changed, waits a few milliseconds so a burst of commits becomes one pass,
 * then runs {@link NamespaceSync} with at most {@link #WORKERS} passes in flight. A namespace is
 * passed by one worker at a time; changes during a pass bring one more pass after it. A failed pass
 * (a 409, an unreachable API) is retried with exponential backoff; a pass may ask for a later look
 * (minReadySeconds, a Job deadline, a create backoff). State exists only for namespaces with work
 * queued, running or scheduled.
 *
 * <p>Most pods have no controller: a namespace whose last pass found no workload object is remembered
 * for {@link #QUIET_MILLIS}, and a write of a pod nobody owns there brings no pass (it costs six list
 * requests, and a syncer's host namespaces see a few writes per pod). Such writes during a pass that
 * finds no workload bring no second pass either: they cannot have made one appear. Any workload write
 * forgets the namespace; the time limit bounds what a workload created through another replica can miss.
 */
public final class ControllerManager {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);
    static final long COALESCE_MILLIS = 10;
    static final int WORKERS = 4;
    private static final long RETRY_INITIAL_MILLIS = 50;
    private static final long RETRY_MAX_MILLIS = 60_000;
    /** After this many failed passes in a row a namespace waits for its next change. */
    private static final int MAX_FAILURES = 15;
    static final long QUIET_MILLIS = 30_000;

    /** What a pass works on. */
    public record Scope(long workspaceId, String namespace) {
    }

    private static final class Entry {
        boolean queued;
        boolean running;
        boolean dirty;
        /** Changed during the pass by more than a write of an unowned pod. */
        boolean workloadDirty;
        long timer = -1;
        long dueAt;
        int failures;
    }

    private final Vertx vertx;
    /** One pass over a namespace. */
    interface Pass {
        Future<Outcome> run(String workspace, String namespace);
    }

    /** When the namespace wants another look (0: only on change), and whether it holds no workload object. */
    record Outcome(long requeueMillis, boolean workloadFree) {
        static Outcome again(long requeueMillis) {
            return new Outcome(requeueMillis, false);
        }
    }

    private final Pass pass;
    private final Function<Long, Future<String>> workspaceNames;
    private final Map<Scope, Entry> entries = new HashMap<>();
    private final ArrayDeque<Scope> ready = new ArrayDeque<>();
    /** Workload-free namespaces, until when that is trusted. */
    private final Map<Scope, Long> quietUntil = new HashMap<>();
    private int quietPruneAt = 1024;
    private int running;
    private volatile boolean closed;

    public ControllerManager(Vertx vertx, ControllerClient client, Function<Long, Future<String>> workspaceNames) {
        this(vertx, new NamespaceSync(client, new Backoffs(System::currentTimeMillis), java.time.Clock.systemUTC())::sync,
                workspaceNames);
    }

    ControllerManager(Vertx vertx, Pass pass, Function<Long, Future<String>> workspaceNames) {
        this.vertx = vertx;
        this.pass = pass;
        this.workspaceNames = workspaceNames;
    }

    /** Something a controller cares about changed in this namespace. */
    public void changed(long workspaceId, String namespace) {
        Scope scope = new Scope(workspaceId, namespace);
        synchronized (this) {
            quietUntil.remove(scope);
        }
        schedule(scope, COALESCE_MILLIS, true, true);
    }

    /** A pod that names no owner changed: it matters only where a controller might adopt it. */
    public void podChanged(long workspaceId, String namespace) {
        if (!quiet(workspaceId, namespace)) {
            schedule(new Scope(workspaceId, namespace), COALESCE_MILLIS, true, false);
        }
    }

    /** Whether a pod write in this namespace would bring no pass now. */
    synchronized boolean quiet(long workspaceId, String namespace) {
        Long until = quietUntil.get(new Scope(workspaceId, namespace));
        return until != null && until > System.currentTimeMillis();
    }

    private void rememberQuiet(Scope scope) {
        long now = System.currentTimeMillis();
        quietUntil.put(scope, now + QUIET_MILLIS);
        if (quietUntil.size() >= quietPruneAt) {
            quietUntil.values().removeIf(until -> until <= now);
            quietPruneAt = Math.max(1024, quietUntil.size() * 2);
        }
    }

    private void schedule(Scope scope, long delay, boolean change, boolean workload) {
        if (closed) {
            return;
        }
        synchronized (this) {
            Entry e = entries.computeIfAbsent(scope, s -> new Entry());
            if (e.running) {
                e.dirty |= change;
                e.workloadDirty |= change && workload;
                return;
            }
            if (e.queued) {
                return;
            }
            long due = System.currentTimeMillis() + delay;
            if (e.timer != -1) {
                if (e.dueAt <= due) {
                    return;
                }
                vertx.cancelTimer(e.timer);
            }
            e.dueAt = due;
            e.timer = vertx.setTimer(Math.max(1, delay), t -> due(scope));
        }
    }

    private void due(Scope scope) {
        synchronized (this) {
            Entry e = entries.get(scope);
            if (e == null) {
                return;
            }
            e.timer = -1;
            e.queued = true;
            ready.add(scope);
        }
        pump();
    }

    private void pump() {
        while (true) {
            Scope scope;
            synchronized (this) {
                if (running >= WORKERS || ready.isEmpty()) {
                    return;
                }
                scope = ready.poll();
                Entry e = entries.get(scope);
                e.queued = false;
                e.running = true;
                e.dirty = false;
                e.workloadDirty = false;
                running++;
            }
            workspaceNames.apply(scope.workspaceId())
                    .compose(name -> pass.run(name, scope.namespace()))
                    .onComplete(ar -> finished(scope, ar.succeeded() ? ar.result() : null, ar.cause()));
        }
    }

    private void finished(Scope scope, Outcome outcome, Throwable failure) {
        long delay = -1;
        boolean change = false;
        long requeue = outcome == null ? 0 : outcome.requeueMillis();
        synchronized (this) {
            running--;
            Entry e = entries.get(scope);
            e.running = false;
            if (outcome != null && outcome.workloadFree() && !e.workloadDirty) {
                rememberQuiet(scope);
                e.dirty = false;
            }
            if (failure != null && !gone(failure) && e.failures < MAX_FAILURES) {
                e.failures++;
                delay = Math.min(RETRY_MAX_MILLIS, RETRY_INITIAL_MILLIS << Math.min(20, e.failures - 1));
                if (!(failure instanceof Failure f && f.code() == 409)) {
                    LOG.info("controllers of namespace {} in workspace {} failed (retry in {} ms): {}", scope.namespace(),
                            scope.workspaceId(), delay, failure.toString());
                }
            } else {
                e.failures = 0;
            }
            if (e.dirty) {
                delay = delay < 0 ? COALESCE_MILLIS : Math.min(delay, COALESCE_MILLIS);
                change = true;
            } else if (failure == null && requeue > 0) {
                delay = requeue;
            }
            if (delay < 0) {
                entries.remove(scope);
            }
        }
        if (delay >= 0) {
            schedule(scope, delay, change, true);
        }
        pump();
    }

    /** The workspace or namespace went away meanwhile: nothing left to do. */
    private static boolean gone(Throwable failure) {
        return failure instanceof Failure f && (f.code() == 404 || f.code() == 401);
    }

    /** Schedules a pass for every namespace that holds a controller's object (see {@link StartupScan}). */
    public Future<Integer> startupScan(io.kubicle.storage.Workspaces workspaces, io.kubicle.storage.Store store) {
        return StartupScan.run(workspaces, store, this);
    }

    /** Namespaces with passes queued, running or scheduled (zero when every workspace is idle). */
    public synchronized int pending() {
        return entries.size();
    }

    public void close() {
        closed = true;
        synchronized (this) {
            entries.values().forEach(e -> {
                if (e.timer != -1) {
                    vertx.cancelTimer(e.timer);
                }
            });
            entries.clear();
            ready.clear();
            quietUntil.clear();
        }
    }
}
