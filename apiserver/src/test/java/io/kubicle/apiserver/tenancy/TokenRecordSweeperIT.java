package io.kubicle.apiserver.tenancy;

import static io.kubicle.storage.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.certs.CertificateAuthority;
import io.kubicle.storage.ObjectKey;
import io.kubicle.storage.ResourceScope;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoreTest;
import io.kubicle.storage.TestPostgres;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The records of expired tokens go from a real Postgres, through the store's deletions; others stay. */
class TokenRecordSweeperIT extends StoreTest {
    static final CertificateAuthority SERVER = CertificateAuthority.create("test", Duration.ofDays(1));
    static final Instant ISSUED = Instant.parse("2026-12-06T05:00:00Z");
    static final ObjectNode POD = Json.object().put("kind", "Pod").put("name", "web").put("uid", java.util.UUID.randomUUID().toString());

    final ServiceAccountTokens tokens = new ServiceAccountTokens(store, new WorkspaceCredentials(SERVER, Duration.ofDays(1)),
            Clock.fixed(ISSUED, ZoneOffset.UTC));

    private ObjectKey issue(WorkspaceDirectory.Entry ws, long expirationSeconds) {
        String token = await(tokens.issue(ws, "default", "worker", "sa-uid", List.of(ServiceAccountTokens.API_AUDIENCE),
                expirationSeconds, POD)).token();
        return new ObjectKey(ws.id(), ServiceAccountTokens.RECORD_GROUP, ServiceAccountTokens.RECORD_RESOURCE, "default",
                ServiceAccountTokens.hash(token));
    }

    private static TokenRecordSweeper sweeperAt(Instant now) {
        return new TokenRecordSweeper(vertx, store, store, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static boolean exists(ObjectKey key) {
        return await(store.get(key).map(o -> true).recover(e -> e instanceof StorageException.NotFound
                ? Future.succeededFuture(false) : Future.failedFuture(e)));
    }

    @Test
    void anExpiredRecordGoesPastTheGraceWhileLiveOnesAndOnesWithoutExpiryStay() throws Exception {
        WorkspaceDirectory.Entry ws = entry("sweep");
        ObjectKey renewedAway = issue(ws, 3607);
        ObjectKey live = issue(ws, 7200);
        ObjectKey forever = issue(ws, 0);
        Instant expired = ISSUED.plusSeconds(3607);
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        long from = await(store.currentRevision(ws.id()));
        await(store.watch(WatchRequest.of(new ResourceScope(ws.id(), ServiceAccountTokens.RECORD_GROUP,
                ServiceAccountTokens.RECORD_RESOURCE, ""), from), new WatchListener() {
            @Override
            public void onEvent(WatchEvent event) {
                seen.add(event);
            }

            @Override
            public void onClose(StorageException error) {
            }
        }));

        // (the other test's records share the database, so this one counts only its own)
        await(sweeperAt(expired.plus(TokenRecordSweeper.GRACE)).sweep());
        assertTrue(exists(renewedAway), "within the grace after expiry a record stays (a server whose clock runs behind still accepts the token)");

        assertTrue(await(sweeperAt(expired.plus(TokenRecordSweeper.GRACE).plusSeconds(1)).sweep()) >= 1);
        assertTrue(!exists(renewedAway), "the expired token's record is deleted");
        assertTrue(exists(live), "a live token's record stays");
        assertTrue(exists(forever), "a token without expiry keeps its record");
        await(sweeperAt(ISSUED.plus(Duration.ofDays(3650))).sweep());
        assertTrue(!exists(live), "ten years on, the other expired too");
        assertTrue(exists(forever), "a token without expiry keeps its record even ten years on");

        long deadline = System.currentTimeMillis() + 10_000;
        while (seen.stream().noneMatch(e -> e.type() == WatchEvent.Type.DELETED) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        WatchEvent deleted = seen.stream().filter(e -> e.type() == WatchEvent.Type.DELETED).findFirst().orElseThrow();
        assertEquals(renewedAway.name(), deleted.object().key().name(), "a watch sees the sweep as a deletion");
        assertTrue(deleted.resourceVersion() > from);
    }

    @Test
    void aBacklogGoesAPageAtATimeInOnePass() {
        WorkspaceDirectory.Entry ws = entry("sweep-backlog");
        List<ObjectKey> backlog = List.of(issue(ws, 10), issue(ws, 20), issue(ws, 30), issue(ws, 40), issue(ws, 50));
        Instant later = ISSUED.plus(Duration.ofHours(2));
        int swept = await(new TokenRecordSweeper(vertx, store, store, Clock.fixed(later, ZoneOffset.UTC), 2).sweep());
        assertTrue(swept >= backlog.size(), "pages of 2 until none is left: " + swept);
        assertTrue(backlog.stream().noneMatch(TokenRecordSweeperIT::exists));
    }

    @Test
    void theServerRunsTheSweepOnItsIntervalAcrossWorkspaces() throws Exception {
        ObjectKey first = issue(entry("sweep-timer-a"), 60);
        ObjectKey second = issue(entry("sweep-timer-b"), 60);
        TokenRecordSweeper sweeper = sweeperAt(ISSUED.plus(Duration.ofHours(1)));
        sweeper.start(Duration.ofMillis(100));
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while ((exists(first) || exists(second)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            sweeper.stop();
        }
        assertTrue(!exists(first) && !exists(second), "both workspaces' expired records went without a call to sweep()");
        assertInstanceOf(StorageException.NotFound.class, TestPostgres.failure(store.get(first)));
    }

    private static WorkspaceDirectory.Entry entry(String name) {
        return new WorkspaceDirectory.Entry(await(store.createWorkspace(name, null)).id(), name, 0, 0);
    }
}
