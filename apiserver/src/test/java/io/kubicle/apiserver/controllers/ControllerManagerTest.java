package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ObjectWrite;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControllerManagerTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> passes = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The kinds each pass was told it need not list, in order. */
    private final List<Set<WorkloadKind>> skipped = new CopyOnWriteArrayList<>();

    private ControllerManager manager(BiFunction<String, String, Future<ControllerManager.Outcome>> pass) {
        return new ControllerManager(vertx, (ws, ns, absent) -> {
            passes.add(ws + "/" + ns);
            skipped.add(absent);
            return pass.apply(ws, ns);
        }, id -> Future.succeededFuture("ws" + id));
    }

    @Test
    void aBurstOfChangesIsOnePassAndThenNothingIsKept() throws Exception {
        ControllerManager manager = manager((ws, ns) -> Future.succeededFuture(ControllerManager.Outcome.again(0)));
        for (int i = 0; i < 100; i++) {
            manager.changed(1, "default");
        }
        manager.changed(2, "other");
        await(() -> passes.size() == 2 && manager.pending() == 0);
        Thread.sleep(100);
        assertEquals(List.of("ws1/default", "ws2/other"), passes.stream().sorted().toList());
        assertEquals(0, manager.pending(), "a settled namespace leaves no state behind");
    }

    @Test
    void unownedPodWritesInANamespaceWithoutWorkloadsBringNoPassUntilAWorkloadChanges() throws Exception {
        AtomicInteger workloads = new AtomicInteger();
        ControllerManager manager = manager((ws, ns) -> Future.succeededFuture(
                new ControllerManager.Outcome(0, workloads.get() == 0)));
        manager.podChanged(1, "default");
        await(() -> passes.size() == 1 && manager.pending() == 0);
        assertTrue(manager.quiet(1, "default"), "the pass found no workload");
        for (int i = 0; i < 20; i++) {
            manager.podChanged(1, "default");
        }
        Thread.sleep(100);
        assertEquals(1, passes.size(), "unowned pods of a workload-free namespace are nobody's business");

        workloads.set(1); // a ReplicaSet is created: it may adopt the next unowned pod
        manager.changed(1, "default");
        assertFalse(manager.quiet(1, "default"), "a workload write forgets the namespace at once");
        await(() -> passes.size() == 2 && manager.pending() == 0);
        manager.podChanged(1, "default");
        await(() -> passes.size() == 3 && manager.pending() == 0);

        manager.podChanged(2, "default");
        await(() -> passes.size() == 4 && manager.pending() == 0);
        assertEquals(List.of("ws1/default", "ws1/default", "ws1/default", "ws2/default"), passes);
    }

    @Test
    void aNamespaceNotKnownToBeWorkloadFreeIsCountedFromTheStoreBeforeAnyPass() throws Exception {
        java.util.Map<String, Set<WorkloadKind>> held = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger censuses = new AtomicInteger();
        ControllerManager manager = new ControllerManager(vertx, (ws, ns, absent) -> {
            passes.add(ws + "/" + ns);
            skipped.add(absent);
            return Future.succeededFuture(ControllerManager.Outcome.again(0));
        }, id -> Future.succeededFuture("ws" + id), (ws, ns) -> {
            censuses.incrementAndGet();
            return Future.succeededFuture(held.getOrDefault(ns, Set.of()));
        });
        for (int i = 0; i < 20; i++) {
            manager.podChanged(1, "pods-only");
        }
        await(() -> manager.quiet(1, "pods-only"));
        Thread.sleep(100);
        assertEquals(List.of(), passes, "nothing to reconcile: no pass, no list request");
        assertEquals(1, censuses.get(), "trusted for a period once counted");

        held.put("web", Set.of(WorkloadKind.REPLICASETS));
        manager.podChanged(1, "web");
        await(() -> passes.size() == 1 && manager.pending() == 0);
        assertEquals(EnumSet.complementOf(EnumSet.of(WorkloadKind.REPLICASETS)), skipped.get(0),
                "the pass lists only what the census found");
    }

    @Test
    void aCensusOvertakenByAWorkloadWriteIsNotTrusted() throws Exception {
        io.vertx.core.Promise<Set<WorkloadKind>> answer = io.vertx.core.Promise.promise();
        ControllerManager manager = new ControllerManager(vertx, (ws, ns, absent) -> {
            passes.add(ws + "/" + ns);
            return Future.succeededFuture(ControllerManager.Outcome.again(0));
        }, id -> Future.succeededFuture("ws" + id), (ws, ns) -> answer.future());
        manager.podChanged(1, "default");
        manager.changed(1, "default"); // a Deployment committed while the census read
        answer.complete(Set.of());
        await(() -> passes.size() == 1 && manager.pending() == 0);
        assertFalse(manager.quiet(1, "default"));
    }

    @Test
    void unownedPodWritesDuringAPassThatFindsNoWorkloadBringNoSecondPassButAWorkloadWriteDoes() throws Exception {
        List<Promise<ControllerManager.Outcome>> open = new CopyOnWriteArrayList<>();
        ControllerManager manager = manager((ws, ns) -> {
            Promise<ControllerManager.Outcome> done = Promise.promise();
            open.add(done);
            return done.future();
        });
        manager.podChanged(1, "default");
        await(() -> open.size() == 1);
        for (int i = 0; i < 10; i++) {
            manager.podChanged(1, "default");
        }
        vertx.runOnContext(v -> open.get(0).complete(new ControllerManager.Outcome(0, true)));
        await(() -> manager.pending() == 0);
        Thread.sleep(100);
        assertEquals(1, passes.size(), "unowned pods cannot have brought a workload");
        assertTrue(manager.quiet(1, "default"));

        manager.changed(2, "default");
        await(() -> open.size() == 2);
        manager.podChanged(2, "default");
        manager.changed(2, "default"); // e.g. a Deployment created while the pass lists
        vertx.runOnContext(v -> open.get(1).complete(new ControllerManager.Outcome(0, true)));
        await(() -> open.size() == 3);
        vertx.runOnContext(v -> open.get(2).complete(new ControllerManager.Outcome(0, false)));
        await(() -> manager.pending() == 0);
        assertEquals(List.of("ws1/default", "ws2/default", "ws2/default"), passes);
        assertFalse(manager.quiet(2, "default"), "the second pass found the workload");
    }

    @Test
    void aPassListsOnlyTheKindsTheNamespaceMayHold() throws Exception {
        Set<WorkloadKind> deploymentsOnly = Set.of(WorkloadKind.JOBS, WorkloadKind.STATEFULSETS, WorkloadKind.CRONJOBS);
        ControllerManager manager = manager((ws, ns) -> Future.succeededFuture(new ControllerManager.Outcome(0,
                java.util.EnumSet.copyOf(deploymentsOnly))));
        manager.changed(1, "web");
        await(() -> passes.size() == 1 && manager.pending() == 0);
        manager.changed(1, "web", Set.of(WorkloadKind.REPLICASETS)); // a pod of a ReplicaSet became Ready
        await(() -> passes.size() == 2 && manager.pending() == 0);
        manager.changed(1, "web", Set.of(WorkloadKind.JOBS)); // a Job was created
        await(() -> passes.size() == 3 && manager.pending() == 0);
        manager.changed(1, "web");
        await(() -> passes.size() == 4 && manager.pending() == 0);
        assertEquals(List.of(Set.of(), deploymentsOnly, Set.of(WorkloadKind.STATEFULSETS, WorkloadKind.CRONJOBS), Set.of()),
                skipped, "the first pass lists all; a kind written since is listed again; so is every kind after a change of any");
    }

    @Test
    void aKindWrittenDuringAPassIsNotTrustedAbsentAfterIt() throws Exception {
        List<Promise<ControllerManager.Outcome>> open = new CopyOnWriteArrayList<>();
        ControllerManager manager = manager((ws, ns) -> {
            Promise<ControllerManager.Outcome> done = Promise.promise();
            open.add(done);
            return done.future();
        });
        manager.changed(1, "batch");
        await(() -> open.size() == 1);
        manager.changed(1, "batch", Set.of(WorkloadKind.JOBS)); // created after the pass listed none
        vertx.runOnContext(v -> open.get(0).complete(new ControllerManager.Outcome(0, true)));
        await(() -> open.size() == 2);
        vertx.runOnContext(v -> open.get(1).complete(new ControllerManager.Outcome(0, false)));
        await(() -> manager.pending() == 0);
        assertEquals(Set.of(WorkloadKind.DEPLOYMENTS, WorkloadKind.REPLICASETS, WorkloadKind.STATEFULSETS, WorkloadKind.CRONJOBS,
                WorkloadKind.PODDISRUPTIONBUDGETS), skipped.get(1), "the second pass lists the Jobs");
        assertFalse(manager.quiet(1, "batch"));
    }

    @Test
    void aNamespaceCreatedHereBringsNoPassForItsUnownedPodsButAWorkloadWriteThereDoes() throws Exception {
        ControllerManager manager = manager((ws, ns) -> Future.succeededFuture(new ControllerManager.Outcome(0, false)));
        Store store = new ChangeTriggers(createsOnly(), manager);
        create(store, new ObjectKey(3, "", "namespaces", "", "fresh"));
        create(store, new ObjectKey(3, "", "pods", "fresh", "p"));
        create(store, new ObjectKey(3, "", "pods", "fresh", "q"));
        Thread.sleep(100);
        assertEquals(List.of(), passes, "a namespace just created holds no workload, and its unowned pods adopt none");

        create(store, new ObjectKey(3, "", "pods", "older", "p"));
        create(store, new ObjectKey(3, "apps", "replicasets", "fresh", "web"));
        await(() -> passes.size() == 2 && manager.pending() == 0);
        assertEquals(List.of("ws3/fresh", "ws3/older"), passes.stream().sorted().toList(),
                "a namespace this server did not see created is passed; so is one that got a workload");
        create(store, new ObjectKey(3, "", "pods", "fresh", "r"));
        await(() -> passes.size() == 3 && manager.pending() == 0);
    }

    /** A store that answers creates only, with the object as written. */
    private static Store createsOnly() {
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (proxy, method, args) -> {
            if (!method.getName().equals("create")) {
                throw new UnsupportedOperationException(method.getName());
            }
            ObjectWrite write = (ObjectWrite) args[0];
            return Future.succeededFuture(new StoredObject(write.key(), write.uid(), 1, 1, write.labels(), write.body()));
        });
    }

    private static void create(Store store, ObjectKey key) {
        store.create(new ObjectWrite(key, "uid-" + key.name(), 1, Map.of(),
                ("{\"metadata\":{\"name\":\"" + key.name() + "\"}}").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWorkspaceSeededFromABlueprintGetsOnePassPerNamespaceHoldingWorkloads() throws Exception {
        ControllerManager manager = manager((ws, ns) -> Future.succeededFuture(ControllerManager.Outcome.again(0)));
        ChangeTriggers.seeded(manager, List.of(
                new io.kubicle.storage.ObjectKey(7, "apps", "deployments", "app", "web"),
                new io.kubicle.storage.ObjectKey(7, "batch", "jobs", "app", "migrate"),
                new io.kubicle.storage.ObjectKey(7, "", "configmaps", "settings", "a"),
                new io.kubicle.storage.ObjectKey(7, "batch", "cronjobs", "nightly", "backup")));
        await(() -> passes.size() == 2 && manager.pending() == 0);
        assertEquals(List.of("ws7/app", "ws7/nightly"), passes.stream().sorted().toList());
    }

    @Test
    void changesDuringAPassBringExactlyOneMoreAndPassesNeverOverlap() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Promise<ControllerManager.Outcome>> open = new CopyOnWriteArrayList<>();
        ControllerManager manager = manager((ws, ns) -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Promise<ControllerManager.Outcome> done = Promise.promise();
            open.add(done);
            return done.future().onComplete(ar -> running.decrementAndGet());
        });
        manager.changed(1, "default");
        await(() -> open.size() == 1);
        for (int i = 0; i < 10; i++) {
            manager.changed(1, "default");
        }
        Thread.sleep(100);
        assertEquals(1, passes.size(), "no second pass while the first runs");
        vertx.runOnContext(v -> open.get(0).complete(ControllerManager.Outcome.again(0)));
        await(() -> open.size() == 2);
        vertx.runOnContext(v -> open.get(1).complete(ControllerManager.Outcome.again(0)));
        await(() -> manager.pending() == 0);
        assertEquals(2, passes.size());
        assertEquals(0, overlaps.get());
    }

    @Test
    void aFailedPassIsRetriedAndARequestedLookHappens() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ControllerManager manager = manager((ws, ns) -> switch (calls.incrementAndGet()) {
            case 1 -> Future.failedFuture(new ControllerClient.Failure(409, "Conflict", "the object has been modified"));
            case 2 -> Future.succeededFuture(ControllerManager.Outcome.again(50));
            default -> Future.succeededFuture(ControllerManager.Outcome.again(0));
        });
        manager.changed(1, "default");
        await(() -> calls.get() == 3 && manager.pending() == 0);
        assertEquals(3, passes.size());
    }

    @Test
    void aGoneWorkspaceIsNotRetried() throws Exception {
        ControllerManager manager = manager((ws, ns) -> Future.failedFuture(
                new ControllerClient.Failure(404, "NotFound", "workspace not found")));
        manager.changed(1, "default");
        await(() -> passes.size() == 1 && manager.pending() == 0);
        Thread.sleep(200);
        assertEquals(1, passes.size());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
