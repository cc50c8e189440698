package io.kubicle.apiserver.tenancy;

import io.kubicle.storage.ExpiringObjects;
import io.kubicle.storage.Preconditions;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the hash records of ServiceAccount tokens that expired more than {@link #GRACE} ago. An expired token never
 * authenticates again ({@link ServiceAccountTokens#authenticate} checks {@code exp}), yet a pod that runs for months
 * would keep one record per renewal (the syncer renews its token about every 48 minutes) until the pod goes.
 *
 * <p>The records carry their expiry as a label, and {@link ExpiringObjects} finds the expired ones of every workspace
 * with one index range read: a pass costs what has expired, not the number of workspaces, and an idle workspace
 * costs nothing. Each record is deleted through the store with its uid and resourceVersion as preconditions, so
 * watches and revisions see an ordinary deletion. Records of tokens without expiry carry no label and stay. Every
 * server process runs a sweep; two racing for a record are harmless (the loser finds it gone).
 */
public final class TokenRecordSweeper {
    /** A record stays this long past its token's expiry, so a server whose clock runs behind never loses a live token. */
    static final Duration GRACE = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(TokenRecordSweeper.class);
    /** Deletions in flight at once: a backlog (say after a long stop) must not take the whole pool. */
    private static final int PARALLEL = 16;

    private final Store store;
    private final ExpiringObjects expiring;
    private final Clock clock;
    private final PeriodicSweep sweeps;
    /** Records read per query: a backlog (say after a long stop) goes a page at a time. */
    private final int page;

    public TokenRecordSweeper(Vertx vertx, Store store, ExpiringObjects expiring, Clock clock) {
        this(vertx, store, expiring, clock, 500);
    }

    TokenRecordSweeper(Vertx vertx, Store store, ExpiringObjects expiring, Clock clock, int page) {
        this.sweeps = new PeriodicSweep(vertx);
        this.store = store;
        this.expiring = expiring;
        this.clock = clock;
        this.page = page;
    }

    public void start(Duration interval) {
        sweeps.start(Math.max(1, interval.toMillis()), () -> sweep().onSuccess(n -> {
            if (n > 0) {
                LOG.info("deleted the records of {} expired ServiceAccount tokens", n);
            }
        }), LOG, "expired token record sweep");
    }

    public void stop() {
        sweeps.stop();
    }

    /** One pass: deletes every record whose token expired more than the grace period ago; yields how many went. */
    public Future<Integer> sweep() {
        return sweepFrom(0);
    }

    private Future<Integer> sweepFrom(int done) {
        return expiring.expiredBefore(ServiceAccountTokens.RECORD_GROUP, ServiceAccountTokens.RECORD_RESOURCE,
                clock.instant().minus(GRACE), page).compose(found -> deleteAll(found, 0, 0).compose(deleted ->
                // a full page with progress may have more behind it; a page that deleted nothing would only repeat itself
                found.size() == page && deleted > 0 ? sweepFrom(done + deleted) : Future.succeededFuture(done + deleted)));
    }

    private Future<Integer> deleteAll(List<StoredObject> records, int from, int deleted) {
        if (from >= records.size()) {
            return Future.succeededFuture(deleted);
        }
        List<Future<Boolean>> chunk = new ArrayList<>();
        for (StoredObject record : records.subList(from, Math.min(records.size(), from + PARALLEL))) {
            chunk.add(store.delete(record.key(), new Preconditions(record.uid(), record.resourceVersion())).map(gone -> true)
                    .recover(e -> e instanceof StorageException.NotFound || e instanceof StorageException.Conflict
                            ? Future.succeededFuture(false) : Future.failedFuture(e)));
        }
        return Future.all(chunk).compose(all -> {
            int n = deleted;
            for (int i = 0; i < all.size(); i++) {
                n += Boolean.TRUE.equals(all.resultAt(i)) ? 1 : 0;
            }
            return deleteAll(records, from + PARALLEL, n);
        });
    }
}
