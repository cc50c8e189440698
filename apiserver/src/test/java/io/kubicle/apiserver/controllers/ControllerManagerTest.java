package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
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

    private ControllerManager manager(ControllerManager.Pass pass) {
        return new ControllerManager(vertx, (ws, ns) -> {
            passes.add(ws + "/" + ns);
            return pass.run(ws, ns);
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
