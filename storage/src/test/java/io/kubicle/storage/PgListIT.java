package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;
import static io.kubicle.storage.TestPostgres.failure;
import static io.kubicle.storage.TestPostgres.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PgListIT extends StoreTest {

    private static ResourceScope scope(long ws, String ns) {
        return new ResourceScope(ws, "apps", "deployments", ns);
    }

    private static ObjectKey key(long ws, String ns, String name) {
        return new ObjectKey(ws, "apps", "deployments", ns, name);
    }

    private static List<String> names(ListResult r) {
        return r.items().stream().map(o -> o.key().namespace() + "/" + o.key().name()).toList();
    }

    @Test
    void listsInKeyOrderWithinNamespaceOrEverywhere() {
        long ws = await(store.createWorkspace("order", null)).id();
        for (String ns : List.of("b", "a")) {
            for (String n : List.of("z", "m", "a")) {
                await(store.create(write(key(ws, ns, n), "{}", Map.of())));
            }
        }
        await(store.create(write(new ObjectKey(ws, "", "configmaps", "a", "other-resource"), "{}", Map.of())));
        assertEquals(List.of("a/a", "a/m", "a/z", "b/a", "b/m", "b/z"), names(await(store.list(ListRequest.all(scope(ws, ""))))));
        assertEquals(List.of("b/a", "b/m", "b/z"), names(await(store.list(ListRequest.all(scope(ws, "b"))))));
        ListResult empty = await(store.list(ListRequest.all(scope(ws, "nothing-here"))));
        assertEquals(0, empty.items().size());
        assertEquals(7, empty.resourceVersion());
        assertInstanceOf(StorageException.NotFound.class, failure(store.list(ListRequest.all(scope(ws + 999, "")))));
    }

    @Test
    void labelSelectorsFilterInTheDatabase() {
        long ws = await(store.createWorkspace("labels", null)).id();
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        objects.put("a", Map.of("app", "web", "tier", "front", "rank", "3"));
        objects.put("b", Map.of("app", "web", "tier", "back", "rank", "10"));
        objects.put("c", Map.of("app", "db", "rank", "x"));
        objects.put("d", Map.of());
        objects.forEach((n, l) -> await(store.create(write(key(ws, "ns", n), "{}", l))));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("app=web", List.of("a", "b"));
        expected.put("app==web,tier=front", List.of("a"));
        expected.put("app!=web", List.of("c", "d"));
        expected.put("app in (db, web)", List.of("a", "b", "c"));
        expected.put("app notin (web)", List.of("c", "d"));
        expected.put("tier", List.of("a", "b"));
        expected.put("!tier", List.of("c", "d"));
        expected.put("rank>5", List.of("b"));
        expected.put("rank<5", List.of("a"));
        expected.put("", List.of("a", "b", "c", "d"));
        expected.forEach((selector, names) -> {
            LabelSelector parsed = LabelSelector.parse(selector);
            ListResult r = await(store.list(ListRequest.all(scope(ws, "ns")).withSelector(parsed)));
            assertEquals(names, r.items().stream().map(o -> o.key().name()).toList(), selector);
            List<String> inMemory = objects.entrySet().stream().filter(e -> parsed.matches(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            assertEquals(names, inMemory, "SQL and in-memory evaluation disagree on " + selector);
        });
        ListResult paged = await(store.list(ListRequest.all(scope(ws, "ns")).withSelector(LabelSelector.parse("app"))
                .withLimit(2)));
        assertEquals(List.of("a", "b"), paged.items().stream().map(o -> o.key().name()).toList());
        ListResult rest = await(store.list(ListRequest.all(scope(ws, "ns")).withSelector(LabelSelector.parse("app"))
                .withLimit(2).withContinue(paged.continueToken())));
        assertEquals(List.of("c"), rest.items().stream().map(o -> o.key().name()).toList());
        assertNull(rest.continueToken());
    }

    /** Pages read while others write must together show the scope exactly as it was at the first page. */
    @Test
    void paginationStaysConsistentWhileWritesHappen() throws Exception {
        long ws = await(store.createWorkspace("paging", null)).id();
        Map<String, String> before = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            String name = String.format("obj-%03d", i);
            await(store.create(write(key(ws, "ns", name), "{\"v\":\"" + name + "-0\"}", Map.of("keep", "yes"))));
            before.put(name, "{\"v\":\"" + name + "-0\"}");
        }
        ListResult page = await(store.list(ListRequest.all(scope(ws, "ns")).withLimit(25)));
        long pinned = page.resourceVersion();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                String victim = String.format("obj-%03d", (i * 7) % 120);
                String fresh = String.format("new-%05d", i);
                try {
                    StoredObject cur = await(store.get(key(ws, "ns", victim)));
                    if (i % 3 == 0) {
                        await(store.delete(cur.key(), Preconditions.NONE));
                    } else {
                        await(store.update(write(cur.key(), "{\"v\":\"changed-" + i + "\"}", Map.of("keep", "no")),
                                Preconditions.NONE));
                    }
                } catch (StorageException.NotFound ignored) {
                    // deleted in an earlier round
                }
                await(store.create(write(key(ws, "ns", fresh), "{}", Map.of("keep", "yes"))));
                i++;
                rounds.incrementAndGet();
            }
        });
        writer.start();
        Map<String, String> seen = new LinkedHashMap<>();
        List<ListResult> pages = new ArrayList<>(List.of(page));
        try {
            while (page.continueToken() != null) {
                int target = rounds.get() + 4;
                while (rounds.get() < target) {
                    Thread.sleep(2); // let the writer change, delete and add objects between pages
                }
                page = await(store.list(ListRequest.all(scope(ws, "ns")).withLimit(25).withContinue(page.continueToken())));
                pages.add(page);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        for (ListResult p : pages) {
            assertEquals(pinned, p.resourceVersion(), "every page reports the first page's revision");
            p.items().forEach(o -> seen.put(o.key().name(), new String(o.body(), StandardCharsets.UTF_8)));
        }
        assertEquals(before, seen, "pages must show the scope as of the first page, whatever was written meanwhile");
        assertTrue(await(store.currentRevision(ws)) > pinned + 10, "writes must really have happened during paging");

        // The same history serves an exact-revision read with a label selector.
        ListResult exact = await(store.list(new ListRequest(scope(ws, "ns"), LabelSelector.parse("keep=yes"), 0, null, pinned)));
        assertEquals(120, exact.items().size());
        assertInstanceOf(StorageException.TooLargeRevision.class,
                failure(store.list(new ListRequest(scope(ws, "ns"), null, 0, null, pinned + 1_000_000))));
    }

    @Test
    void malformedContinueTokensAreInvalidArguments() {
        long ws = await(store.createWorkspace("tokens", null)).id();
        for (String bad : List.of("garbage!!", "e30", "eyJ2IjoxfQ", "eyJ2IjoxLCJydiI6LTEsIm5zIjoiIiwibmFtZSI6IiJ9")) {
            Throwable e = failure(store.list(ListRequest.all(scope(ws, "")).withLimit(1).withContinue(bad)));
            assertInstanceOf(StorageException.InvalidArgument.class, e, bad);
            assertTrue(e.getMessage().startsWith("continue key is not valid"), e.getMessage());
        }
    }

    @Test
    void continueTokenOlderThanHistoryExpires() {
        long ws = await(store.createWorkspace("expiry", null)).id();
        for (int i = 0; i < 5; i++) {
            await(store.create(write(key(ws, "ns", "o" + i), "{}", Map.of())));
        }
        ListResult first = await(store.list(ListRequest.all(scope(ws, "ns")).withLimit(2)));
        assertNotNull(first.continueToken());
        await(store.update(write(key(ws, "ns", "o4"), "{}", Map.of()), Preconditions.NONE));
        assertTrue(await(store.compact(Duration.ZERO)) > 0);
        var e = failure(store.list(ListRequest.all(scope(ws, "ns")).withLimit(2).withContinue(first.continueToken())));
        assertInstanceOf(StorageException.Expired.class, e);
        assertEquals(6, ((StorageException.Expired) e).oldestRevision());
        // A fresh list still works after compaction.
        assertEquals(5, await(store.list(ListRequest.all(scope(ws, "ns")))).items().size());
    }
}
