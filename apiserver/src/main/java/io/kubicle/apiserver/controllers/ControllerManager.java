package io.kubicle.apiserver.controllers;

import io.kubicle.apiserver.controllers.ControllerClient.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
 * <p>A pass lists only what may be there: the manager remembers, for {@link #QUIET_MILLIS} after a pass that listed
 * every kind, which {@link WorkloadKind}s the namespace holds none of, and a write of one of them (or of a pod naming
 * one as owner) forgets that kind. Most pods have no controller: in a namespace that holds no workload object, a
 * write of a pod nobody owns brings no pass at all (it would cost six list requests, and a syncer's host namespaces
 * see a few writes per pod), nor do such writes during a pass that finds none (they cannot have made one appear). A
 * namespace this server has just created is known to hold nothing, without a pass (a syncer's new host namespace
 * then costs none). The time limit bounds what a workload created through another replica can miss. When it has passed
 * (or the namespace was never known), an unowned pod's write asks the {@link Census} first, a row or none per kind read
 * straight from the store, and a namespace still without workloads is trusted for another period with no pass.
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
        /** Kinds written during the pass: the pass may have listed them before. */
        final EnumSet<WorkloadKind> dirtyKinds = EnumSet.noneOf(WorkloadKind.class);
        /** Kinds the running pass did not list. */
        Set<WorkloadKind> skipped = Set.of();
        long timer = -1;
        long dueAt;
        int failures;
    }

    private final Vertx vertx;
    /** One pass over a namespace; {@code absent}: kinds it need not list, the namespace holds none. */
    interface Pass {
        Future<Outcome> run(String workspace, String namespace, Set<WorkloadKind> absent);
    }

    /** When the namespace wants another look (0: only on change), and the kinds it holds none of. */
    record Outcome(long requeueMillis, Set<WorkloadKind> absent) {
        Outcome(long requeueMillis, boolean workloadFree) {
            this(requeueMillis, workloadFree ? WorkloadKind.ALL : Set.of());
        }

        static Outcome again(long requeueMillis) {
            return new Outcome(requeueMillis, Set.of());
        }

        boolean workloadFree() {
            return absent.containsAll(WorkloadKind.ALL);
        }
    }

    /** Kinds a namespace holds none of, trusted until {@code until}. */
    private record Known(EnumSet<WorkloadKind> absent, long until) {
    }

    /** Which kinds a namespace holds, read from the store without a pass's requests (the kinds' first rows only). */
    interface Census {
        Future<Set<WorkloadKind>> present(long workspaceId, String namespace);
    }

    private final Pass pass;
    private final Function<Long, Future<String>> workspaceNames;
    private final Map<Scope, Entry> entries = new HashMap<>();
    private final ArrayDeque<Scope> ready = new ArrayDeque<>();
    private final Map<Scope, Known> known = new HashMap<>();
    private final Census census;
    /** Namespaces whose census is under way → whether a workload write came meanwhile (then its answer is stale). */
    private final Map<Scope, Boolean> counting = new HashMap<>();
    private int knownPruneAt = 1024;
    private int running;
    private volatile boolean closed;

    /** {@code store} answers the census (reads only; the passes go through {@code client}). */
    public ControllerManager(Vertx vertx, ControllerClient client, Function<Long, Future<String>> workspaceNames,
                             io.kubicle.storage.Store store) {
        this(vertx, new NamespaceSync(client, new Backoffs(System::currentTimeMillis), java.time.Clock.systemUTC())::sync,
                workspaceNames, new StoreCensus(store));
    }

    ControllerManager(Vertx vertx, Pass pass, Function<Long, Future<String>> workspaceNames) {
        this(vertx, pass, workspaceNames, null);
    }

    ControllerManager(Vertx vertx, Pass pass, Function<Long, Future<String>> workspaceNames, Census census) {
        this.vertx = vertx;
        this.pass = pass;
        this.workspaceNames = workspaceNames;
        this.census = census;
    }

    /** Something a controller cares about changed in this namespace, of any kind. */
    public void changed(long workspaceId, String namespace) {
        changed(workspaceId, namespace, WorkloadKind.ALL);
    }

    /** Objects of these kinds (or pods they may own) changed in this namespace. */
    void changed(long workspaceId, String namespace, Set<WorkloadKind> kinds) {
        Scope scope = new Scope(workspaceId, namespace);
        synchronized (this) {
            counting.computeIfPresent(scope, (s, stale) -> Boolean.TRUE);
            Known k = known.get(scope);
            if (k != null) {
                k.absent().removeAll(kinds);
                if (k.absent().isEmpty()) {
                    known.remove(scope);
                }
            }
        }
        schedule(scope, COALESCE_MILLIS, true, kinds);
    }

    /** A pod that names no owner changed: it matters only where a controller might adopt it. */
    public void podChanged(long workspaceId, String namespace) {
        Scope scope = new Scope(workspaceId, namespace);
        synchronized (this) {
            Known k = known.get(scope);
            long now = System.currentTimeMillis();
            if (quiet(k, now)) {
                return;
            }
            boolean unknown = k == null || k.until() <= now; // never known, or no longer trusted
            if (census == null || !unknown || entries.containsKey(scope)) {
                schedule(scope, COALESCE_MILLIS, true, Set.of());
                return;
            }
            if (counting.putIfAbsent(scope, Boolean.FALSE) != null) {
                return; // a census under way answers for this write too
            }
        }
        census.present(workspaceId, namespace).onComplete(ar -> {
            synchronized (this) {
                boolean stale = Boolean.TRUE.equals(counting.remove(scope));
                if (ar.succeeded() && !stale && !closed) {
                    EnumSet<WorkloadKind> absent = EnumSet.allOf(WorkloadKind.class);
                    absent.removeAll(ar.result());
                    remember(scope, absent, System.currentTimeMillis() + QUIET_MILLIS);
                    if (ar.result().isEmpty()) {
                        return; // still no workload: trusted for another period, no pass
                    }
                }
            }
            schedule(scope, COALESCE_MILLIS, true, Set.of());
        });
    }

    /** The namespace was just created here: it holds no workload until a write that {@link #changed} hears of. */
    public void namespaceCreated(long workspaceId, String namespace) {
        synchronized (this) {
            remember(new Scope(workspaceId, namespace), EnumSet.allOf(WorkloadKind.class), System.currentTimeMillis() + QUIET_MILLIS);
        }
    }

    /** Whether a pod write in this namespace would bring no pass now. */
    synchronized boolean quiet(long workspaceId, String namespace) {
        return quiet(known.get(new Scope(workspaceId, namespace)), System.currentTimeMillis());
    }

    private static boolean quiet(Known k, long now) {
        return k != null && k.until() > now && k.absent().size() == WorkloadKind.ALL.size(); // no copy of the set
    }

    /** The kinds the namespace is known to hold none of now. */
    private Set<WorkloadKind> absent(Scope scope) {
        Known k = known.get(scope);
        return k == null || k.until() <= System.currentTimeMillis() ? Set.of() : Set.copyOf(k.absent());
    }

    private void remember(Scope scope, EnumSet<WorkloadKind> absent, long until) {
        long now = System.currentTimeMillis();
        if (absent.isEmpty() || until <= now) {
            known.remove(scope);
            return;
        }
        known.put(scope, new Known(absent, until));
        if (known.size() >= knownPruneAt) {
            known.values().removeIf(k -> k.until() <= now);
            knownPruneAt = Math.max(1024, known.size() * 2);
        }
    }

    private void schedule(Scope scope, long delay, boolean change, Set<WorkloadKind> kinds) {
        if (closed) {
            return;
        }
        synchronized (this) {
            Entry e = entries.computeIfAbsent(scope, s -> new Entry());
            if (e.running) {
                e.dirty |= change;
                if (change) {
                    e.dirtyKinds.addAll(kinds);
                }
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
            Set<WorkloadKind> skip;
            synchronized (this) {
                if (running >= WORKERS || ready.isEmpty()) {
                    return;
                }
                scope = ready.poll();
                Entry e = entries.get(scope);
                e.queued = false;
                e.running = true;
                e.dirty = false;
                e.dirtyKinds.clear();
                skip = absent(scope);
                e.skipped = skip;
                running++;
            }
            workspaceNames.apply(scope.workspaceId())
                    .compose(name -> pass.run(name, scope.namespace(), skip))
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
            if (outcome != null) {
                learned(scope, e, outcome);
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
            schedule(scope, delay, change, Set.of());
        }
        pump();
    }

    /**
     * What the pass found absent, less what was written meanwhile. A pass that listed every kind starts a new trust
     * period; one that skipped some keeps the old one, so each kind is listed again at least once a period. A pass
     * that found no workload at all drops the changes that were only unowned pods' writes.
     */
    private void learned(Scope scope, Entry e, Outcome outcome) {
        EnumSet<WorkloadKind> absent = EnumSet.noneOf(WorkloadKind.class);
        absent.addAll(outcome.absent());
        absent.removeAll(e.dirtyKinds);
        Known before = known.get(scope);
        long until = e.skipped.isEmpty() || before == null ? System.currentTimeMillis() + QUIET_MILLIS : before.until();
        remember(scope, absent, until);
        if (absent.containsAll(WorkloadKind.ALL)) {
            e.dirty = false;
        }
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
            known.clear();
            counting.clear();
        }
    }
}
